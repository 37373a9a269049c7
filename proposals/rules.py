"""Who may do what, when: the citizen cells of the permission matrix (DESIGN.md §4).

Each `check_*` function raises the domain error that explains a refusal; each `can_*`
predicate answers the same question with a bool, for templates and buttons. Services call the
checks, so a view that shows a button and the service that acts never disagree.
Staff roles are per consultation and answered by consultations/roles.py; staff of another
consultation count as citizens.
"""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations import roles
from consultations.phases import Phase

from .exceptions import (
    JourneyError,
    LoginRequired,
    NotAllowed,
    NotVisible,
    PhaseClosed,
    VerificationRequired,
    WrongState,
)
from .models import ModerationState, Proposal, ResidentVerification

# --- who --------------------------------------------------------------------------------


def is_citizen(user) -> bool:
    """Signed in, active, with a verified e-mail address (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_civic_email_verified", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._civic_email_verified = cached
    return cached


def is_verified_resident(user) -> bool:
    if not is_citizen(user):
        return False
    cached = getattr(user, "_civic_resident", None)
    if cached is None:
        cached = ResidentVerification.objects.filter(user=user).exists()
        user._civic_resident = cached
    return cached


# --- when -------------------------------------------------------------------------------


def is_visible(consultation) -> bool:
    return bool(consultation.live)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# --- checks (raise) ---------------------------------------------------------------------


def check_visible(consultation) -> None:
    if not is_visible(consultation):
        raise NotVisible()


def check_citizen(user) -> None:
    if not is_citizen(user):
        raise LoginRequired()


def check_can_submit(user, consultation, *, now: datetime | None = None) -> None:
    check_visible(consultation)
    check_citizen(user)
    if not consultation.schedule.is_collecting(_now(now)):
        raise PhaseClosed(_("Proposals can only be sent while the consultation collects them."))


def check_can_edit(user, proposal: Proposal, *, now: datetime | None = None) -> None:
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
    if proposal.moderation_decisions.exists():
        raise WrongState(_("A proposal cannot be edited once a moderator has decided on it."))


def check_can_withdraw(user, proposal: Proposal) -> None:
    check_visible(proposal.consultation)
    check_citizen(user)
    if proposal.author_id != user.pk:
        raise NotAllowed(_("Only the author can withdraw a proposal."))
    if proposal.state not in {ModerationState.PENDING, ModerationState.PUBLISHED}:
        raise WrongState(_("This proposal can no longer be withdrawn."))


def check_can_vote(user, proposal: Proposal, *, now: datetime | None = None) -> None:
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


def check_can_support(user, proposal: Proposal, *, now: datetime | None = None) -> None:
    """Everything but the limit and "not twice", which the service checks under a lock."""
    check_can_vote(user, proposal, now=now)
    if proposal.author_id == user.pk and not proposal.consultation.allow_own_support:
        raise NotAllowed(_("You cannot support your own proposal in this consultation."))


def check_can_comment(user, proposal: Proposal, *, now: datetime | None = None) -> None:
    consultation = proposal.consultation
    check_visible(consultation)
    check_citizen(user)
    if consultation.phase_at(_now(now)) in {Phase.UPCOMING, Phase.CLOSED}:
        raise PhaseClosed(_("Comments are closed in this consultation."))
    if proposal.state != ModerationState.PUBLISHED:
        raise WrongState(_("Only published proposals can be commented on."))


def check_can_report(user, consultation, state: str) -> None:
    check_visible(consultation)
    check_citizen(user)
    if state != ModerationState.PUBLISHED:
        raise WrongState(_("Only published contributions can be reported."))


def check_can_follow(user, consultation) -> None:
    check_visible(consultation)
    if user is None or not user.is_authenticated:
        raise LoginRequired(_("Sign in to follow."))


def check_can_moderate(user, consultation) -> None:
    if not roles.is_moderator(user, consultation):
        raise NotAllowed(_("Only moderators of this consultation can do this."))


# --- predicates (bool) ------------------------------------------------------------------


def _allowed(check, *args, **kwargs) -> bool:
    try:
        check(*args, **kwargs)
    except JourneyError:
        return False
    return True


def can_submit(user, consultation, *, now: datetime | None = None) -> bool:
    return _allowed(check_can_submit, user, consultation, now=now)


def can_edit(user, proposal: Proposal, *, now: datetime | None = None) -> bool:
    return _allowed(check_can_edit, user, proposal, now=now)


def can_withdraw(user, proposal: Proposal) -> bool:
    return _allowed(check_can_withdraw, user, proposal)


def can_support(user, proposal: Proposal, *, now: datetime | None = None) -> bool:
    return _allowed(check_can_support, user, proposal, now=now)


def can_comment(user, proposal: Proposal, *, now: datetime | None = None) -> bool:
    return _allowed(check_can_comment, user, proposal, now=now)


def can_report(user, consultation, state: str = ModerationState.PUBLISHED) -> bool:
    return _allowed(check_can_report, user, consultation, state)


def can_moderate(user, consultation) -> bool:
    return roles.is_moderator(user, consultation)
