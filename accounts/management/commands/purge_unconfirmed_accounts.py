"""Erase accounts whose e-mail address was not confirmed within UNCONFIRMED_ACCOUNT_DAYS days.

Run it once a day (cron, or any scheduler). `--enqueue` hands the work to the task worker
instead (with TASKS_BACKEND=database), so the scheduler's job returns at once.
"""

from django.conf import settings

from accounts.tasks import purge_unconfirmed_accounts
from civic.commands import TaskCommand


class Command(TaskCommand):
    help = "Erase sign-ups whose e-mail address was not confirmed in time."
    task = purge_unconfirmed_accounts

    def report(self, erased: int) -> str:
        noun = "account" if erased == 1 else "accounts"
        days = settings.UNCONFIRMED_ACCOUNT_DAYS
        return f"{erased} unconfirmed {noun} older than {days} days erased."
