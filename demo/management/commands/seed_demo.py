"""Build the demo municipality. Idempotent: a second run adds nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.context import DemoContext, run_seed


class Command(BaseCommand):
    help = "Seed a realistic demo municipality (English and Persian) with one account per role."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--consultations", type=int, default=6)
        parser.add_argument("--proposals", type=int, default=60)
        parser.add_argument("--citizens", type=int, default=40)
        parser.add_argument("--supports", type=int, default=600)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--password", default="civic-demo")
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on a live site)."
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off; pass --force if this is not a live site."
            )
        for name in ("consultations", "proposals", "citizens", "supports"):
            if options[name] < 0:
                raise CommandError(f"--{name} must be zero or more.")
        ctx = DemoContext(
            consultations=options["consultations"],
            proposals=options["proposals"],
            citizens=options["citizens"],
            supports=options["supports"],
            seed=options["seed"],
            password=options["password"],
            stdout=self.stdout,
        )
        run_seed(ctx)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Demo accounts (password: {ctx.password}):")
        )
        for role, user in ctx.accounts.items():
            self.stdout.write(f"  {role:<10} {user.email}")
