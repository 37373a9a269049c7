"""The on-site inbox. Each row is also e-mailed according to the recipient's preference."""

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from proposals.models.states import choices_check

# Formatters of stored parameters, by name, registered by the app that stores them (budgets
# formats a cost as money): each takes the parameters and gives the text shown to the reader,
# in the language active when the message is rendered.
PARAM_FORMATTERS: dict[str, Callable[[dict], str]] = {}


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class NotificationKind(models.TextChoices):
    DECISION = "decision", _("Moderation decision on your contribution")
    PENDING = "pending", _("Contribution waiting for moderation")
    THRESHOLD = "threshold", _("Proposal reached the response threshold")
    RESPONSE = "response", _("New official response")
    OUTCOME = "outcome", _("Outcome changed")


class EmailStatus(models.TextChoices):
    NONE = "none", _("Not e-mailed")
    QUEUED = "queued", _("Waiting for the daily digest")
    SENT = "sent", _("E-mailed")


class Notification(models.Model):
    Kind = NotificationKind
    Email = EmailStatus

    # Messages are rendered when shown, in the reader's language, from `kind` and `params`.
    MESSAGES = {
        Kind.DECISION: _("Your contribution “%(title)s” is now: %(state)s. %(reason)s"),
        Kind.PENDING: _("“%(title)s” is waiting for moderation in “%(consultation)s”."),
        Kind.THRESHOLD: _(
            "“%(title)s” reached %(supports)s supports in “%(consultation)s” and needs an "
            "official response."
        ),
        Kind.RESPONSE: _("“%(title)s” has a new official response."),
        Kind.OUTCOME: _("The outcome of “%(title)s” is now: %(outcome)s."),
    }

    # A budget's feasibility review (proposals/responses/feasibility.py): worded by its
    # decision, and for the author ("yours") in the second person.
    REVIEW_MESSAGES = {
        ("feasible", True): _("Your proposal “%(title)s” is on the ballot at a cost of %(cost)s."),
        ("feasible", False): _("“%(title)s” is on the ballot at a cost of %(cost)s."),
        ("not_feasible", True): _("Your proposal “%(title)s” was found not feasible: %(reason)s"),
        ("not_feasible", False): _("“%(title)s” was found not feasible: %(reason)s"),
    }

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    email = models.CharField(_("e-mail"), max_length=8, choices=Email.choices, default=Email.NONE)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_check("kind", NotificationKind, "notification_kind_valid"),
            choices_check("email", EmailStatus, "notification_email_valid"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["email", "recipient"],
                condition=models.Q(email="queued"),
                name="notification_digest_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.message

    # Names people or authors wrote, in whatever language: isolated on the page.
    ISOLATED_PARAMS = ("title", "consultation", "reason")

    @property
    def message(self) -> str:
        return (str(self._template()) % self._display_params()).strip()

    def _template(self):
        template = self.MESSAGES.get(self.kind, "%(title)s")
        review = (self.params.get("review"), bool(self.params.get("yours")))
        if self.kind == self.Kind.RESPONSE and review in self.REVIEW_MESSAGES:
            template = self.REVIEW_MESSAGES[review]
        return template

    @property
    def message_html(self) -> SafeString:
        """The message with titles in <bdi>, so an English title in a Persian sentence (or the
        reverse) keeps its punctuation at its own end and the sentence's full stop at ours."""
        template = conditional_escape(str(self._template()))
        params = {
            key: format_html("<bdi>{}</bdi>", value)
            if key in self.ISOLATED_PARAMS and value
            else conditional_escape(value)
            for key, value in self._display_params().items()
        }
        return mark_safe((template % params).strip())  # noqa: S308 - every part escaped above

    def _display_params(self) -> dict:
        params = {
            "cost": "",
            "title": "",
            "state": "",
            "reason": "",
            "consultation": "",
            "supports": "",
            "outcome": "",
            **self.params,
        }
        # Translate stored choice values at display time.
        from proposals.models.states import ModerationState, Outcome, ReasonCode

        if params["state"] in ModerationState.values:
            params["state"] = ModerationState(params["state"]).label
        if params["reason"] and params["reason"] in ReasonCode.values:
            params["reason"] = ReasonCode(params["reason"]).label
        if params["outcome"] in Outcome.values:
            params["outcome"] = Outcome(params["outcome"]).label
        for name, formatter in PARAM_FORMATTERS.items():
            if params.get(name):
                params[name] = formatter(params)
        return params
