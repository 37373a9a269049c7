"""Every write of the citizen journey: one typed, keyword-only, atomic function per change.

Each function checks role, visibility and phase (proposals/rules.py), checks the current
state, changes it with a guarded update, writes the audit record, and writes notifications
whose e-mails go out after commit. A refusal raises a `JourneyError` subclass and changes
nothing. Views, the admin, the API and commands call these, never the models directly.
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.text import clean_text, has_visible
from consultations.models import ConsultationPage

from . import rules
from .exceptions import AlreadyDone, InvalidInput, LimitReached, NotAllowed, WrongState
from .images import clean_image
from .models import (
    Comment,
    ConsultationTally,
    Follow,
    ModerationDecision,
    ModerationState,
    Notification,
    Proposal,
    ProposalVersion,
    ReasonCode,
    Report,
    ReportReason,
    ResidentVerification,
    Support,
    SupportBudget,
)
from .models.comments import COMMENT_MAX
from .models.moderation import REPORT_TEXT_MAX
from .models.proposals import BODY_MAX, TITLE_MAX
from .notify import notify, proposal_link
from .tokens import voter_token

State = ModerationState
UNSET = object()


# --- helpers ----------------------------------------------------------------------------


def canonical(consultation: ConsultationPage) -> ConsultationPage:
    """Proposals, supports and roles attach to the page in the default locale."""
    return getattr(consultation, "canonical", None) or consultation


def bump_tally(consultation_id: int, **deltas: int) -> None:
    """Add to a consultation's stored counts (creating its tally row on first use)."""
    changes = {field: F(field) + delta for field, delta in deltas.items() if delta}
    if not changes:
        return
    if not ConsultationTally.objects.filter(pk=consultation_id).update(**changes):
        ConsultationTally.objects.bulk_create(
            [ConsultationTally(consultation_id=consultation_id)], ignore_conflicts=True
        )
        ConsultationTally.objects.filter(pk=consultation_id).update(**changes)


def _text(value: str, *, field: str, max_length: int, label, multiline: bool = True) -> str:
    """Citizen text as stored: cleaned (civic/text.py), never empty or invisible, bounded."""
    value = clean_text(value, multiline=multiline)
    if not has_visible(value):
        raise InvalidInput(_("%(field)s cannot be empty.") % {"field": label}, field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _("%(field)s can have at most %(max)d characters.")
            % {"field": label, "max": max_length},
            field=field,
        )
    return value


