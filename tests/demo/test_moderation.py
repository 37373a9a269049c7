"""The moderation demo step leaves an example of every state, and only once."""

import io

import pytest

from demo.context import DemoContext
from demo.steps import moderation as moderation_demo
from proposals.models import Appeal, Comment, ModerationDecision, Proposal
from tests.factories import UserFactory, grant_role, make_consultation

pytestmark = pytest.mark.django_db


def context(**accounts):
    ctx = DemoContext(
        consultations=1, proposals=0, citizens=10, supports=0, seed=1, password="x",
        stdout=io.StringIO(),
    )  # fmt: skip
    ctx.accounts.update(accounts)
    ctx.created["citizens"] = [UserFactory() for _ in range(10)]
    return ctx


def test_seed_makes_every_state_once():
    consultation = make_consultation(phase="collecting", auto_hide_reports=3)
    moderator = UserFactory()
    grant_role(moderator, "moderator", consultation)
    admin = UserFactory(is_superuser=True, is_staff=True)
    ctx = context(moderator=moderator, admin=admin)
    moderation_demo.seed(ctx)
    states = set(Proposal.objects.filter(consultation=consultation).values_list("state", flat=True))
    assert states == {"pending", "published", "hidden", "rejected"}
    auto = ModerationDecision.objects.filter(moderator=None, reason="auto_hidden")
    assert auto.count() == 1
    assert set(Appeal.objects.values_list("state", flat=True)) == {"pending", "overturned"}
    decided = Appeal.objects.get(state="overturned")
    assert decided.decided_by == admin != decided.appealed_decision.moderator
    assert set(Comment.objects.values_list("state", flat=True)) == {"pending", "hidden"}
    counts = (Proposal.objects.count(), ModerationDecision.objects.count(), Appeal.objects.count())
    moderation_demo.seed(context(moderator=moderator, admin=admin))
    assert counts == (
        Proposal.objects.count(),
        ModerationDecision.objects.count(),
        Appeal.objects.count(),
    )
