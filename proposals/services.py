"""Every write of the citizen journey: one typed, keyword-only, atomic function per change.

Each function checks role, visibility and phase (proposals/rules.py), checks the current
state, changes it with a guarded update, writes the audit record, and writes notifications
whose e-mails go out after commit. A refusal raises a `JourneyError` subclass and changes
nothing. Views, the admin, the API and commands call these, never the models directly.
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.text import clean_text, has_visible
from consultations import roles
from consultations.models import ConsultationPage
from proposals.models.reports import REPORT_TEXT_MAX
from proposals.notifications.services import notify, notify_pending, proposal_link

from . import rules
from .counts import bump_supports, bump_tally
from .exceptions import AlreadyDone, InvalidInput, LimitReached, NotAllowed, WrongState
from .images import clean_image
from .models import (
    Comment,
    Follow,
    ModerationState,
    Notification,
    Proposal,
    ProposalVersion,
    Report,
    ReportReason,
    ResidentVerification,
    Support,
    SupportBudget,
)
from .models.comments import COMMENT_MAX
from .models.proposals import BODY_MAX, TITLE_MAX
from .moderation import services as moderation
from .tokens import voter_token

State = ModerationState
UNSET = object()
Coordinate = Decimal | float | str | None

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.uploadedfile import UploadedFile
    from django.utils.functional import Promise

    from accounts.models import User
    from consultations.models import Area

    Person = User | AnonymousUser | None


# --- helpers ----------------------------------------------------------------------------


def canonical(consultation: ConsultationPage) -> ConsultationPage:
    """Proposals, supports and roles attach to the page in the default locale."""
    return getattr(consultation, "canonical", None) or consultation


def _text(
    value: str, *, field: str, max_length: int, label: "str | Promise", multiline: bool = True
) -> str:
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


def _location(latitude: Coordinate, longitude: Coordinate) -> tuple[Decimal | None, Decimal | None]:
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
    # A topic is named in either language; the proposal carries the concept.
    allowed = {}
    for topic in consultation.topics.all():
        allowed[topic.name.casefold()] = topic.name
        if topic.name_fa:
            allowed.setdefault(topic.name_fa.casefold(), topic.name)
    chosen = []
    for name in names:
        if name.casefold() not in allowed:
            raise InvalidInput(
                _("“%(topic)s” is not a topic of this consultation.") % {"topic": name},
                field="topics",
            )
        chosen.append(allowed[name.casefold()])
    return list(dict.fromkeys(chosen))


def _area(consultation: ConsultationPage, area: "Area | None") -> "Area | None":
    if area is None:
        return None
    allowed = set(consultation.areas.values_list("pk", flat=True))
    if allowed and area.pk not in allowed:
        raise InvalidInput(_("This area is not part of the consultation."), field="area")
    return area


def _snapshot(proposal: Proposal, *, editor: "User", at: datetime) -> ProposalVersion:
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


# --- proposals --------------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    author: "User",
    consultation: ConsultationPage,
    title: str,
    body: str,
    topics: Iterable[str] = (),
    area: "Area | None" = None,
    latitude: Coordinate = None,
    longitude: Coordinate = None,
    image: "UploadedFile | None" = None,
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
    if published:
        bump_tally(consultation.pk, proposals=1)
    else:
        notify_pending(consultation, title=title, exclude=[author])
    return proposal


@transaction.atomic
def proposal_edit(
    *,
    proposal: Proposal,
    editor: "User",
    title: str | None = None,
    body: str | None = None,
    topics: Iterable[str] | None = None,
    area: "Area | object | None" = UNSET,
    latitude: Coordinate | object = UNSET,
    longitude: Coordinate | object = UNSET,
    image: "UploadedFile | object | None" = UNSET,
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


def proposal_withdraw(
    *, proposal: Proposal, author: "User", now: datetime | None = None
) -> Proposal:
    """The author withdraws a pending or published proposal; its supports stay, frozen.

    A change of moderation state, so it is a row of the moderation table."""
    return moderation.withdraw(proposal=proposal, author=author, now=now)


# --- supports ---------------------------------------------------------------------------


def _budget_locked(
    *, consultation_id: int, citizen: "User", expect_it: bool = True
) -> SupportBudget:
    """This citizen's budget row in the consultation, locked (only this one row), created
    if missing. `expect_it`: the row most likely exists, so it is first read (and locked) in
    one query; otherwise it is first created if missing, then read."""
    locked = SupportBudget.objects.select_for_update().filter(
        consultation_id=consultation_id, citizen=citizen
    )
    budget = locked.first() if expect_it else None
    if budget is None:
        SupportBudget.objects.bulk_create(
            [SupportBudget(consultation_id=consultation_id, citizen=citizen)],
            ignore_conflicts=True,
        )
        budget = locked.get()
    return budget


def _budget_spent(*, consultation_id: int, citizen: "User", limit: int) -> bool:
    """Count one support in the citizen's budget row if it exists and has room under the
    limit: one guarded UPDATE, which locks the row (only this one) until the transaction
    ends, so parallel requests of the same person wait for each other here. False (nothing
    changed): no row yet, or no room left."""
    budget = SupportBudget.objects.filter(consultation_id=consultation_id, citizen=citizen)
    if limit:
        budget = budget.filter(used__lt=limit)
    return bool(budget.update(used=F("used") + 1))


def _left(limit: int, used: int) -> int | None:
    """Supports left under a limit (None: no limit)."""
    return max(limit - used, 0) if limit else None


@transaction.atomic
def support_cast(*, citizen: "User", proposal: Proposal, now: datetime | None = None) -> Support:
    """A citizen supports a published proposal while voting is open, once, within the limit.

    Concurrency: the citizen's own budget row is locked first, by the guarded update that
    counts the support in it (so the limit and "not twice" hold for parallel requests of
    the same person); "not twice" is the constraint `support_once` itself, which refuses the
    second row and with it the whole change; the proposal's count changes with a guarded F()
    update that also re-checks the state. The consultation's total moves in one of its
    support shards, picked by the citizen: no row shared by the whole consultation.

    `proposal` needs only its pk, state and consultation (with its schedule and rules): the
    support views load no more than that (`queries.proposal_for_support`). Afterwards it
    holds the count as this support left it (read under the proposal's lock), and the
    support returned holds `supports_left` (None: no limit), so the answer reads neither.
    """
    now = now or timezone.now()
    consultation = proposal.consultation
    rules.check_can_support(citizen, proposal, now=now)
    limit = consultation.max_supports_per_citizen
    budget_rows = SupportBudget.objects.filter(consultation_id=consultation.pk, citizen=citizen)
    if not _budget_spent(consultation_id=consultation.pk, citizen=citizen, limit=limit):
        # The citizen's first support here (no row yet), or no room left: now under lock.
        budget = _budget_locked(consultation_id=consultation.pk, citizen=citizen, expect_it=False)
        if limit and budget.used >= limit:
            if Support.objects.filter(proposal_id=proposal.pk, citizen=citizen).exists():
                raise AlreadyDone(_("You already support this proposal."))
            raise LimitReached(
                _("You have used all %(limit)d of your supports in this consultation.")
                % {"limit": limit}
            )
        budget_rows.filter(pk=budget.pk).update(used=F("used") + 1)
    try:
        support = Support.objects.create(
            proposal=proposal,  # in hand: what listens to the new row needs no query
            citizen=citizen,
            voter_token=voter_token(citizen_id=citizen.pk, consultation_id=consultation.pk),
        )
    except IntegrityError as exc:
        # The refusal leaves the transaction (or this function's savepoint) at once, which
        # rolls it back with the budget's count: no query runs after the refused row.
        raise AlreadyDone(_("You already support this proposal.")) from exc
    # Last, so the proposal row is locked for the shortest time.
    if not Proposal.objects.filter(pk=proposal.pk, state=State.PUBLISHED).update(
        support_count=F("support_count") + 1
    ):
        raise WrongState(_("Only published proposals can be supported."))
    bump_supports(consultation.pk, 1, key=citizen.pk)
    # Both rows are locked by this transaction: what it reads of them is what it wrote.
    proposal.support_count, used = (
        Proposal.objects.filter(pk=proposal.pk)
        .annotate(used=Subquery(budget_rows.values("used")[:1]))
        .values_list("support_count", "used")
        .get()
    )
    proposal.state = State.PUBLISHED
    _check_threshold(proposal, consultation, now=now)
    support.supports_left = _left(limit, used)
    return support


def _check_threshold(proposal: Proposal, consultation: ConsultationPage, *, now: datetime) -> None:
    """Mark, once ever, the moment a proposal reaches the response threshold (its count as
    the cast just left it); tell officials. A proposal read with the moment already marked
    asks nothing more: it is never unmarked."""
    threshold = consultation.response_threshold
    count = proposal.support_count
    if not threshold or count < threshold or proposal.threshold_reached_at is not None:
        return
    if Proposal.objects.filter(pk=proposal.pk, threshold_reached_at__isnull=True).update(
        threshold_reached_at=now
    ):
        proposal.threshold_reached_at = now
        from proposals.responses.services import assign_on_threshold

        assign_on_threshold(proposal=proposal, consultation=consultation, at=now)
        notify(
            recipients=roles.officials_of(consultation),
            kind=Notification.Kind.THRESHOLD,
            params={
                "title": proposal.title,
                "consultation": consultation.title,
                "supports": count,
            },
            link=proposal_link(proposal),
        )


@transaction.atomic
def support_withdraw(
    *, citizen: "User", proposal: Proposal, now: datetime | None = None
) -> int | None:
    """A citizen takes back a support while voting is open (not on frozen proposals).

    Returns the supports the citizen has left in the consultation afterwards (None: no
    limit), known from the locked budget row."""
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
    bump_supports(consultation.pk, -1, key=citizen.pk)
    return _left(consultation.max_supports_per_citizen, max(budget.used - 1, 0))


def supported_ids(citizen: "Person", proposal_ids: Iterable[int]) -> set[int]:
    """Which of these proposals the citizen supports: one query, for list pages."""
    if citizen is None or not citizen.is_authenticated:
        return set()
    return set(
        Support.objects.filter(citizen=citizen, proposal_id__in=list(proposal_ids)).values_list(
            "proposal_id", flat=True
        )
    )


def supports_left(citizen: "User", consultation: ConsultationPage) -> int | None:
    """Supports the citizen can still give in the consultation (None: unlimited)."""
    return rules.supports_left(citizen, canonical(consultation))


# --- comments ---------------------------------------------------------------------------


@transaction.atomic
def comment_post(
    *,
    author: "User",
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
    official = roles.is_official(author, consultation)
    staff = official or roles.is_moderator(author, consultation)
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
    if published:
        if not Proposal.objects.filter(pk=proposal.pk, state=State.PUBLISHED).update(
            comment_count=F("comment_count") + 1
        ):
            raise WrongState(_("Only published proposals can be commented on."))
        bump_tally(consultation.pk, comments=1)
    else:
        notify_pending(consultation, title=proposal.title, exclude=[author])
    return comment


# --- reports ----------------------------------------------------------------------------


@transaction.atomic
def report_file(
    *,
    reporter: "User",
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
        moderation.auto_hide(item=target)
    return report


# --- follows ----------------------------------------------------------------------------


@transaction.atomic
def follow(
    *,
    follower: "User",
    proposal: Proposal | None = None,
    consultation: ConsultationPage | None = None,
) -> Follow:
    """Follow a proposal or a consultation (idempotent)."""
    if (proposal is None) == (consultation is None):
        raise InvalidInput(_("Follow either a proposal or a consultation."))
    if consultation is not None:
        consultation = canonical(consultation)
    if proposal is not None:
        rules.check_can_follow_proposal(follower, proposal)
    else:
        rules.check_can_follow(follower, consultation)
    target = {"proposal": proposal} if proposal is not None else {"consultation": consultation}
    row, _created = Follow.objects.get_or_create(follower=follower, **target)
    return row


@transaction.atomic
def unfollow(
    *,
    follower: "User",
    proposal: Proposal | None = None,
    consultation: ConsultationPage | None = None,
) -> None:
    if (proposal is None) == (consultation is None):
        raise InvalidInput(_("Unfollow either a proposal or a consultation."))
    if consultation is not None:
        consultation = canonical(consultation)
    target = {"proposal": proposal} if proposal is not None else {"consultation": consultation}
    Follow.objects.filter(follower=follower, **target).delete()


def notify_followers(
    *, proposal: Proposal, kind: str, params: dict | None = None, exclude=()
) -> None:
    """Hook for official responses and outcome changes: tell the proposal's followers.

    Call inside the transaction that publishes the response or changes the outcome.
    Followers of the consultation are told too; `exclude` are told otherwise (or not).
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
        exclude=exclude,
    )


# --- residents --------------------------------------------------------------------------


@transaction.atomic
def resident_confirm(
    *, user: "User", verified_by: "User | None" = None, method: str = "staff"
) -> ResidentVerification:
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
