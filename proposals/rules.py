"""Who may do what, when: the citizen cells of the permission matrix (DESIGN.md §4).

Each `check_*` function raises the domain error that explains a refusal; each `can_*`
predicate answers the same question with a bool. Services call the checks, and the pages ask
`proposal_actions` (what may this person do with this proposal, and why not) and
`submit_verdict`, which run the same checks: a button shown and the service that acts never
disagree.

Reporting: any citizen may report a published proposal or comment, their own included
(DESIGN.md §4 gives authors the same "report" as every citizen); the pages offer it to them too.
Staff roles are per consultation and answered by consultations/roles.py; staff of another
consultation count as citizens.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import active_suspension
from consultations import roles
from consultations.phases import Phase

from .exceptions import (
    AlreadyDone,
    JourneyError,
    LimitReached,
    LoginRequired,
    NotAllowed,
    NotVisible,
    PhaseClosed,
    Suspended,
    VerificationRequired,
    WrongState,
)
from .models import (
    ModerationState,
    Proposal,
    ResidentVerification,
    Support,
    SupportBudget,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from consultations.models import ConsultationPage

    Person = User | AnonymousUser | None

# --- who --------------------------------------------------------------------------------


def is_citizen(user: "Person") -> bool:
    """Signed in, active, with a verified e-mail address (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_civic_email_verified", None)
    if cached is None:
        cached = _read_standing(user)
    return cached


def _read_standing(user: "User") -> bool:
    """One query for what every citizen check needs: a verified address, and a suspension in
    force (cached for `accounts.services.active_suspension`)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef, Subquery

    from accounts.models import Suspension

    active = Suspension.objects.filter(user=OuterRef("pk"), lifted_at__isnull=True)
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            verified=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
            suspension_id=Subquery(active.values("pk")[:1]),
            suspension_reason=Subquery(active.values("reason")[:1]),
            suspension_at=Subquery(active.values("created_at")[:1]),
        )
        .values_list("verified", "suspension_id", "suspension_reason", "suspension_at")
        .first()
    )
    verified, suspension_id, reason, since = row or (False, None, "", None)
    user._civic_email_verified = bool(verified)
    if getattr(user, "_civic_suspension", False) is False:
        user._civic_suspension = (
            Suspension(pk=suspension_id, user_id=user.pk, reason=reason, created_at=since)
            if suspension_id
            else None
        )
    return bool(verified)


def is_verified_resident(user: "Person") -> bool:
    if not is_citizen(user):
        return False
    cached = getattr(user, "_civic_resident", None)
    if cached is None:
        cached = ResidentVerification.objects.filter(user=user).exists()
        user._civic_resident = cached
    return cached


# --- when -------------------------------------------------------------------------------


def is_visible(consultation: "ConsultationPage") -> bool:
    return bool(consultation.live)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# --- checks (raise) ---------------------------------------------------------------------


def check_visible(consultation: "ConsultationPage") -> None:
    if not is_visible(consultation):
        raise NotVisible()


def check_citizen(user: "Person") -> None:
    """A citizen who may contribute: signed in with a confirmed e-mail, not suspended."""
    if not is_citizen(user):
        raise LoginRequired()
    suspension = active_suspension(user)
    if suspension is not None:
        raise Suspended(
            _(
                "Your account is suspended (%(reason)s), so you cannot contribute. You can "
                "still read, download your data or delete your account."
            )
            % {"reason": suspension.reason}
        )


def check_can_submit(
    user: "Person", consultation: "ConsultationPage", *, now: datetime | None = None
) -> None:
    check_visible(consultation)
    # The phase first, so that "sign in" is offered only when signing in is all that is missing.
    if not consultation.schedule.is_collecting(_now(now)):
        raise PhaseClosed(_("Proposals can only be sent while the consultation collects them."))
    check_citizen(user)


def check_can_edit(user: "Person", proposal: Proposal, *, now: datetime | None = None) -> None:
    check_visible(proposal.consultation)
    check_citizen(user)
    if proposal.author_id != user.pk:
        raise NotAllowed(_("Only the author can edit a proposal."))
    if not proposal.consultation.schedule.is_collecting(_now(now)):
        raise PhaseClosed(_("Proposals can only be edited while the consultation collects them."))
    if proposal.state not in {ModerationState.PENDING, ModerationState.PUBLISHED}:
        raise WrongState(_("This proposal can no longer be edited."))
    if proposal.support_count > 0:
        raise WrongState(_("A proposal cannot be edited once it has supports."))
    decided = getattr(proposal, "has_decisions", None)  # annotated by list reads
    if decided is None:
        decided = proposal.moderation_decisions.exists()
    if decided:
        raise WrongState(_("A proposal cannot be edited once a moderator has decided on it."))


def check_can_withdraw(user: "Person", proposal: Proposal) -> None:
    check_visible(proposal.consultation)
    check_citizen(user)
    if proposal.author_id != user.pk:
        raise NotAllowed(_("Only the author can withdraw a proposal."))
    if proposal.state not in {ModerationState.PENDING, ModerationState.PUBLISHED}:
        raise WrongState(_("This proposal can no longer be withdrawn."))


def check_can_vote(user: "Person", proposal: Proposal, *, now: datetime | None = None) -> None:
    """What supporting and withdrawing a support share: role, visibility, phase, state."""
    consultation = proposal.consultation
    check_visible(consultation)
    check_citizen(user)
    if consultation.requires_verified_resident and not is_verified_resident(user):
        raise VerificationRequired()
    if not consultation.schedule.is_voting(_now(now)):
        raise PhaseClosed(_("Supports can only be given or withdrawn while voting is open."))
    if proposal.state != ModerationState.PUBLISHED:
        raise WrongState(_("Only published proposals can be supported."))


def check_can_support(user: "Person", proposal: Proposal, *, now: datetime | None = None) -> None:
    """Everything but the limit and "not twice", which the service checks under a lock."""
    check_can_vote(user, proposal, now=now)
    if proposal.author_id == user.pk and not proposal.consultation.allow_own_support:
        raise NotAllowed(_("You cannot support your own proposal in this consultation."))


def check_can_comment(user: "Person", proposal: Proposal, *, now: datetime | None = None) -> None:
    consultation = proposal.consultation
    check_visible(consultation)
    check_citizen(user)
    if consultation.phase_at(_now(now)) in {Phase.UPCOMING, Phase.CLOSED}:
        raise PhaseClosed(_("Comments are closed in this consultation."))
    if proposal.state != ModerationState.PUBLISHED:
        raise WrongState(_("Only published proposals can be commented on."))


def check_can_report(user: "Person", consultation: "ConsultationPage", state: str) -> None:
    check_visible(consultation)
    check_citizen(user)
    if state != ModerationState.PUBLISHED:
        raise WrongState(_("Only published contributions can be reported."))


def check_can_follow(user: "Person", consultation: "ConsultationPage") -> None:
    check_visible(consultation)
    if user is None or not user.is_authenticated:
        raise LoginRequired(_("Sign in to follow."))
    check_citizen(user)  # a confirmed e-mail, like every other citizen action


def check_can_follow_proposal(user: "Person", proposal: Proposal) -> None:
    """Follow a published proposal (its author follows it in any state)."""
    check_can_follow(user, proposal.consultation)
    if proposal.state != ModerationState.PUBLISHED and proposal.author_id != user.pk:
        raise WrongState(_("Only published proposals can be followed."))


def check_can_moderate(user: "Person", consultation: "ConsultationPage") -> None:
    if not roles.is_moderator(user, consultation):
        raise NotAllowed(_("Only moderators of this consultation can do this."))


# --- predicates (bool) ------------------------------------------------------------------


def _allowed(check: "Callable[..., None]", *args: object, **kwargs: object) -> bool:
    try:
        check(*args, **kwargs)
    except JourneyError:
        return False
    return True


def can_submit(
    user: "Person", consultation: "ConsultationPage", *, now: datetime | None = None
) -> bool:
    return _allowed(check_can_submit, user, consultation, now=now)


def can_edit(user: "Person", proposal: Proposal, *, now: datetime | None = None) -> bool:
    return _allowed(check_can_edit, user, proposal, now=now)


def can_withdraw(user: "Person", proposal: Proposal) -> bool:
    return _allowed(check_can_withdraw, user, proposal)


def can_support(user: "Person", proposal: Proposal, *, now: datetime | None = None) -> bool:
    return _allowed(check_can_support, user, proposal, now=now)


def can_comment(user: "Person", proposal: Proposal, *, now: datetime | None = None) -> bool:
    return _allowed(check_can_comment, user, proposal, now=now)


def can_report(
    user: "Person", consultation: "ConsultationPage", state: str = ModerationState.PUBLISHED
) -> bool:
    return _allowed(check_can_report, user, consultation, state)


def can_moderate(user: "Person", consultation: "ConsultationPage") -> bool:
    return roles.is_moderator(user, consultation)


# --- what may this person do here (for the pages) ---------------------------------------


@dataclass(frozen=True)
class Verdict:
    """One action: allowed or not, the refusal's message, and whether signing in (or
    confirming the e-mail address) is all that is missing."""

    allowed: bool
    message: str = ""
    sign_in: bool = False

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


def _verdict(check: "Callable[..., None]", *args: object, **kwargs: object) -> Verdict:
    try:
        check(*args, **kwargs)
    except LoginRequired as exc:
        return Verdict(False, str(exc.message), sign_in=True)
    except JourneyError as exc:
        return Verdict(False, str(exc.message))
    return ALLOWED


ACTIONS = ("support", "withdraw_support", "edit", "withdraw", "comment", "report", "follow")


@dataclass(frozen=True)
class ProposalActions:
    """What a person may do with one proposal; each a `Verdict`."""

    support: Verdict
    withdraw_support: Verdict
    edit: Verdict
    withdraw: Verdict
    comment: Verdict
    report: Verdict
    follow: Verdict

    def allowed(self) -> set[str]:
        return {name for name in ACTIONS if getattr(self, name).allowed}


def supports_left(user: "User", consultation: "ConsultationPage") -> int | None:
    """Supports the citizen can still give in the (canonical) consultation; None: unlimited."""
    limit = consultation.max_supports_per_citizen
    if not limit:
        return None
    used = (
        SupportBudget.objects.filter(consultation_id=consultation.pk, citizen=user)
        .values_list("used", flat=True)
        .first()
    )
    return max(limit - (used or 0), 0)


def check_support_budget(
    user: "User", proposal: Proposal, *, supported: bool, left: int | None
) -> None:
    """ "Not twice" and the limit, as the page sees them (the service re-checks under a lock)."""
    if supported:
        raise AlreadyDone(_("You already support this proposal."))
    if left == 0:
        raise LimitReached()


def _check_support_withdraw(
    user: "Person", proposal: Proposal, *, supported: bool, now: datetime
) -> None:
    check_can_vote(user, proposal, now=now)
    if not supported:
        raise WrongState(_("You do not support this proposal."))


_ASK = object()  # "not given by the caller: read it"


def proposal_actions(
    user: "Person",
    proposal: Proposal,
    *,
    supported: bool | None = None,
    left: "int | object | None" = _ASK,
    now: datetime | None = None,
) -> ProposalActions:
    """What `user` may do with `proposal` now, each with the refusal's message.

    `supported` (does the user support it) and `left` (supports left, None when unlimited)
    may be given by a list that read them for every card at once; otherwise they are read
    here, only when the answer depends on them.
    """
    now = _now(now)
    consultation = proposal.consultation
    support = _verdict(check_can_support, user, proposal, now=now)
    vote = _verdict(check_can_vote, user, proposal, now=now)
    if support or vote:
        if supported is None:
            supported = Support.objects.filter(proposal_id=proposal.pk, citizen=user).exists()
        if support:
            if left is _ASK:
                left = supports_left(user, consultation) if not supported else None
            support = _verdict(check_support_budget, user, proposal, supported=supported, left=left)
    withdraw_support = vote and _verdict(
        _check_support_withdraw, user, proposal, supported=bool(supported), now=now
    )
    return ProposalActions(
        support=support,
        withdraw_support=withdraw_support,
        edit=_verdict(check_can_edit, user, proposal, now=now),
        withdraw=_verdict(check_can_withdraw, user, proposal),
        comment=_verdict(check_can_comment, user, proposal, now=now),
        report=_verdict(check_can_report, user, consultation, proposal.state),
        follow=_verdict(check_can_follow_proposal, user, proposal),
    )


def submit_verdict(
    user: "Person", consultation: "ConsultationPage", *, now: datetime | None = None
) -> Verdict:
    """May `user` send a proposal to the consultation now (the list's "Send a proposal")."""
    return _verdict(check_can_submit, user, consultation, now=now)
