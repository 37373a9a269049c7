"""Background tasks of accounts (django-tasks)."""

from django_tasks import task

from .services import unconfirmed_accounts_purge


@task()
def purge_unconfirmed_accounts() -> int:
    """Run daily: erase sign-ups not confirmed within UNCONFIRMED_ACCOUNT_DAYS days."""
    return unconfirmed_accounts_purge()
