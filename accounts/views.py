import json

from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from proposals import rules
from proposals.queries import (
    my_comments,
    my_follows,
    my_proposals,
    my_supported_proposals,
    pages_in_language,
    support_groups,
)

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


# Each section of "My activity" shows its first rows; "show all" pages through one section.
ACTIVITY_PREVIEW = 5
ACTIVITY_PER_PAGE = 50
ACTIVITY_SECTIONS = ("proposals", "supports", "follows", "comments")


def _section(request: HttpRequest, name: str, queryset) -> Page:
    if request.GET.get("show") == name:
        return Paginator(queryset, ACTIVITY_PER_PAGE).get_page(request.GET.get("page"))
    return Paginator(queryset, ACTIVITY_PREVIEW).get_page(1)


@never_cache
@login_required
@verified_email_required
@require_GET
def activity(request: HttpRequest) -> HttpResponse:
    """The signed-in person's proposals, supports, follows and comments, with what they may
    still do about each (asked of proposals/rules.py)."""
    user = request.user
    now = timezone.now()
    shown = request.GET.get("show", "")
    proposals = _section(request, "proposals", my_proposals(user))
    supported = _section(request, "supports", my_supported_proposals(user))
    follows = _section(request, "follows", my_follows(user))
    comments = _section(request, "comments", my_comments(user))
    groups = support_groups(user, supported.object_list)
    consultations = [p.consultation for p in proposals.object_list]
    consultations += [group.consultation for group in groups]
    for follow in follows.object_list:
        consultations.append(follow.consultation or follow.proposal.consultation)
    pages = pages_in_language(consultations)
    for group in groups:
        group.page = pages[group.consultation.pk]
        for proposal in group.proposals:
            actions = rules.proposal_actions(user, proposal, supported=True, left=None, now=now)
            proposal.may_withdraw_support = actions.withdraw_support.allowed
    for proposal in proposals.object_list:
        proposal.page = pages[proposal.consultation_id]
        proposal.may_edit = rules.can_edit(user, proposal, now=now)
    for follow in follows.object_list:
        follow.page = pages[follow.consultation_id or follow.proposal.consultation_id]
    return render(
        request,
        "accounts/activity.html",
        {
            "proposals": proposals,
            "supported": supported,
            "groups": groups,
            "follows": follows,
            "comments": comments,
            "shown": shown if shown in ACTIVITY_SECTIONS else "",
            "here": request.get_full_path(),
        },
    )
