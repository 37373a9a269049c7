"""Wagtail admin of official responses: permission policy, snippet, overdue list, dashboard."""

from wagtail.permissions import register_permission_policy

from ..models import OfficialResponse
from ..permissions import OfficialResponsePermissionPolicy

# Registered first, before any view asks for the model's policy.
register_permission_policy(OfficialResponse, OfficialResponsePermissionPolicy(OfficialResponse))