def _location(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat = Decimal(str(latitude)).quantize(Decimal("0.000001"))
        lon = Decimal(str(longitude)).quantize(Decimal("0.000001"))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise InvalidInput(
            _("Give both latitude and longitude as numbers."), field="location"
        ) from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput(_("This location is not on the map."), field="location")
    return lat, lon


def _topics(consultation: ConsultationPage, topics: Iterable[str]) -> list[str]:
    names = list(dict.fromkeys(t.strip() for t in topics if t and t.strip()))
    if not names:
        return []
    allowed = {tag.name.casefold(): tag.name for tag in consultation.topics.all()}
    chosen = []
    for name in names:
        if name.casefold() not in allowed:
            raise InvalidInput(
                _("“%(topic)s” is not a topic of this consultation.") % {"topic": name},
                field="topics",
            )
        chosen.append(allowed[name.casefold()])
    return chosen


def _area(consultation: ConsultationPage, area):
    if area is None:
        return None
    allowed = set(consultation.areas.values_list("pk", flat=True))
    if allowed and area.pk not in allowed:
        raise InvalidInput(_("This area is not part of the consultation."), field="area")
    return area


def _snapshot(proposal: Proposal, *, editor, at: datetime) -> ProposalVersion:
    number = proposal.versions.count() + 1
    return ProposalVersion.objects.create(
        proposal=proposal,
        number=number,
        title=proposal.title,
        body=proposal.body,
        topics=sorted(proposal.topics.names()),
        area=proposal.area,
        latitude=proposal.latitude,
        longitude=proposal.longitude,
        image=proposal.image.name if proposal.image else "",
        edited_by=editor,
        edited_at=at,
    )


def _moderators(consultation):
    return rules.staff_of(consultation, rules.MODERATE)


def _officials(consultation):
    return rules.staff_of(consultation, rules.RESPOND)


def _notify_pending(consultation, *, title: str, link: str, exclude=()) -> None:
    notify(
        recipients=_moderators(consultation),
        kind=Notification.Kind.PENDING,
        params={"title": title, "consultation": consultation.title},
        link=link,
        exclude=exclude,
    )


def _notify_decision(author, *, title: str, state: str, reason: str, link: str) -> None:
    if author is None:
        return
    notify(
        recipients=[author],
        kind=Notification.Kind.DECISION,
        params={"title": title, "state": state, "reason": reason},
        link=link,
    )


# --- proposals --------------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    author,
    consultation: ConsultationPage,
    title: str,
    body: str,
    topics: Iterable[str] = (),
    area=None,
    latitude=None,
    longitude=None,
    image=None,
    image_alt: str = "",
    now: datetime | None = None,
) -> Proposal:
    """A citizen sends a proposal while the consultation collects them.

    Pre-moderation: it waits (pending) and the moderators are told. Post-moderation: it is
    published at once. The author follows it from then on.
    """
    consultation = canonical(consultation)
    now = now or timezone.now()
    rules.check_can_submit(author, consultation, now=now)
    title = _text(title, field="title", max_length=TITLE_MAX, label=_("The title"), multiline=False)
    body = _text(body, field="body", max_length=BODY_MAX, label=_("The text"))
    topic_names = _topics(consultation, topics)
    area = _area(consultation, area)
    latitude, longitude = _location(latitude, longitude)
    image_file = clean_image(image) if image else None

    published = consultation.moderation == ConsultationPage.Moderation.POST
    proposal = Proposal(
        consultation=consultation,
        author=author,
        title=title,
        body=body,
        area=area,
        latitude=latitude,
        longitude=longitude,
        image_alt=clean_text(image_alt)[:200],
        state=State.PUBLISHED if published else State.PENDING,
        published_at=now if published else None,
    )
    if image_file is not None:
        proposal.image.save(image_file.name, image_file, save=False)
    proposal.save()
    if topic_names:
        proposal.topics.set(topic_names)
    _snapshot(proposal, editor=author, at=now)
    Follow.objects.bulk_create([Follow(follower=author, proposal=proposal)], ignore_conflicts=True)
    link = proposal_link(proposal)
    if published:
        bump_tally(consultation.pk, proposals=1)
    else:
        _notify_pending(consultation, title=title, link=link, exclude=[author])
    return proposal


@transaction.atomic
def proposal_edit(
    *,
    proposal: Proposal,
    editor,
    title: str | None = None,
    body: str | None = None,
    topics: Iterable[str] | None = None,
    area=UNSET,
    latitude=UNSET,
    longitude=UNSET,
    image=UNSET,
    image_alt: str | None = None,
    now: datetime | None = None,
) -> Proposal:
    """The author edits a proposal until its first support or first moderation decision.

    Every edit keeps a `ProposalVersion`. Arguments left out keep their current value.
    """
    now = now or timezone.now()
    proposal = (
        Proposal.objects.select_for_update().select_related("consultation").get(pk=proposal.pk)
    )
    rules.check_can_edit(editor, proposal, now=now)
    consultation = proposal.consultation
    if title is not None:
        proposal.title = _text(
            title, field="title", max_length=TITLE_MAX, label=_("The title"), multiline=False
        )
    if body is not None:
        proposal.body = _text(body, field="body", max_length=BODY_MAX, label=_("The text"))
    topic_names = _topics(consultation, topics) if topics is not None else None
    if area is not UNSET:
        proposal.area = _area(consultation, area)
    if latitude is not UNSET or longitude is not UNSET:
        proposal.latitude, proposal.longitude = _location(
            None if latitude is UNSET else latitude, None if longitude is UNSET else longitude
        )
    if image is not UNSET:
        if image:
            image_file = clean_image(image)
            proposal.image.save(image_file.name, image_file, save=False)
        else:
            proposal.image = ""
    if image_alt is not None:
        proposal.image_alt = clean_text(image_alt)[:200]
    proposal.edited_at = now
    proposal.save()
    if topic_names is not None:
        proposal.topics.set(topic_names)
    _snapshot(proposal, editor=editor, at=now)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, author, now: datetime | None = None) -> Proposal:
    """The author withdraws a pending or published proposal; its supports stay, frozen."""
    proposal = (
        Proposal.objects.select_for_update().select_related("consultation").get(pk=proposal.pk)
    )
    rules.check_can_withdraw(author, proposal)
    from_state = proposal.state
    Proposal.objects.filter(pk=proposal.pk, state=from_state).update(state=State.WITHDRAWN)
    ModerationDecision.objects.create(
        moderator=None,
        consultation_id=proposal.consultation_id,
        proposal=proposal,
        from_state=from_state,
        to_state=State.WITHDRAWN,
        reason=ReasonCode.WITHDRAWN,
    )
    if from_state == State.PUBLISHED:
        bump_tally(proposal.consultation_id, proposals=-1)
    proposal.state = State.WITHDRAWN
    return proposal


