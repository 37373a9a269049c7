"""Wagtail loads this module of every app at start-up: the admin of each staff domain lives
in its own home and is registered from there."""

from proposals.moderation import wagtail_hooks as moderation_hooks  # noqa: F401
from proposals.responses import wagtail_hooks as responses_hooks  # noqa: F401
from proposals.staff import wagtail_hooks as staff_hooks  # noqa: F401
