"""Count the budgets whose balloting has closed and that are not counted yet.

Run it every few minutes (cron, or any scheduler); a heading already counted since its
balloting closed is left alone, so running it again counts nothing new. `--enqueue` hands the
work to the task worker instead (with TASKS_BACKEND=database).
"""

from django.core.management.base import BaseCommand

from budgets.tasks import count_budgets


class Command(BaseCommand):
    help = "Count the ballots of every budget whose balloting has closed."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the task for the worker (manage.py db_worker) instead of running it.",
        )

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            result = count_budgets.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        counted = count_budgets.call()
        noun = "heading" if counted == 1 else "headings"
        self.stdout.write(f"{counted} budget {noun} counted.")
