import json

from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .forms import AccountDeleteForm, ProfileForm
from .queries import personal_data
from .services import AccountError, account_delete, profile_update


@login_required
@verified_email_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """Display name, language and notification choices of the signed-in person."""
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user = profile_update(user=request.user, **form.cleaned_data)
            # Answer in the language just chosen, and remember it for pages without a prefix.
            with translation.override(user.language):
                messages.success(request, _("Your profile has been saved."))
                response = redirect(reverse("accounts:profile"))
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=365 * 24 * 60 * 60,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
            return response
    else:
        form = ProfileForm(instance=request.user)
    return render(request, "accounts/profile.html", {"form": form})


@never_cache
@login_required
@require_GET
def data_export(request: HttpRequest) -> HttpResponse:
    """Everything Civic holds about the signed-in person, as a JSON download."""
    data = personal_data(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"civic-personal-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """A confirmation page: what deletion keeps and erases, and the password to go ahead."""
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(user=request.user, password=form.cleaned_data["password"])
        except AccountError as error:
            form.add_error(error.field, error.message)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect(f"/{translation.get_language() or settings.LANGUAGE_CODE}/")
    return render(request, "accounts/delete.html", {"form": form})
