"""Wagtail admin of participatory budgets: each part registers its own hooks."""

from budgets.review import wagtail_hooks as review_hooks  # noqa: F401
