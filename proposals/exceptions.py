"""Domain errors of the citizen journey. Each carries a translated, user-facing message.

Callers turn them into form errors (`field` names the form field when there is one) or
into HTTP responses with `status`.
"""

from django.utils.translation import gettext_lazy as _


class JourneyError(Exception):
    """Base class: the action was refused and nothing changed."""

    default_message = _("This action is not possible.")
    status = 400

    def __init__(self, message=None, *, field: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.field = field
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class NotVisible(JourneyError):
    """The consultation (or item) is not published for this person."""

    default_message = _("This consultation is not open to the public.")
    status = 404


class NotAllowed(JourneyError):
    """The person's role does not allow the action."""

    default_message = _("You are not allowed to do this.")
    status = 403


class Suspended(NotAllowed):
    """A moderator suspended the account: it may read, but not contribute."""

    default_message = _(
        "Your account is suspended, so you cannot contribute. You can still read, download "
        "your data or delete your account."
    )


class LoginRequired(NotAllowed):
    default_message = _("Sign in with a confirmed e-mail address to take part.")


class VerificationRequired(NotAllowed):
    default_message = _("Only verified residents can support proposals in this consultation.")


class PhaseClosed(JourneyError):
    """The consultation's phase does not allow the action now."""

    default_message = _("This consultation is not in the right phase for that.")
    status = 409


class WrongState(JourneyError):
    """The item is not in a state that allows the action."""

    default_message = _("This item cannot be changed in its current state.")
    status = 409


class AlreadyDone(JourneyError):
    """The person did this before (support twice, report twice)."""

    default_message = _("You have already done this.")
    status = 409


class LimitReached(JourneyError):
    default_message = _("You have used all your supports in this consultation.")
    status = 409


class InvalidInput(JourneyError):
    """A field is missing, too long or not one of the allowed choices."""

    default_message = _("Please correct the form.")
    status = 400
