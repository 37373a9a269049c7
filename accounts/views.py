from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .services import profile_update


@login_required
@verified_email_required
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
