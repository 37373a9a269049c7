"""A management command that runs one background task now, or queues it for the worker.

Scheduled jobs (cron or any scheduler) call such a command; `--enqueue` hands the work to the
task worker instead (with TASKS_BACKEND=database), so the scheduler's job returns at once.
"""

from django.core.management.base import BaseCommand


class TaskCommand(BaseCommand):
    """Subclasses name the `task` and say what its result means in `report`."""

    task = None

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the task for the worker (manage.py db_worker) instead of running it.",
        )

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            result = self.task.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        self.stdout.write(self.report(self.task.call()))

    def report(self, result) -> str:
        raise NotImplementedError
