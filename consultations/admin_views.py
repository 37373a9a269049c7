"""Staff screen in the Wagtail admin: who moderates and who answers one consultation."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import GrantRoleForm
from .models import ConsultationPage
from .roles import Role, RoleError, grant_role, revoke_role, staff_roles


def can_manage_roles(user, consultation: ConsultationPage) -> bool:
    """Superusers, and people who may edit or publish the consultation page."""
    if user.is_superuser:
        return True
    permissions = consultation.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_publish()


@require_http_methods(["GET", "POST"])
def consultation_roles(request: HttpRequest, page_id: int) -> HttpResponse:
    shown = get_object_or_404(ConsultationPage, pk=page_id)
    consultation = shown.canonical
    if not can_manage_roles(request.user, consultation):
        raise PermissionDenied
    url = reverse("consultation_roles", args=[consultation.pk])
    form = GrantRoleForm()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            user = get_object_or_404(get_user_model(), pk=request.POST.get("user"))
            role = request.POST.get("role", "")
            try:
                revoke_role(
                    consultation=consultation, user=user, role=role, revoked_by=request.user
                )
            except RoleError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("%(user)s no longer has the role %(role)s.")
                    % {"user": user.email, "role": Role(role).label},
                )
            return redirect(url)
        form = GrantRoleForm(request.POST)
        if form.is_valid():
            user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
            if user is None:
                form.add_error("email", _("No account has this e-mail address."))
            else:
                role = Role(form.cleaned_data["role"])
                try:
                    changed = grant_role(
                        consultation=consultation, user=user, role=role, granted_by=request.user
                    )
                except RoleError as exc:
                    form.add_error("email", str(exc))
                else:
                    if changed:
                        messages.success(
                            request,
                            _("%(user)s is now %(role)s of this consultation.")
                            % {"user": user.email, "role": role.label},
                        )
                    else:
                        messages.info(request, _("They already had this role."))
                    return redirect(url)
    return TemplateResponse(
        request,
        "consultations/admin/roles.html",
        {
            "consultation": consultation,
            "roles": staff_roles(consultation),
            "form": form,
            "page_title": _("Staff of “%(title)s”") % {"title": consultation.title},
            "header_icon": "group",
        },
    )
