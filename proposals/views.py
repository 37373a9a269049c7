"""Public pages of the citizen journey: thin views over services.py, queries.py and rules.py.

Each view parses input, calls one service and redirects (POST-redirect-GET) or renders. A
refusal (`JourneyError`) is shown as a form error or a notice, with the error's HTTP status,
and changes nothing. What a page offers comes from `rules.proposal_actions`, so a button shown
and the service behind it agree. Actions work without JavaScript; with it, supporting returns the
re-rendered support widget (requests marked `X-Requested-With: fetch`).
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civic import routing
from civic.fragments import Fragments
from consultations.models import sorted_by_display_name
from consultations.pagecache import consultation_page

from . import rules, services, submissions
from .cards import card_key, filters_key, map_key, pages_key
from .exceptions import AlreadyDone, JourneyError, LoginRequired
from .forms import (
    CommentForm,
    ProposalEditForm,
    ProposalFilterForm,
    ProposalForm,
    ReportForm,
    show_error,
)
from .models import Comment, Follow, ModerationState, Proposal
from .models.proposals import TITLE_MAX
from .queries import (
    RANDOM_PRIME,
    comment_page_number,
    comment_threads,
    is_public,
    located,
    page_in_language,
    proposal_for_support,
    proposals_for,
    reader_reports,
    reader_supports,
    similar,
)
from .queries import consultation_for_slug as _consultation_or_none
from .queries import proposal_for_page as _proposal_or_none

PER_PAGE = 12
COMMENTS_PER_PAGE = 20
SEED_MAX_AGE = 60 * 60 * 24 * 30
SEED_COOKIE = "civic_order_seed"


# --- helpers ------------------------------------------------------------------------------


def visitor_seed(request: HttpRequest) -> tuple[int, bool]:
    """The visitor's order seed from their cookie; (seed, True) when a new one must be set."""
    raw = request.COOKIES.get(SEED_COOKIE, "")
    if raw.isdigit() and 2 <= int(raw) < RANDOM_PRIME:
        return int(raw), False
    return secrets.randbelow(RANDOM_PRIME - 2) + 2, True


def consultation_for_slug(slug: str):
    """The live consultation page with this slug in the reader's language, or 404."""
    page = _consultation_or_none(slug)
    if page is None:
        raise Http404
    return page


# "Not known by the caller: read it."
_UNKNOWN = object()


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _detail_url(proposal: Proposal, anchor: str = "", *, page: int = 1) -> str:
    url = reverse("proposals:detail", kwargs={"pk": proposal.pk})
    if page > 1:
        url = f"{url}?page={page}"
    return f"{url}#{anchor}" if anchor else url


def _comment_url(comment: Comment) -> str:
    """The proposal page that holds the comment (or reply), at the comment."""
    page = comment_page_number(comment, COMMENTS_PER_PAGE)
    return _detail_url(comment.proposal, f"comment-{comment.pk}", page=page)


def _crumbs(page, *extra: tuple[str, str], proposals: bool = True) -> list[tuple[str, str]]:
    """Breadcrumb from the consultation index down to the consultation (and its proposals).
    The index's title and address come from the routing cache (no query once read)."""
    ancestors = routing.page_links(None, page).crumbs
    if ancestors:
        parent = ancestors[-1]
    else:
        parent_page = page.get_parent()
        parent = (parent_page.title, parent_page.url)
    crumbs = [parent, (page.title, page.url)]
    if proposals:
        crumbs.append((_("Proposals"), reverse("proposals:list", kwargs={"slug": page.slug})))
    return [*crumbs, *extra]


