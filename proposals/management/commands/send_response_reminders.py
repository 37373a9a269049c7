"""Remind officials of official responses due in three days and due today.

Run it once a day (cron, or any scheduler); running it again the same day sends nothing new.
`--enqueue` hands the work to the task worker instead (with TASKS_BACKEND=database).
"""

from civic.commands import TaskCommand
from proposals.responses.tasks import send_response_reminders


class Command(TaskCommand):
    help = "Remind officials of official responses due in three days and due today."
    task = send_response_reminders

    def report(self, sent: int) -> str:
        noun = "reminder" if sent == 1 else "reminders"
        return f"{sent} {noun} sent."
