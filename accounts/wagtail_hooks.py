"""Wagtail loads this module of every app at start-up; the census admin lives with residents."""

from accounts.residents import wagtail_hooks as residents_hooks  # noqa: F401
