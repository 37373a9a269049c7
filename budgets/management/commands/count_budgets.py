"""Count the budgets whose balloting has closed and that are not counted yet.

Run it every few minutes (cron, or any scheduler); a heading already counted since its
balloting closed is left alone, so running it again counts nothing new. `--enqueue` hands the
work to the task worker instead (with TASKS_BACKEND=database).
"""

from budgets.tasks import count_budgets
from civic.commands import TaskCommand


class Command(TaskCommand):
    help = "Count the ballots of every budget whose balloting has closed."
    task = count_budgets

    def report(self, counted: int) -> str:
        noun = "heading" if counted == 1 else "headings"
        return f"{counted} budget {noun} counted."