# --- supports ---------------------------------------------------------------------------


def _budget_locked(*, consultation_id: int, citizen) -> SupportBudget:
    """This citizen's budget row in the consultation, locked (only this one row)."""
    SupportBudget.objects.bulk_create(
        [SupportBudget(consultation_id=consultation_id, citizen=citizen)], ignore_conflicts=True
    )
    return SupportBudget.objects.select_for_update().get(
        consultation_id=consultation_id, citizen=citizen
    )


@transaction.atomic
def support_cast(*, citizen, proposal: Proposal, now: datetime | None = None) -> Support:
    """A citizen supports a published proposal while voting is open, once, within the limit.

    Concurrency: the citizen's own budget row is locked (so the limit and "not twice" hold
    for parallel requests of the same person); the proposal's count changes with a guarded
    F() update that also re-checks the state. No row shared by the whole consultation.
    """
    now = now or timezone.now()
    consultation = proposal.consultation
    rules.check_can_support(citizen, proposal, now=now)
    budget = _budget_locked(consultation_id=consultation.pk, citizen=citizen)
    if Support.objects.filter(proposal_id=proposal.pk, citizen=citizen).exists():
        raise AlreadyDone(_("You already support this proposal."))
    limit = consultation.max_supports_per_citizen
    if limit and budget.used >= limit:
        raise LimitReached(
            _("You have used all %(limit)d of your supports in this consultation.")
            % {"limit": limit}
        )
    try:
        with transaction.atomic():
            support = Support.objects.create(
                proposal_id=proposal.pk,
                citizen=citizen,
                voter_token=voter_token(citizen_id=citizen.pk, consultation_id=consultation.pk),
            )
    except IntegrityError as exc:
        raise AlreadyDone(_("You already support this proposal.")) from exc
    SupportBudget.objects.filter(pk=budget.pk).update(used=F("used") + 1)
    # Last, so the proposal row is locked for the shortest time.
    if not Proposal.objects.filter(pk=proposal.pk, state=State.PUBLISHED).update(
        support_count=F("support_count") + 1
    ):
        raise WrongState(_("Only published proposals can be supported."))
    _check_threshold(proposal, consultation, now=now)
    return support


def _check_threshold(proposal: Proposal, consultation, *, now: datetime) -> None:
    """Mark, once ever, the moment a proposal reaches the response threshold; tell officials."""
    threshold = consultation.response_threshold
    if not threshold:
        return
    count = Proposal.objects.filter(pk=proposal.pk).values_list("support_count", flat=True).get()
    if count < threshold:
        return
    if Proposal.objects.filter(pk=proposal.pk, threshold_reached_at__isnull=True).update(
        threshold_reached_at=now
    ):
        from .assignments import assign_on_threshold

        assign_on_threshold(proposal=proposal, consultation=consultation, at=now)
        notify(
            recipients=_officials(consultation),
            kind=Notification.Kind.THRESHOLD,
            params={
                "title": proposal.title,
                "consultation": consultation.title,
                "supports": count,
            },
            link=proposal_link(proposal),
        )


@transaction.atomic
def support_withdraw(*, citizen, proposal: Proposal, now: datetime | None = None) -> None:
    """A citizen takes back a support while voting is open (not on frozen proposals)."""
    now = now or timezone.now()
    consultation = proposal.consultation
    rules.check_can_vote(citizen, proposal, now=now)
    budget = _budget_locked(consultation_id=consultation.pk, citizen=citizen)
    deleted, _rows = Support.objects.filter(proposal_id=proposal.pk, citizen=citizen).delete()
    if not deleted:
        raise WrongState(_("You do not support this proposal."))
    SupportBudget.objects.filter(pk=budget.pk, used__gt=0).update(used=F("used") - 1)
    if not Proposal.objects.filter(
        pk=proposal.pk, state=State.PUBLISHED, support_count__gt=0
    ).update(support_count=F("support_count") - 1):
        raise WrongState(_("Supports of this proposal can no longer change."))


