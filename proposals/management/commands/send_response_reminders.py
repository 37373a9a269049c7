"""Remind officials of official responses due in three days and due today.

Run it once a day (cron, or any scheduler); running it again the same day sends nothing new.
"""

from django.core.management.base import BaseCommand

from proposals.responses.services import send_reminders


class Command(BaseCommand):
    help = "Remind officials of official responses due in three days and due today."

    def handle(self, *args, **options) -> None:
        sent = send_reminders()
        noun = "reminder" if sent == 1 else "reminders"
        self.stdout.write(f"{sent} {noun} sent.")
