"""Comments on proposals: one level of replies, official when written by an official."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .content import CitizenText
from .states import ModerationState, choices_check

COMMENT_MAX = 2000


class CommentQuerySet(models.QuerySet):
    def published(self) -> "CommentQuerySet":
        return self.filter(state=ModerationState.PUBLISHED)


class Comment(CitizenText, models.Model):
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("proposal"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), validators=[MaxLengthValidator(COMMENT_MAX)])
    is_official = models.BooleanField(_("official"), default=False)
    state = models.CharField(
        _("moderation state"),
        max_length=10,
        choices=ModerationState.choices,
        default=ModerationState.PENDING,
    )
    public_reason = models.CharField(_("public reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            choices_check("state", ModerationState, "comment_state_valid"),
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
        ]
        indexes = [
            models.Index(fields=["proposal", "state", "created_at"], name="comment_proposal_idx"),
            models.Index(fields=["author", "-created_at"], name="comment_author_idx"),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on proposal {self.proposal_id}"
