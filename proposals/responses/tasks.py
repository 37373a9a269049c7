"""Background tasks of the staff workflows (django-tasks)."""

from django_tasks import task

from proposals.responses.services import send_reminders


@task()
def send_response_reminders() -> int:
    """Run daily: remind officials of responses due in three days and due today."""
    return send_reminders()
