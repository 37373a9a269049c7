"""Wagtail pages for the public portal: home, consultation index, consultation; areas."""

from datetime import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .phases import Phase, Schedule


class HomePage(Page):
    """The portal's front page: what Civic is, and the consultations open now."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["consultations.ConsultationIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class Area(index.Indexed, models.Model):
    """A district or neighbourhood a consultation or proposal concerns."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_fa = models.CharField(_("name in Persian"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("name_fa"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.SearchField("name_fa")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


register_snippet(Area)


class ConsultationIndexPage(Page):
    """Lists consultations with filters by phase, topic and area."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["consultations.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("consultation index")


class ConsultationTopic(TaggedItemBase):
    """Topics are django-taggit tags, shared across the site (consultations and proposals)."""

    content_object = ParentalKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class ConsultationPage(Page):
    """One public consultation: what is asked, when, and under which rules."""

    class Moderation(models.TextChoices):
        PRE = "pre", _("Pre-moderation: proposals wait for a moderator")
        POST = "post", _("Post-moderation: published at once, reviewed after")

    summary = models.TextField(_("summary"), max_length=500)
    body = RichTextField(_("body"), blank=True)
    topics = ClusterTaggableManager(through=ConsultationTopic, blank=True, verbose_name=_("topics"))
    areas = ParentalManyToManyField(Area, blank=True, verbose_name=_("areas"))
    department = models.CharField(_("responsible department"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    proposals_open = models.DateTimeField(_("proposals open"))
    proposals_close = models.DateTimeField(_("proposals close"))
    voting_open = models.DateTimeField(_("voting opens"))
    voting_close = models.DateTimeField(_("voting closes"))
    responses_due = models.DateTimeField(_("responses due"))

    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.POST
    )
    max_supports_per_citizen = models.PositiveIntegerField(
        _("supports per citizen"), default=0, help_text=_("0 means unlimited.")
    )
    requires_verified_resident = models.BooleanField(_("only verified residents"), default=False)
    response_threshold = models.PositiveIntegerField(
        _("response threshold"),
        default=0,
        help_text=_("Supports that oblige an official response. 0: no threshold."),
    )
    response_due_days = models.PositiveIntegerField(
        _("days to respond"), default=30, validators=[MinValueValidator(1)]
    )
    allow_own_support = models.BooleanField(_("authors may support their own"), default=False)
    auto_hide_reports = models.PositiveIntegerField(
        _("reports that hide an item"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Distinct citizens' reports after which an item is hidden for review."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("topics"),
        FieldPanel("areas"),
        MultiFieldPanel(
            [FieldPanel("department"), FieldPanel("contact_email")], heading=_("Department")
        ),
        MultiFieldPanel(
            [
                FieldPanel("proposals_open"),
                FieldPanel("proposals_close"),
                FieldPanel("voting_open"),
                FieldPanel("voting_close"),
                FieldPanel("responses_due"),
            ],
            heading=_("Schedule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("moderation"),
                FieldPanel("max_supports_per_citizen"),
                FieldPanel("requires_verified_resident"),
                FieldPanel("response_threshold"),
                FieldPanel("response_due_days"),
                FieldPanel("allow_own_support"),
                FieldPanel("auto_hide_reports"),
            ],
            heading=_("Rules"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    @property
    def schedule(self) -> Schedule:
        return Schedule(
            proposals_open=self.proposals_open,
            proposals_close=self.proposals_close,
            voting_open=self.voting_open,
            voting_close=self.voting_close,
            responses_due=self.responses_due,
        )

    def phase_at(self, now: datetime | None = None) -> Phase:
        return self.schedule.phase(now or timezone.now())

    @property
    def phase(self) -> Phase:
        return self.phase_at()
