"""Wagtail admin of participatory budgets: each part registers its own hooks."""

from budgets.ballots import wagtail_hooks as ballots_hooks  # noqa: F401
from budgets.results import wagtail_hooks as results_hooks  # noqa: F401
from budgets.review import wagtail_hooks as review_hooks  # noqa: F401
