"""Background tasks of budgets (django-tasks)."""

from django_tasks import task

from .results.services import count_closed


@task()
def count_budgets() -> int:
    """Count every heading of the budgets whose balloting closed and that is not counted
    since (run it every few minutes: `manage.py count_budgets`)."""
    return count_closed()
