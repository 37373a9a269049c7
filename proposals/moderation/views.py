"""Moderation pages: the queue of one consultation, one item, appeals; and the author's appeal.

The same views serve the public site (`/<lang>/moderation/…`, namespace "moderation") and the
Wagtail admin (`/admin/moderation/…`, names "civic_moderation_*"); `admin=True` picks the
admin templates and URL names. Each one checks that the person moderates THIS consultation
(403 otherwise, whatever roles they hold elsewhere) and that the item belongs to it (404
otherwise). Every change is a POST through `proposals.moderation.services`.
"""

import re
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consultations import roles
from consultations.models import ConsultationPage
from proposals.exceptions import JourneyError
from proposals.models import Appeal, AppealState, Comment, Proposal
from proposals.moderation import campaigns as campaign_reads
from proposals.moderation import queries, services
from proposals.moderation.forms import (
    CAMPAIGN_KEY,
    ActionForm,
    AppealDecisionForm,
    AppealForm,
    QueueFilterForm,
    SuspendForm,
)
from proposals.notifications.services import proposal_link
from proposals.queries import page_in_language

PER_PAGE = 25
BULK_MAX = 200
ITEM_KEY = re.compile(r"^(proposal|comment):(\d{1,12})$")
ADMIN_NAMES = {
    "index": "civic_moderation_index",
    "queue": "civic_moderation_queue",
    "bulk": "civic_moderation_bulk",
    "item": "civic_moderation_item",
    "act": "civic_moderation_act",
    "appeal": "civic_moderation_appeal",
}
PUBLIC_NAMES = {key: f"moderation:{key}" for key in ADMIN_NAMES}


# --- helpers ------------------------------------------------------------------------------


def _names(admin: bool) -> dict[str, str]:
    return ADMIN_NAMES if admin else PUBLIC_NAMES


def _template(admin: bool, name: str) -> str:
    return f"moderation/{'admin/' if admin else ''}{name}.html"


def _consultation(request: HttpRequest, consultation_id: int) -> ConsultationPage:
    """The consultation (canonical page) this person moderates, or 403/404."""
    consultation = get_object_or_404(ConsultationPage, pk=consultation_id)
    if consultation.canonical.pk != consultation.pk:
        raise Http404
    if not roles.is_moderator(request.user, consultation):
        raise PermissionDenied
    return consultation


def _login_gate(request: HttpRequest, admin: bool) -> HttpResponse | None:
    if not admin and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _item_of(consultation: ConsultationPage, kind: str, pk: int) -> Proposal | Comment:
    try:
        item = services.load_item(kind, pk)
    except JourneyError as exc:
        raise Http404 from exc
    proposal = item if isinstance(item, Proposal) else item.proposal
    if proposal.consultation_id != consultation.pk:
        raise Http404
    return item


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _base_context(request, consultation, admin: bool) -> dict:
    return {
        "consultation": consultation,
        # Staff read the consultation's title in their own language, like its public pages.
        "consultation_title": page_in_language(consultation).title,
        "names": _names(admin),
        "admin": admin,
        "queue_url": reverse(_names(admin)["queue"], args=[consultation.pk]),
        "index_url": reverse(_names(admin)["index"]),
        "public_url": consultation.url,
    }


