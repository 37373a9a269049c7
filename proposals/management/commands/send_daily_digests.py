"""E-mail each person who chose the daily digest everything queued for them since the last one.

Run it once a day (cron, or any scheduler): citizens' notices and moderators' "items are
waiting" notices both wait for it when their owner chose the digest. Running it again the same
day sends nothing new. `--enqueue` hands the work to the task worker instead.
"""

from civic.commands import TaskCommand
from proposals.notifications.tasks import send_daily_digests


class Command(TaskCommand):
    help = "Send the daily digest e-mail to everyone with notices queued for it."
    task = send_daily_digests

    def report(self, sent: int) -> str:
        noun = "digest" if sent == 1 else "digests"
        return f"{sent} {noun} sent."
