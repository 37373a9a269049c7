"""Wagtail admin hooks of budgets: each part registers its own."""

from budgets.results import wagtail_hooks as results_hooks  # noqa: F401