def _real_403(view):
    """Wagtail's admin turns PermissionDenied into a redirect home; staff of another
    consultation get a plain 403 page instead, in the admin as on the public site."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            if not kwargs.get("admin"):
                raise
            return render(request, "moderation/admin/forbidden.html", status=403)

    return wrapped


# --- views --------------------------------------------------------------------------------


@_real_403
@require_GET
def index(request: HttpRequest, admin: bool = False) -> HttpResponse:
    """The consultations this person moderates, with what waits in each."""
    if gate := _login_gate(request, admin):
        return gate
    consultations = list(roles.consultations_moderated_by(request.user))
    if not consultations and not admin:
        raise PermissionDenied
    rows = queries.consultation_rows(consultations)
    return render(
        request,
        _template(admin, "index"),
        {
            "rows": rows,
            "names": _names(admin),
            "admin": admin,
            "queue_labels": queries.QUEUE_LABELS,
        },
    )


@_real_403
@require_GET
def queue(request: HttpRequest, consultation_id: int, admin: bool = False) -> HttpResponse:
    if gate := _login_gate(request, admin):
        return gate
    consultation = _consultation(request, consultation_id)
    form = QueueFilterForm(request.GET or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {}) or {}
    current = filters.get("queue") or "pending"
    kind = filters.get("kind") or ""
    reason = filters.get("reason") or ""
    counts = queries.queue_counts([consultation.pk])[consultation.pk]
    campaigns = campaign_reads.consultation_campaigns(consultation)
    campaign_key = filters.get("campaign") or ""
    only = campaign_reads.campaign_items(campaigns, campaign_key) if campaign_key else None
    if campaign_key and only is None:
        campaign_key, only = "", None  # gone meanwhile (decided, or out of the window)
    entries = queries.queue_entries(
        consultation, queue=current, kind=kind, reason=reason, only=only
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list) if current == "appeals" else queries.hydrate(page)
    actions = queries.queue_actions(current)
    context = _base_context(request, consultation, admin)
    context.update(
        {
            "filter_form": form,
            "current": current,
            "current_label": queries.QUEUE_LABELS[current],
            "tabs": [
                {"queue": q, "label": label, "count": counts[q], "current": q == current}
                for q, label in queries.QUEUE_LABELS.items()
            ],
            "kind": kind,
            "reason": reason,
            "page_obj": page,
            "items": items,
            "action_form": (
                ActionForm(actions=actions, auto_id="bulk_%s", choose=True) if actions else None
            ),
            # Actions that need no reason are offered on each row as well (the others need
            # a reason, chosen in the bulk form or on the item's page).
            "row_actions": [action for action in actions if not action.needs_reason],
            "row_reasoned": [action for action in actions if action.needs_reason],
            "bulk_url": reverse(_names(admin)["bulk"], args=[consultation.pk]),
            "campaigns": _campaign_panels(campaigns),
            "campaign_key": campaign_key,
            "campaign_members": {key for c in campaigns for key in c.item_keys},
            "campaign_suffix": f"&campaign={campaign_key}" if campaign_key else "",
            "min_accounts": campaign_reads.min_accounts(),
            "campaign_days": campaign_reads.WINDOW_DAYS,
        }
    )
    return render(request, _template(admin, "queue"), context)


def _campaign_panels(campaigns) -> list[dict]:
    """Each possible campaign with one action form per state its members are in (not the
    actions about reports: a campaign is about what was written, reported or not)."""
    panels = []
    reasons = None  # the reason menu, read once for every form of the page
    for n, campaign in enumerate(campaigns):
        forms = []
        for state, members in campaign.by_state.items():
            actions = [a for a in services.offered_actions(state) if not a.needs_open_reports]
            if not actions:
                continue
            form = ActionForm(actions=actions, auto_id=f"campaign{n}_{state}_%s")
            if "reason" in form.fields:
                if reasons is None:
                    reasons = list(form.fields["reason"].choices)
                form.fields["reason"].choices = reasons
            forms.append(
                {
                    "state": state,
                    "label": members[0].get_state_display(),
                    "members": members,
                    "form": form,
                    "id": f"campaign{n}-{state}",
                }
            )
        panels.append({"campaign": campaign, "forms": forms, "id": f"campaign{n}"})
    return panels


def _parse_items(values: list[str]) -> list[tuple[str, int]]:
    items = []
    for value in dict.fromkeys(values):
        match = ITEM_KEY.match(value)
        if match:
            items.append((match.group(1), int(match.group(2))))
    return items[:BULK_MAX]


@_real_403
@require_POST
def bulk(request: HttpRequest, consultation_id: int, admin: bool = False) -> HttpResponse:
    """One action on the checked items of the queue, each through its service."""
    if gate := _login_gate(request, admin):
        return gate
    consultation = _consultation(request, consultation_id)
    back = _back(request, reverse(_names(admin)["queue"], args=[consultation.pk]))
    items = _parse_items(request.POST.getlist("items"))
    form = ActionForm(request.POST)
    if not items:
        messages.error(request, _("Tick at least one item, then choose an action."))
        return redirect(back)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    campaign = request.POST.get("campaign", "")
    result = services.bulk_moderate(
        consultation=consultation,
        moderator=request.user,
        action=form.cleaned_data["action"],
        items=items,
        text=form.cleaned_data["text"],
        template=form.cleaned_data.get("reason"),
        campaign=campaign if re.match(CAMPAIGN_KEY, campaign) else "",
    )
    if result.done:
        messages.success(
            request,
            ngettext(
                "%(action)s: done for %(count)d item.",
                "%(action)s: done for %(count)d items.",
                len(result.done),
            )
            % {
                "action": services.ACTIONS[form.cleaned_data["action"]].label,
                "count": len(result.done),
            },
        )
    for kind, pk, message in result.refused:
        label = _("Proposal") if kind == services.PROPOSAL else _("Comment")
        messages.error(request, f"{label} {pk}: {message}")
    return redirect(back)


@_real_403
@require_GET
def item(
    request: HttpRequest, consultation_id: int, kind: str, pk: int, admin: bool = False
) -> HttpResponse:
    """One proposal or comment with its full content (moderators only), history and actions."""
    if gate := _login_gate(request, admin):
        return gate
    consultation = _consultation(request, consultation_id)
    target = _item_of(consultation, kind, pk)
    return _render_item(request, consultation, target, kind, admin, None)


def _render_item(request, consultation, target, kind, admin, form, status=200):
    if form is None:
        actions = services.offered_actions(target.state)
        form = ActionForm(actions=actions) if actions else None
    context = _base_context(request, consultation, admin)
    history = queries.item_history(target)
    context.update(
        {
            "item": target,
            "kind": kind,
            "proposal": target if kind == services.PROPOSAL else target.proposal,
            "history": history,
            "open_reports": [r for r in history["reports"] if r.resolved_at is None],
            "pending_appeal": next(
                (a for a in history["appeals"] if a.state == AppealState.PENDING), None
            ),
            "action_form": form,
            "act_url": reverse(_names(admin)["act"], args=[consultation.pk, kind, target.pk]),
            "public_item_url": proposal_link(
                target if kind == services.PROPOSAL else target.proposal
            ),
        }
    )
    return render(request, _template(admin, "item"), context, status=status)


@_real_403
@require_POST
def act(
    request: HttpRequest, consultation_id: int, kind: str, pk: int, admin: bool = False
) -> HttpResponse:
    if gate := _login_gate(request, admin):
        return gate
    consultation = _consultation(request, consultation_id)
    target = _item_of(consultation, kind, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.moderate(
                item=target,
                moderator=request.user,
                action=form.cleaned_data["action"],
                text=form.cleaned_data["text"],
                template=form.cleaned_data.get("reason"),
            )
        except JourneyError as exc:
            form.add_error(None, str(exc.message))
            return _render_item(request, consultation, target, kind, admin, form, exc.status)
        done = _("%(action)s: done.") % {
            "action": services.ACTIONS[form.cleaned_data["action"]].label
        }
        if request.POST.get("next"):  # acted from a queue row: back to that queue
            messages.success(request, done)
            return redirect(_back(request, reverse(_names(admin)["queue"], args=[consultation.pk])))
        # From the item's own page, go on to the next item that waits.
        following = queries.next_waiting(consultation, after=(kind, target.pk))
        if following is None:
            nothing = _("Nothing else waits for a moderator.")
            messages.success(request, f"{done} {nothing}")
            return redirect(reverse(_names(admin)["queue"], args=[consultation.pk]))
        going_on = _("Here is the next item waiting.")
        messages.success(request, f"{done} {going_on}")
        return redirect(reverse(_names(admin)["item"], args=[consultation.pk, *following]))
    return _render_item(request, consultation, target, kind, admin, form, 400)


@_real_403
@require_http_methods(["GET", "POST"])
def appeal(
    request: HttpRequest, consultation_id: int, pk: int, admin: bool = False
) -> HttpResponse:
    """A moderator (not the one who decided first) upholds or overturns an appeal."""
    if gate := _login_gate(request, admin):
        return gate
    consultation = _consultation(request, consultation_id)
    appeal_row = get_object_or_404(
        Appeal.objects.select_related(
            "author", "proposal", "comment__proposal", "appealed_decision__moderator", "decided_by"
        ),
        pk=pk,
        consultation_id=consultation.pk,
    )
    first_moderator = appeal_row.appealed_decision.moderator_id
    same_moderator = first_moderator is not None and first_moderator == request.user.pk
    form = AppealDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_decide(
                appeal=appeal_row,
                moderator=request.user,
                overturn=form.cleaned_data["outcome"] == "overturn",
                text=form.cleaned_data["text"],
            )
        except JourneyError as exc:
            form.add_error(None, str(exc.message))
            status = exc.status
        else:
            messages.success(request, _("The appeal is decided and the author is told."))
            return redirect(
                reverse(_names(admin)["queue"], args=[consultation.pk]) + "?queue=appeals"
            )
    elif request.method == "POST":
        status = 400
    target = appeal_row.item
    kind = services.PROPOSAL if appeal_row.proposal_id else services.COMMENT
    context = _base_context(request, consultation, admin)
    context.update(
        {
            "appeal": appeal_row,
            "item": target,
            "kind": kind,
            "proposal": target if kind == services.PROPOSAL else target.proposal,
            "same_moderator": same_moderator,
            "form": form,
            "item_url": reverse(_names(admin)["item"], args=[consultation.pk, kind, target.pk]),
        }
    )
    return render(request, _template(admin, "appeal"), context, status=status)


@require_http_methods(["GET", "POST"])
def suspend(request: HttpRequest, consultation_id: int, user_id: int) -> HttpResponse:
    """A moderator suspends the author of contributions to this consultation, optionally
    hiding those contributions in the same step (a confirmation page without JavaScript)."""
    if gate := _login_gate(request, False):
        return gate
    consultation = _consultation(request, consultation_id)
    from accounts.models import User
    from accounts.services import active_suspension

    author = get_object_or_404(User, pk=user_id)
    if not services.has_contributed(author, consultation):
        raise Http404
    published = services.authored_here(author, consultation)
    form = SuspendForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _suspension, result = services.suspend_author(
                consultation=consultation,
                moderator=request.user,
                author=author,
                reason=form.cleaned_data["reason"],
                hide=form.cleaned_data["hide"],
                template=form.cleaned_data.get("template"),
            )
        except JourneyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            status = exc.status
        else:
            message = _("%(name)s's account is suspended.") % {"name": author.display_name}
            if result is not None:
                message += " " + ngettext(
                    "%(count)d contribution was hidden.",
                    "%(count)d contributions were hidden.",
                    len(result.done),
                ) % {"count": len(result.done)}
            messages.success(request, message)
            return redirect(reverse("moderation:queue", args=[consultation.pk]))
    elif request.method == "POST":
        status = 400
    context = _base_context(request, consultation, False)
    context.update(
        {
            "author": author,
            "form": form,
            "suspension": active_suspension(author),
            "published_proposals": len(published[services.PROPOSAL]),
            "published_comments": len(published[services.COMMENT]),
        }
    )
    return render(request, "moderation/suspend.html", context, status=status)


# --- the author's side ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def appeal_file(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The author of a rejected or hidden proposal or comment appeals, once."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        target = services.load_item(kind, pk)
    except JourneyError as exc:
        raise Http404 from exc
    if target.author_id != request.user.pk:
        raise Http404
    proposal = target if kind == services.PROPOSAL else target.proposal
    back = proposal_link(proposal)
    existing = Appeal.objects.filter(**{kind: target}).first()
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_file(author=request.user, item=target, text=form.cleaned_data["text"])
        except JourneyError as exc:
            form.add_error("text" if exc.field == "text" else None, str(exc.message))
            status = exc.status
        else:
            messages.success(
                request, _("Your appeal was sent. Another moderator will decide on it.")
            )
            return redirect(back)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "moderation/appeal_file.html",
        {
            "item": target,
            "kind": kind,
            "proposal": proposal,
            "form": form,
            "existing": existing,
            "can_appeal": services.can_appeal(request.user, target),
            "back_url": back,
        },
        status=status,
    )