def supported_ids(citizen, proposal_ids: Iterable[int]) -> set[int]:
    """Which of these proposals the citizen supports: one query, for list pages."""
    if citizen is None or not citizen.is_authenticated:
        return set()
    return set(
        Support.objects.filter(citizen=citizen, proposal_id__in=list(proposal_ids)).values_list(
            "proposal_id", flat=True
        )
    )


def supports_left(citizen, consultation) -> int | None:
    """Supports the citizen can still give in the consultation (None: unlimited)."""
    consultation = canonical(consultation)
    limit = consultation.max_supports_per_citizen
    if not limit:
        return None
    used = (
        SupportBudget.objects.filter(consultation_id=consultation.pk, citizen=citizen)
        .values_list("used", flat=True)
        .first()
    )
    return max(limit - (used or 0), 0)


# --- comments ---------------------------------------------------------------------------


@transaction.atomic
def comment_post(
    *,
    author,
    proposal: Proposal,
    body: str,
    parent: Comment | None = None,
    now: datetime | None = None,
) -> Comment:
    """A comment on a published proposal, or a reply (replies to replies join the thread).

    Follows the consultation's moderation mode; comments of this consultation's officials
    and moderators are marked/published at once.
    """
    now = now or timezone.now()
    consultation = proposal.consultation
    rules.check_can_comment(author, proposal, now=now)
    body = _text(body, field="body", max_length=COMMENT_MAX, label=_("The comment"))
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise InvalidInput(_("You can only reply to a comment of this proposal."))
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
        if parent.state != State.PUBLISHED:
            raise WrongState(_("You can only reply to a published comment."))
    official = rules.is_official(author, consultation)
    staff = official or rules.is_moderator(author, consultation)
    published = staff or consultation.moderation == ConsultationPage.Moderation.POST
    comment = Comment.objects.create(
        proposal=proposal,
        parent=parent,
        author=author,
        body=body,
        is_official=official,
        state=State.PUBLISHED if published else State.PENDING,
        published_at=now if published else None,
    )
    link = proposal_link(proposal)
    if published:
        if not Proposal.objects.filter(pk=proposal.pk, state=State.PUBLISHED).update(
            comment_count=F("comment_count") + 1
        ):
            raise WrongState(_("Only published proposals can be commented on."))
        bump_tally(consultation.pk, comments=1)
    else:
        _notify_pending(consultation, title=proposal.title, link=link, exclude=[author])
    return comment


# --- reports ----------------------------------------------------------------------------


@transaction.atomic
def report_file(
    *,
    reporter,
    reason: str,
    text: str = "",
    proposal: Proposal | None = None,
    comment: Comment | None = None,
    now: datetime | None = None,
) -> Report:
    """A citizen flags a published proposal or comment, once per item.

    When `auto_hide_reports` distinct citizens have reported an item, it is hidden and waits
    for a moderator (a decision with no moderator, reason `auto_hidden`).
    """
    if (proposal is None) == (comment is None):
        raise InvalidInput(_("Report either a proposal or a comment."))
    if reason not in ReportReason.values:
        raise InvalidInput(_("Choose a reason."), field="reason")
    text = clean_text(text, multiline=True)
    if reason == ReportReason.OTHER and not has_visible(text):
        raise InvalidInput(_("Tell us what is wrong."), field="text")
    if len(text) > REPORT_TEXT_MAX:
        raise InvalidInput(
            _("The details can have at most %(max)d characters.") % {"max": REPORT_TEXT_MAX},
            field="text",
        )
    # Lock the reported item so the count of reports and the hiding are decided once.
    if proposal is not None:
        target = (
            Proposal.objects.select_for_update().select_related("consultation").get(pk=proposal.pk)
        )
        consultation = target.consultation
        reports = Report.objects.filter(proposal=target)
    else:
        target = Comment.objects.select_for_update().get(pk=comment.pk)
        consultation = target.proposal.consultation
        reports = Report.objects.filter(comment=target)
    rules.check_can_report(reporter, consultation, target.state)
    if reports.filter(reporter=reporter).exists():
        raise AlreadyDone(_("You have already reported this."))
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter,
                proposal=target if proposal is not None else None,
                comment=target if comment is not None else None,
                reason=reason,
                text=text,
            )
    except IntegrityError as exc:
        raise AlreadyDone(_("You have already reported this.")) from exc
    if reports.filter(resolved_at__isnull=True).count() >= consultation.auto_hide_reports:
        _hide(
            target,
            consultation=consultation,
            moderator=None,
            reason=ReasonCode.AUTO_HIDDEN,
            text="",
            from_state=State.PUBLISHED,
        )
        _notify_pending(
            consultation,
            title=target.title if isinstance(target, Proposal) else target.proposal.title,
            link=proposal_link(target if isinstance(target, Proposal) else target.proposal),
        )
    return report


