"""Staff who manage the census record where a verified resident lives, so a heading limited
to an area admits its residents (budgets.ballots.rules)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import User
from budgets.ballots.services import RESIDENT_AREA_PERMISSION, resident_area_set
from budgets.models import ResidentArea
from consultations.models import Area
from proposals.exceptions import JourneyError

PER_PAGE = 50


class ResidentAreaForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Resident's e-mail address"),
        help_text=gettext_lazy("The account of a verified resident."),
    )
    area = forms.ModelChoiceField(label=gettext_lazy("Area of residence"), queryset=Area.objects)

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if user is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        return user


@require_http_methods(["GET", "POST"])
def resident_areas(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(RESIDENT_AREA_PERMISSION):
        raise PermissionDenied
    form = ResidentAreaForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            resident = form.cleaned_data["email"]
            try:
                resident_area_set(
                    resident=resident, area=form.cleaned_data["area"], staff=request.user
                )
            except JourneyError as exc:
                form.add_error("email", str(exc.message))
            else:
                messages.success(
                    request,
                    _("%(name)s lives in %(area)s.")
                    % {"name": resident.display_name, "area": form.cleaned_data["area"]},
                )
                return redirect(reverse("budget_resident_areas"))
        status = 400
    rows = ResidentArea.objects.select_related("user", "area", "set_by").order_by("-set_at")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "budgets/ballots/admin_resident_areas.html",
        {"form": form, "page_obj": page, "rows": page.object_list},
        status=status,
    )
