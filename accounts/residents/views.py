"""The citizen's page: verify once as a resident by matching the census."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from proposals.exceptions import JourneyError
from proposals.rules import is_verified_resident

from .forms import ResidentVerifyForm
from .services import TooManyAttempts, census_factor_kinds, resident_verify


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    context = {"verified": is_verified_resident(request.user)}
    if context["verified"]:
        return TemplateResponse(request, "residents/verify.html", context)
    kinds = census_factor_kinds()
    context["census_loaded"] = bool(kinds)
    if not kinds:
        return TemplateResponse(request, "residents/verify.html", context)
    form = ResidentVerifyForm(request.POST or None, factor_kinds=kinds)
    status, retry_after = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                resident_verify(
                    user=request.user,
                    identifier=form.cleaned_data["identifier"],
                    factor=form.cleaned_data["factor"],
                )
            except TooManyAttempts as exc:
                form.add_error(None, exc.message)
                status, retry_after = exc.status, exc.retry_after
            except JourneyError as exc:
                form.add_error(exc.field, exc.message)
                status = exc.status
            else:
                messages.success(
                    request,
                    _(
                        "You are now a verified resident: you can take part where residence "
                        "is required."
                    ),
                )
                return redirect(reverse("accounts:profile"))
        else:
            status = 400
    context["form"] = form
    response = TemplateResponse(request, "residents/verify.html", context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
