"""Administrators see the suspended accounts in the Wagtail admin and lift a suspension."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .models import Suspension, User
from .services import AccountError, lift_suspension

PER_PAGE = 50


@require_http_methods(["GET", "POST"])
def suspension_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        user = get_object_or_404(User, pk=request.POST.get("user", 0))
        try:
            lift_suspension(user=user, by=request.user, note=request.POST.get("note", ""))
        except AccountError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("%(name)s can contribute again.") % {"name": user.display_name or user.email},
            )
        return redirect(reverse("civic_suspensions"))
    rows = Suspension.objects.filter(lifted_at__isnull=True).select_related("user", "suspended_by")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "accounts/admin/suspensions.html",
        {"page_obj": page, "rows": page.object_list},
    )
