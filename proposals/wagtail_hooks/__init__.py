"""Wagtail admin of the staff workflows, one module per area (loaded by Wagtail at start-up)."""

from . import moderation, responses  # noqa: F401
