"""The demo municipality: a shared context handed to each app's seeding step, in order."""

import random
from dataclasses import dataclass, field
from importlib import import_module

# Each app's demo module exposes `seed(ctx: DemoContext) -> None`; order matters.
SEED_STEPS = [
    "demo.steps.accounts",
    "demo.steps.consultations",
    "demo.steps.proposals",
    "demo.steps.moderation",
    "demo.steps.campaigns",
    "demo.steps.responses",
    "demo.steps.budgets",
]


@dataclass
class DemoContext:
    consultations: int
    proposals: int
    citizens: int
    supports: int
    seed: int
    password: str
    stdout: object
    rng: random.Random = field(init=False)
    accounts: dict = field(default_factory=dict)
    created: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def log(self, message: str) -> None:
        self.stdout.write(message)


def run_seed(ctx: DemoContext) -> None:
    """Every step in order. The notices the steps' services write are the demo's history:
    they reach the inboxes, and no e-mail goes out for them (at city scale, tens of thousands
    of messages to invented residents)."""
    from proposals.notifications.services import inbox_only_notices

    with inbox_only_notices():
        for dotted in SEED_STEPS:
            import_module(dotted).seed(ctx)