# --- moderation -------------------------------------------------------------------------


def _counts_for(item, delta: int) -> None:
    """Keep stored counts in step when an item enters (+1) or leaves (-1) the published set."""
    if isinstance(item, Proposal):
        bump_tally(item.consultation_id, proposals=delta)
    else:
        Proposal.objects.filter(pk=item.proposal_id).update(
            comment_count=F("comment_count") + delta
        )
        bump_tally(item.proposal.consultation_id, comments=delta)


def _transition(
    item,
    *,
    consultation,
    moderator,
    from_states: set[str],
    to_state: str,
    reason: str,
    text: str,
    now: datetime | None = None,
) -> ModerationDecision:
    model = type(item)
    current = model.objects.select_for_update().get(pk=item.pk)
    if current.state not in from_states:
        raise WrongState()
    from_state = current.state
    updates = {"state": to_state, "public_reason": text}
    if to_state == State.PUBLISHED and current.published_at is None:
        updates["published_at"] = now or timezone.now()
    model.objects.filter(pk=item.pk, state=from_state).update(**updates)
    decision = ModerationDecision.objects.create(
        moderator=moderator,
        consultation_id=consultation.pk,
        proposal=item if isinstance(item, Proposal) else None,
        comment=item if isinstance(item, Comment) else None,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        public_text=text,
    )
    was_published = from_state == State.PUBLISHED
    is_published = to_state == State.PUBLISHED
    if was_published != is_published:
        _counts_for(current, 1 if is_published else -1)
    for field, value in updates.items():
        setattr(item, field, value)
    proposal = item if isinstance(item, Proposal) else item.proposal
    _notify_decision(
        current.author,
        title=proposal.title,
        state=to_state,
        reason=text or reason,
        link=proposal_link(proposal),
    )
    return decision


def _hide(item, *, consultation, moderator, reason: str, text: str, from_state: str):
    return _transition(
        item,
        consultation=consultation,
        moderator=moderator,
        from_states={from_state},
        to_state=State.HIDDEN,
        reason=reason,
        text=text,
    )


def _reason(reason: str, text: str, *, required: bool) -> tuple[str, str]:
    text = (text or "").strip()[:500]
    if reason not in ReasonCode.values or reason == ReasonCode.AUTO_HIDDEN:
        raise InvalidInput(_("Choose a reason."), field="reason")
    if required and not reason:
        raise InvalidInput(_("Give a public reason."), field="reason")
    if reason == ReasonCode.OTHER and not text:
        raise InvalidInput(_("Explain the reason."), field="text")
    return reason, text


def _moderate(item, *, moderator, from_states, to_state, reason, text, required):
    proposal = item if isinstance(item, Proposal) else item.proposal
    consultation = proposal.consultation
    rules.check_can_moderate(moderator, consultation)
    reason, text = _reason(reason, text, required=required)
    return _transition(
        item,
        consultation=consultation,
        moderator=moderator,
        from_states=from_states,
        to_state=to_state,
        reason=reason,
        text=text,
    )


@transaction.atomic
def proposal_publish(*, proposal: Proposal, moderator) -> ModerationDecision:
    """A moderator publishes a pending proposal."""
    return _moderate(
        proposal, moderator=moderator, from_states={State.PENDING}, to_state=State.PUBLISHED,
        reason="", text="", required=False,
    )  # fmt: skip


@transaction.atomic
def proposal_reject(
    *, proposal: Proposal, moderator, reason: str, text: str = ""
) -> ModerationDecision:
    """A moderator rejects a pending proposal with a public reason."""
    return _moderate(
        proposal, moderator=moderator, from_states={State.PENDING}, to_state=State.REJECTED,
        reason=reason, text=text, required=True,
    )  # fmt: skip


@transaction.atomic
def proposal_hide(
    *, proposal: Proposal, moderator, reason: str, text: str = ""
) -> ModerationDecision:
    """A moderator hides a published proposal with a public reason."""
    return _moderate(
        proposal, moderator=moderator, from_states={State.PUBLISHED}, to_state=State.HIDDEN,
        reason=reason, text=text, required=True,
    )  # fmt: skip


