"""Proposals and the versions every edit leaves behind."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import ItemBase

from civic.text import fold

from .content import CitizenText
from .states import ModerationState, Outcome, choices_check

TITLE_MAX = 150
BODY_MAX = 5000


class ProposalTopic(ItemBase):
    """A proposal's topic: one of the site's topic concepts, the ones consultations use."""

    tag = models.ForeignKey(
        "consultations.Topic",
        related_name="%(app_label)s_%(class)s_items",
        on_delete=models.CASCADE,
    )
    content_object = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class ProposalQuerySet(models.QuerySet):
    def published(self) -> "ProposalQuerySet":
        return self.filter(state=ModerationState.PUBLISHED)

    def of_consultation(self, consultation) -> "ProposalQuerySet":
        return self.filter(consultation_id=consultation.pk)

    def for_listing(self) -> "ProposalQuerySet":
        return self.select_related("author", "area").prefetch_related("topics")


class Proposal(CitizenText, models.Model):
    """A citizen's idea in one consultation, with its moderation state and outcome."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("consultation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"), validators=[MaxLengthValidator(BODY_MAX)])
    # The folded forms (civic/text.py `fold`) that search, similar titles and duplicate checks
    # compare: stored, so both databases filter and index them alike (a trigram index on
    # PostgreSQL); kept in step by save(). What the citizen typed stays in title and body.
    search_title = models.TextField(_("title, folded for search"), blank=True, editable=False)
    search_body = models.TextField(_("text, folded for search"), blank=True, editable=False)
    topics = TaggableManager(
        through=ProposalTopic, blank=True, verbose_name=_("topics"), related_name="proposals"
    )
    area = models.ForeignKey(
        "consultations.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("area"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    image = models.ImageField(_("image"), upload_to="proposals/%Y/%m/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)

    state = models.CharField(
        _("moderation state"),
        max_length=10,
        choices=ModerationState.choices,
        default=ModerationState.PENDING,
    )
    public_reason = models.CharField(_("public reason"), max_length=500, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.NONE
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_proposals",
        verbose_name=_("merged into"),
    )

    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    threshold_reached_at = models.DateTimeField(
        _("response threshold reached at"), null=True, blank=True
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-published_at", "-id"]
        constraints = [
            choices_check("state", ModerationState, "proposal_state_valid"),
            choices_check("outcome", Outcome, "proposal_outcome_valid"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="proposal_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="proposal_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="proposal_location_complete",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(outcome=Outcome.MERGED),
                name="proposal_merged_into_only_when_merged",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=F("pk")),
                name="proposal_not_merged_into_itself",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="proposal_title_not_empty"),
        ]
        indexes = [
            models.Index(
                fields=["consultation", "state", "-support_count", "-id"],
                name="proposal_cons_supports_idx",
            ),
            models.Index(
                fields=["consultation", "state", "-published_at", "-id"],
                name="proposal_cons_newest_idx",
            ),
            models.Index(
                fields=["consultation", "state", "-comment_count", "-id"],
                name="proposal_cons_comments_idx",
            ),
            models.Index(
                fields=["consultation", "state", "outcome"], name="proposal_cons_outcome_idx"
            ),
            models.Index(fields=["consultation", "area", "state"], name="proposal_cons_area_idx"),
            models.Index(fields=["state", "-published_at", "-id"], name="proposal_newest_idx"),
            models.Index(fields=["state", "-support_count", "-id"], name="proposal_supports_idx"),
            models.Index(fields=["author", "-created_at"], name="proposal_author_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.search_title, self.search_body = fold(self.title), fold(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            fields = set(update_fields)
            fields |= {f"search_{name}" for name in ("title", "body") if name in fields}
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ProposalVersion(models.Model):
    """A snapshot of a proposal's content, written at submission and at every edit."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="versions", verbose_name=_("proposal")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"))
    topics = models.JSONField(_("topics"), default=list, blank=True)
    area = models.ForeignKey(
        "consultations.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    image = models.CharField(_("image file"), max_length=255, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("edited at"))

    class Meta:
        verbose_name = _("proposal version")
        verbose_name_plural = _("proposal versions")
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"