def _map_settings() -> dict:
    return {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


def _refused(request: HttpRequest, exc: JourneyError, *, back_url: str = "") -> HttpResponse:
    """A page explaining a refusal, with the refusal's HTTP status."""
    user = request.user
    unverified = isinstance(exc, LoginRequired) and user.is_authenticated
    return render(
        request,
        "proposals/refused.html",
        {"message": exc.message, "unverified": unverified, "back_url": back_url},
        status=exc.status,
    )


def _citizen_gate(request: HttpRequest, next_url: str = "") -> HttpResponse | None:
    """Visitors go to the login page (back here after); unverified accounts get told why."""
    if not request.user.is_authenticated:
        return redirect_to_login(next_url or request.get_full_path())
    if not rules.is_citizen(request.user):
        return _refused(request, LoginRequired(), back_url=next_url)
    return None


def _visible_proposal(request: HttpRequest, pk: int, load=_proposal_or_none) -> Proposal:
    """A proposal a reader may open: its consultation is live; pending ones for the author.
    `load` reads it (by default as its page shows it)."""
    proposal = load(pk)
    if proposal is None or not rules.is_visible(proposal.consultation):
        raise Http404
    if proposal.state == ModerationState.PENDING and proposal.author_id != request.user.pk:
        raise Http404
    return proposal


# --- lists --------------------------------------------------------------------------------


@require_GET
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    page = consultation_for_slug(slug)
    consultation = page.canonical
    # The topics of the default-language page: the concepts its proposals carry, which a
    # translation shows by their names in its language.
    topics = list(consultation.topics.all())
    areas = list(consultation.areas.all())
    form = ProposalFilterForm(request.GET or None, topics=topics, areas=areas)
    filters = form.filters()
    # The seed (and its cookie) only where the order is random; sorted lists are the same for
    # every visitor without a session, so they are public pages.
    shuffled = filters.sort == "random"
    seed, new_seed = visitor_seed(request) if shuffled else (0, False)
    if not shuffled:
        consultation_page(request, consultation)
    queryset = proposals_for(consultation, filters, seed=seed)
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    proposals = list(page_obj.object_list)
    # One query for the reader's supports and whether they are a citizen (the cards need both).
    supported = reader_supports(request.user, [p.pk for p in proposals])
    now = timezone.now()
    user = request.user
    voting = consultation.schedule.is_voting(now)
    citizen = rules.is_citizen(user)
    left = services.supports_left(user, consultation) if citizen and voting else None
    actions = {}
    cards = []
    for proposal in proposals:
        proposal.consultation = consultation  # the page's own, not one query per card
        mine = proposal.pk in supported
        actions[proposal.pk] = rules.proposal_actions(
            user, proposal, supported=mine, left=left, now=now
        )
        cards.append(
            (
                proposal,
                actions[proposal.pk],
                card_key(proposal, actions[proposal.pk], supported=mine),
            )
        )
    shown_on_map = located(proposals) if filters.state == ModerationState.PUBLISHED else []
    keys = {
        "filter_key": filters_key(request, topics, areas),
        "pages_key": pages_key(request, page_obj),
        "map_key": map_key(shown_on_map),
    }
    # The cards, filters, page links and map as cached, in one read; the missing ones are
    # stored after rendering.
    parts = Fragments([*keys.values(), *(key for _proposal, _actions, key in cards)])
    response = render(
        request,
        "proposals/list.html",
        {
            "page": page,
            "consultation": consultation,
            "form": form,
            "filters": filters,
            "narrowed": filters.narrowed,
            "page_obj": page_obj,
            "proposals": proposals,
            "supported": supported,
            "actions": actions,
            "cards": cards,
            "fragments": parts,
            **keys,
            "located": shown_on_map,
            "phase": consultation.phase_at(now),
            "submit": rules.submit_verdict(user, consultation, now=now),
            "new_url": reverse("proposals:create", kwargs={"slug": page.slug}),
            "feed_url": reverse("proposals:feed", kwargs={"slug": page.slug}),
            "crumbs": _crumbs(page, proposals=False),
            **_map_settings(),
        },
    )
    parts.save()
    if new_seed:
        response.set_cookie(SEED_COOKIE, str(seed), max_age=SEED_MAX_AGE, samesite="Lax")
    return response


@require_GET
def similar_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    page = consultation_for_slug(slug)
    title = request.GET.get("title", "")[:TITLE_MAX]
    return render(
        request,
        "proposals/includes/similar.html",
        {"similar": similar(page, title), "title": title, "checked": bool(title.strip())},
    )


# --- proposing ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    page = consultation_for_slug(slug)
    consultation = page.canonical
    list_url = reverse("proposals:list", kwargs={"slug": page.slug})
    gate = _citizen_gate(request)
    if gate:
        return gate
    try:
        rules.check_can_submit(request.user, consultation)
    except JourneyError as exc:
        return _refused(request, exc, back_url=list_url)

    similar_list, checked = [], False
    if request.method == "POST":
        if "check_similar" in request.POST:
            # Without JavaScript: show similar proposals, keep what was typed, save nothing.
            initial = {name: request.POST.get(name, "") for name in ProposalForm.base_fields}
            initial["topics"] = request.POST.getlist("topics")
            form = ProposalForm(consultation=consultation, initial=initial)
            similar_list, checked = similar(page, request.POST.get("title", "")), True
            return _proposal_form(request, page, form, similar_list, checked, status=200)
        form = ProposalForm(request.POST, request.FILES, consultation=consultation)
        if form.is_valid():
            claim = submissions.claim("proposal", request.user.pk, form.cleaned_data["token"])
            if not claim.fresh:
                return _already_sent(request, claim, list_url)
            try:
                with claim:
                    proposal = services.proposal_submit(
                        author=request.user, consultation=consultation, **form.service_kwargs()
                    )
            except JourneyError as exc:
                claim.release()
                show_error(form, exc)
            else:
                claim.done(proposal.pk)
                if proposal.state == ModerationState.PENDING:
                    messages.success(
                        request,
                        _(
                            "Thank you! Your proposal is awaiting moderation. It will be "
                            "public once a moderator has published it."
                        ),
                    )
                else:
                    messages.success(request, _("Thank you! Your proposal is published."))
                return redirect(_detail_url(proposal), permanent=False)
        status = 400
    else:
        form = ProposalForm(consultation=consultation, initial={"token": submissions.new_token()})
        status = 200
    return _proposal_form(request, page, form, similar_list, checked, status=status)


def _proposal_form(request, page, form, similar_list, checked, *, status: int) -> HttpResponse:
    if not form.data.get("token") and "token" in form.fields:
        form.initial.setdefault("token", submissions.new_token())
    return render(
        request,
        "proposals/form.html",
        {
            "page": page,
            "consultation": page.canonical,
            "form": form,
            "similar": similar_list,
            "checked": checked,
            "editing": False,
            "similar_url": reverse("proposals:similar", kwargs={"slug": page.slug}),
            "list_url": reverse("proposals:list", kwargs={"slug": page.slug}),
            "moderation": page.canonical.moderation,
            "crumbs": _crumbs(page),
            **_map_settings(),
        },
        status=status,
    )


def _already_sent(request: HttpRequest, claim, fallback_url: str) -> HttpResponse:
    """A second POST of the same form: nothing is written again."""
    previous = claim.previous
    if previous and previous.isdigit():
        messages.info(request, _("This form was already sent; nothing was sent twice."))
        proposal = Proposal.objects.filter(pk=int(previous)).only("pk").first()
        if proposal is not None:
            return redirect(_detail_url(proposal))
    messages.info(request, _("This form is already being sent; nothing was sent twice."))
    return redirect(fallback_url)


@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    gate = _citizen_gate(request)
    if gate:
        return gate
    try:
        rules.check_can_edit(request.user, proposal)
    except JourneyError as exc:
        return _refused(request, exc, back_url=_detail_url(proposal))
    if request.method == "POST":
        form = ProposalEditForm(request.POST, request.FILES, proposal=proposal)
        if form.is_valid():
            try:
                services.proposal_edit(
                    proposal=proposal, editor=request.user, **form.service_kwargs()
                )
            except JourneyError as exc:
                show_error(form, exc)
            else:
                messages.success(request, _("Your changes are saved; the page shows the edit."))
                return redirect(_detail_url(proposal))
        status = 400
    else:
        form = ProposalEditForm(proposal=proposal, initial=ProposalEditForm.initial_for(proposal))
        status = 200
    page = page_in_language(proposal.consultation)
    return render(
        request,
        "proposals/form.html",
        {
            "page": page,
            "consultation": proposal.consultation,
            "proposal": proposal,
            "form": form,
            "editing": True,
            "similar": [],
            "list_url": reverse("proposals:list", kwargs={"slug": page.slug}),
            "moderation": proposal.consultation.moderation,
            "crumbs": _crumbs(page),
            **_map_settings(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: a page that asks to confirm (works without JavaScript); POST: withdraw."""
    proposal = _visible_proposal(request, pk)
    gate = _citizen_gate(request, _detail_url(proposal))
    if gate:
        return gate
    if request.method == "GET":
        try:
            rules.check_can_withdraw(request.user, proposal)
        except JourneyError as exc:
            return _refused(request, exc, back_url=_detail_url(proposal))
        page = page_in_language(proposal.consultation)
        return render(
            request,
            "proposals/withdraw.html",
            {
                "page": page,
                "proposal": proposal,
                "back_url": _detail_url(proposal),
                "crumbs": _crumbs(page, (proposal.title, _detail_url(proposal))),
            },
        )
    try:
        services.proposal_withdraw(proposal=proposal, author=request.user)
    except JourneyError as exc:
        return _detail_refused(request, proposal, exc)
    messages.success(request, _("Your proposal is withdrawn. It stays visible as withdrawn."))
    return redirect(_detail_url(proposal))


# --- the proposal page --------------------------------------------------------------------


def _support_context(
    request: HttpRequest,
    proposal: Proposal,
    actions: rules.ProposalActions,
    supported: bool,
    left: int | None,
    *,
    now=None,
) -> dict:
    """The support widget's context, its keys prefixed `support_`."""
    consultation = proposal.consultation
    now = now or timezone.now()
    voting = consultation.schedule.is_voting(now)
    context = {
        "proposal": proposal,
        "voting": voting,
        "voting_upcoming": now < consultation.voting_open,
        "voting_open_at": consultation.voting_open,
        "voting_close_at": consultation.voting_close,
        "is_citizen": rules.is_citizen(request.user),
        "supported": supported,
        "supports_left": left,
        "action": actions.support,
        "withdraw": actions.withdraw_support,
        "login_url": f"{reverse('account_login')}?next={_detail_url(proposal)}",
    }
    return {f"support_{key}": value for key, value in context.items()}


def _actions_for(
    request: HttpRequest,
    proposal: Proposal,
    now,
    *,
    supported: bool | None = None,
    left: "int | object | None" = _UNKNOWN,
) -> tuple[rules.ProposalActions, bool, int | None]:
    """What the person may do with the proposal, whether they support it, and their supports
    left (None: no limit); the last two are read unless the caller knows them."""
    user = request.user
    citizen = rules.is_citizen(user)
    if supported is None:
        supported = bool(citizen and services.supported_ids(user, [proposal.pk]))
    voting = proposal.consultation.schedule.is_voting(now)
    if not (citizen and voting):
        left = None
    elif left is _UNKNOWN:
        left = services.supports_left(user, proposal.consultation)
    actions = rules.proposal_actions(user, proposal, supported=supported, left=left, now=now)
    return actions, supported, left


def _render_detail(
    request: HttpRequest,
    proposal: Proposal,
    *,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    consultation = proposal.consultation
    now = timezone.now()
    page = page_in_language(consultation)
    comments_page = Paginator(comment_threads(proposal), COMMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    threads = list(comments_page.object_list)
    shown = [c for thread in threads for c in (thread, *thread.replies.all())]
    reported = reader_reports(user, proposal.pk, [c.pk for c in shown])
    for item in shown:
        item.reported_at = reported.comment(item.pk)
    citizen = rules.is_citizen(user)
    actions, supported, left = _actions_for(request, proposal, now)
    versions = list(proposal.versions.order_by("number").select_related("area"))
    following = bool(
        user.is_authenticated and Follow.objects.filter(follower=user, proposal=proposal).exists()
    )
    is_author = user.is_authenticated and proposal.author_id == user.pk
    context = {
        "page": page,
        "consultation": consultation,
        "consultation_url": page.url,
        "proposal": proposal,
        "topics": sorted_by_display_name(proposal.topics.all()),
        "versions": versions,
        "edited": proposal.edited_at is not None or len(versions) > 1,
        "comments_page": comments_page,
        "threads": threads,
        "comment_form": comment_form or CommentForm(initial={"token": submissions.new_token()}),
        "reply_token": submissions.new_token(),
        "actions": actions,
        "reported_at": reported.proposal,
        # Comments are reported under the same rule as the proposal (their state aside).
        "can_report_comments": rules.can_report(user, consultation),
        "is_citizen": citizen,
        "is_author": is_author,
        "following": following,
        "permalink": request.build_absolute_uri(_detail_url(proposal)),
        "feed_url": reverse("proposals:feed", kwargs={"slug": page.slug}),
        "list_url": reverse("proposals:list", kwargs={"slug": page.slug}),
        "login_url": f"{reverse('account_login')}?next={_detail_url(proposal)}",
        "crumbs": _crumbs(page),
        **_support_context(request, proposal, actions, supported, left, now=now),
    }
    return render(request, "proposals/detail.html", context, status=status)


@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    consultation_page(request, proposal.consultation)
    return _render_detail(request, proposal)


def _detail_refused(request: HttpRequest, proposal: Proposal, exc: JourneyError) -> HttpResponse:
    """A refused action on the proposal page: the page again, the reason, the error status."""
    messages.error(request, str(exc.message))
    return _render_detail(request, proposal, status=exc.status)


# --- supports -----------------------------------------------------------------------------


def _support_response(
    request: HttpRequest,
    proposal: Proposal,
    *,
    message: str,
    error: bool,
    status: int,
    supported: bool | None = None,
    left: "int | object | None" = _UNKNOWN,
    counted: bool = False,
) -> HttpResponse:
    """A fetch gets the support box alone (200, or the refusal's status); a plain form goes
    back where it came from with the message (a refusal on the page: the page again).

    `counted`: the proposal in hand holds its count and state as the service just wrote
    them; `left`: the supports left, as the service knows them. Neither is read again."""
    if _is_fetch(request):
        if not counted:
            proposal.refresh_from_db(fields=["support_count", "state"])
        now = timezone.now()
        actions, supported, left = _actions_for(
            request, proposal, now, supported=supported, left=left
        )
        context = _support_context(request, proposal, actions, supported, left, now=now)
        context.update(support_message=message, support_error=error)
        html = render_to_string("proposals/includes/support_widget.html", context, request)
        return HttpResponse(html, status=status)
    if _safe_next(request):
        # From a card of the list: back to the same filters, page and card.
        (messages.error if error else messages.success)(request, message)
        return redirect(request.POST["next"])
    if error:
        messages.error(request, message)
        return _render_detail(request, _proposal_or_none(proposal.pk), status=status)
    messages.success(request, message)
    return redirect(_detail_url(proposal, "support"))


def _support_action(request: HttpRequest, pk: int, *, cast: bool) -> HttpResponse:
    # Only what the rules ask; a refusal without JavaScript re-renders the whole page, which
    # then reads the proposal as its page shows it.
    proposal = _visible_proposal(request, pk, proposal_for_support)
    if not rules.is_citizen(request.user) and _is_fetch(request):
        exc = LoginRequired()
        return _support_response(
            request, proposal, message=str(exc.message), error=True, status=exc.status
        )
    gate = _citizen_gate(request, _detail_url(proposal, "support"))
    if gate:
        return gate
    try:
        if cast:
            left = services.support_cast(citizen=request.user, proposal=proposal).supports_left
        else:
            left = services.support_withdraw(citizen=request.user, proposal=proposal)
    except JourneyError as exc:
        return _support_response(
            request, proposal, message=str(exc.message), error=True, status=exc.status
        )
    message = _("Thank you for your support.") if cast else _("Your support is withdrawn.")
    return _support_response(
        request,
        proposal,
        message=message,
        error=False,
        status=200,
        supported=cast,
        left=left,
        counted=cast,  # a withdrawal does not read the count back
    )


@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponse:
    return _support_action(request, pk, cast=True)


@require_POST
def unsupport(request: HttpRequest, pk: int) -> HttpResponse:
    return _support_action(request, pk, cast=False)


# --- comments -----------------------------------------------------------------------------


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    gate = _citizen_gate(request, _detail_url(proposal, "comments"))
    if gate:
        return gate
    form = CommentForm(request.POST)
    is_reply = bool(request.POST.get("parent"))
    if not form.is_valid():
        if is_reply:
            messages.error(request, _("Your reply was empty or too long; it was not sent."))
            return _render_detail(request, proposal, status=400)
        return _render_detail(request, proposal, comment_form=form, status=400)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], proposal=proposal).first()
        if parent is None:
            raise Http404
    claim = submissions.claim("comment", request.user.pk, form.cleaned_data["token"])
    if not claim.fresh:
        messages.info(request, _("This comment was already sent; nothing was sent twice."))
        previous = claim.previous
        sent = None
        if previous and previous.isdigit():
            sent = Comment.objects.filter(
                pk=int(previous), proposal=proposal, state=ModerationState.PUBLISHED
            ).first()
        if sent is not None:
            sent.proposal = proposal  # the page's own, not one more query
            return redirect(_comment_url(sent))
        return redirect(_detail_url(proposal, "comments"))
    try:
        with claim:
            new = services.comment_post(
                author=request.user,
                proposal=proposal,
                body=form.cleaned_data["body"],
                parent=parent,
            )
    except JourneyError as exc:
        claim.release()
        if is_reply or exc.field not in form.fields:
            return _detail_refused(request, proposal, exc)
        show_error(form, exc)
        return _render_detail(request, proposal, comment_form=form, status=exc.status)
    claim.done(new.pk)
    if new.state == ModerationState.PENDING:
        messages.success(request, _("Thank you! Your comment is awaiting moderation."))
        return redirect(_detail_url(proposal, "comments"))
    if new.parent_id:
        messages.success(request, _("Thank you! Your reply is published."))
    else:
        messages.success(request, _("Thank you! Your comment is published."))
    return redirect(_comment_url(new))


# --- reports ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int, target: str = "proposal") -> HttpResponse:
    if target == "comment":
        item = get_object_or_404(Comment.objects.select_related("proposal"), pk=pk)
        proposal = _visible_proposal(request, item.proposal_id)
        target_kwargs = {"comment": item}
        state = item.state
    else:
        proposal = _visible_proposal(request, pk)
        item = proposal
        target_kwargs = {"proposal": proposal}
        state = proposal.state
    back_url = _comment_url(item) if target == "comment" else _detail_url(proposal)
    gate = _citizen_gate(request)
    if gate:
        return gate
    try:
        rules.check_can_report(request.user, proposal.consultation, state)
    except JourneyError as exc:
        return _refused(request, exc, back_url=back_url)
    if target == "comment":
        reported_at = reader_reports(request.user, proposal.pk, [item.pk]).comment(item.pk)
    else:
        reported_at = reader_reports(request.user, proposal.pk).proposal
    status = 200
    if reported_at is not None:
        # Reported once: say so, and offer no form (a second POST changes nothing).
        form = None
        if request.method == "POST":
            refusal = AlreadyDone(_("You have already reported this."))
            messages.error(request, str(refusal.message))
            status = refusal.status
    elif request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_file(
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                    **target_kwargs,
                )
            except JourneyError as exc:
                show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Thank you. Moderators will look at your report."))
                return redirect(back_url)
        else:
            status = 400
    else:
        form = ReportForm()
    page = page_in_language(proposal.consultation)
    if proposal.shows_content:
        proposal_label = proposal.title
    else:
        proposal_label = _("Proposal %(n)s") % {"n": proposal.pk}
    return render(
        request,
        "proposals/report.html",
        {
            "form": form,
            "proposal": proposal,
            "item": item,
            "target": target,
            "back_url": back_url,
            "reported_at": reported_at,
            "page": page,
            "crumbs": _crumbs(page, (proposal_label, _detail_url(proposal))),
        },
        status=status,
    )


# --- follows ------------------------------------------------------------------------------


def _follow_action(request: HttpRequest, *, on: bool, proposal=None, page=None) -> HttpResponse:
    back = _detail_url(proposal) if proposal is not None else page.url
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    target = {"proposal": proposal} if proposal is not None else {"consultation": page.canonical}
    try:
        if on:
            services.follow(follower=request.user, **target)
        else:
            services.unfollow(follower=request.user, **target)
    except JourneyError as exc:
        if proposal is not None:
            return _detail_refused(request, proposal, exc)
        return _refused(request, exc, back_url=back)
    if on:
        messages.success(request, _("You follow this now. We will tell you when it changes."))
    else:
        messages.success(request, _("You no longer follow this."))
    return redirect(request.POST.get("next") if _safe_next(request) else back)


def _safe_next(request: HttpRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@require_POST
def follow_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    return _follow_action(request, on=True, proposal=_visible_proposal(request, pk))


@require_POST
def unfollow_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    return _follow_action(request, on=False, proposal=_visible_proposal(request, pk))


@require_POST
def follow_consultation(request: HttpRequest, slug: str) -> HttpResponse:
    return _follow_action(request, on=True, page=consultation_for_slug(slug))


@require_POST
def unfollow_consultation(request: HttpRequest, slug: str) -> HttpResponse:
    return _follow_action(request, on=False, page=consultation_for_slug(slug))


# --- permalinks -----------------------------------------------------------------------------


@require_GET
def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """/p/<id>/ (no language prefix): the proposal's page in the reader's language, chosen by
    the usual negotiation (language cookie, then the browser's Accept-Language)."""
    if not is_public(pk):
        raise Http404
    return redirect("proposals:detail", pk=pk)