@transaction.atomic
def proposal_restore(*, proposal: Proposal, moderator, text: str = "") -> ModerationDecision:
    """A moderator publishes a hidden proposal again (e.g. after reports proved unfounded)."""
    decision = _moderate(
        proposal, moderator=moderator, from_states={State.HIDDEN}, to_state=State.PUBLISHED,
        reason="", text=text, required=False,
    )  # fmt: skip
    Proposal.objects.filter(pk=proposal.pk).update(public_reason="")
    Report.objects.filter(proposal=proposal, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    return decision


@transaction.atomic
def comment_publish(*, comment: Comment, moderator) -> ModerationDecision:
    return _moderate(
        comment, moderator=moderator, from_states={State.PENDING}, to_state=State.PUBLISHED,
        reason="", text="", required=False,
    )  # fmt: skip


@transaction.atomic
def comment_reject(
    *, comment: Comment, moderator, reason: str, text: str = ""
) -> ModerationDecision:
    return _moderate(
        comment, moderator=moderator, from_states={State.PENDING}, to_state=State.REJECTED,
        reason=reason, text=text, required=True,
    )  # fmt: skip


@transaction.atomic
def comment_hide(*, comment: Comment, moderator, reason: str, text: str = "") -> ModerationDecision:
    return _moderate(
        comment, moderator=moderator, from_states={State.PUBLISHED}, to_state=State.HIDDEN,
        reason=reason, text=text, required=True,
    )  # fmt: skip


@transaction.atomic
def comment_restore(*, comment: Comment, moderator, text: str = "") -> ModerationDecision:
    decision = _moderate(
        comment, moderator=moderator, from_states={State.HIDDEN}, to_state=State.PUBLISHED,
        reason="", text=text, required=False,
    )  # fmt: skip
    Comment.objects.filter(pk=comment.pk).update(public_reason="")
    Report.objects.filter(comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    return decision


# --- follows ----------------------------------------------------------------------------


@transaction.atomic
def follow(*, follower, proposal: Proposal | None = None, consultation=None) -> Follow:
    """Follow a proposal or a consultation (idempotent)."""
    if (proposal is None) == (consultation is None):
        raise InvalidInput(_("Follow either a proposal or a consultation."))
    if consultation is not None:
        consultation = canonical(consultation)
    rules.check_can_follow(follower, consultation or proposal.consultation)
    if (
        proposal is not None
        and proposal.state != State.PUBLISHED
        and proposal.author_id != follower.pk
    ):
        raise WrongState(_("Only published proposals can be followed."))
    target = {"proposal": proposal} if proposal is not None else {"consultation": consultation}
    row, _created = Follow.objects.get_or_create(follower=follower, **target)
    return row


@transaction.atomic
def unfollow(*, follower, proposal: Proposal | None = None, consultation=None) -> None:
    if (proposal is None) == (consultation is None):
        raise InvalidInput(_("Unfollow either a proposal or a consultation."))
    if consultation is not None:
        consultation = canonical(consultation)
    target = {"proposal": proposal} if proposal is not None else {"consultation": consultation}
    Follow.objects.filter(follower=follower, **target).delete()


def notify_followers(*, proposal: Proposal, kind: str, params: dict | None = None) -> None:
    """Hook for official responses and outcome changes: tell the proposal's followers.

    Call inside the transaction that publishes the response or changes the outcome.
    Followers of the consultation are told too.
    """
    from accounts.models import User

    followers = User.objects.filter(follows__proposal=proposal) | User.objects.filter(
        follows__consultation_id=proposal.consultation_id
    )
    notify(
        recipients=followers.distinct(),
        kind=kind,
        params={"title": proposal.title, "outcome": proposal.outcome, **(params or {})},
        link=proposal_link(proposal),
    )


# --- residents --------------------------------------------------------------------------


@transaction.atomic
def resident_confirm(*, user, verified_by=None, method: str = "staff") -> ResidentVerification:
    """Staff (or a census match) confirms that `user` is a resident (idempotent)."""
    if method not in ResidentVerification.Method.values:
        raise InvalidInput(_("Unknown verification method."))
    if method == ResidentVerification.Method.STAFF and (
        verified_by is None or not verified_by.is_staff
    ):
        raise NotAllowed(_("Only staff can confirm a resident."))
    row, _created = ResidentVerification.objects.get_or_create(
        user=user, defaults={"method": method, "verified_by": verified_by}
    )
    user._civic_resident = True
    return row


@transaction.atomic
def notifications_mark_read(*, recipient, ids: Iterable[int] | None = None) -> int:
    """Mark the recipient's notifications (all, or these) read. Returns how many changed."""
    rows = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
