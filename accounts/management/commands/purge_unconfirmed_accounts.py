"""Erase accounts whose e-mail address was not confirmed within UNCONFIRMED_ACCOUNT_DAYS days.

Run it once a day (cron, or any scheduler). `--enqueue` hands the work to the task worker
instead (with TASKS_BACKEND=database), so the scheduler's job returns at once.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.tasks import purge_unconfirmed_accounts


class Command(BaseCommand):
    help = "Erase sign-ups whose e-mail address was not confirmed in time."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the task for the worker (manage.py db_worker) instead of running it.",
        )

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            result = purge_unconfirmed_accounts.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        erased = purge_unconfirmed_accounts.call()
        noun = "account" if erased == 1 else "accounts"
        days = settings.UNCONFIRMED_ACCOUNT_DAYS
        self.stdout.write(f"{erased} unconfirmed {noun} older than {days} days erased.")
