"""Wagtail pages for the public portal: home, consultation index, consultation; areas and
departments (snippets)."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from civic.text import fold

from .blocks import ConsultationBodyBlock
from .phases import Phase, Schedule


def _in_persian() -> bool:
    return (translation.get_language() or "").split("-")[0] == "fa"


class HomePage(Page):
    """The portal's front page: what Civic is, and the consultations open now."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["consultations.ConsultationIndexPage", "consultations.StandardPage"]
    max_count_per_parent = 1
    template = "consultations/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .queries import home_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(home_listing(locale_id=self.locale_id, now=timezone.now()))
        return context


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

    @property
    def display_name(self) -> str:
        """The name in the reader's language (Persian when there is one)."""
        return self.name_fa if _in_persian() and self.name_fa else self.name


register_snippet(Area)


class Department(index.Indexed, models.Model):
    """A department of the administration: responsible for consultations and responses."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    name_fa = models.CharField(_("name in Persian"), max_length=150, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact telephone"), max_length=40, blank=True)

    panels = [FieldPanel("name"), FieldPanel("name_fa"), FieldPanel("email"), FieldPanel("phone")]
    search_fields = [index.SearchField("name"), index.SearchField("name_fa")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.name_fa if _in_persian() and self.name_fa else self.name


register_snippet(Department)


class ConsultationIndexPage(RoutablePageMixin, Page):
    """Lists consultations with filters by phase, topic, area and words; and their feed."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["consultations.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    template = "consultations/consultation_index_page.html"

    class Meta:
        verbose_name = _("consultation index")

    @path("")
    def listing(self, request):
        from .views import consultation_list

        return consultation_list(request, self)

    @path("feed/")
    def feed(self, request):
        from .feeds import ConsultationFeed

        return ConsultationFeed(self)(request)


class ConsultationTopic(TaggedItemBase):
    """Topics are django-taggit tags, shared across the site (consultations and proposals)."""

    content_object = ParentalKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


SCHEDULE_FIELDS = ("proposals_open", "proposals_close", "voting_open", "voting_close")


DEFAULT_LOCALE_KEY = "civic:default-locale-id"


def default_locale_id() -> int | None:
    """The id of the default language's Wagtail locale, from the cache after the first read
    (locales are created once, with the site, and never change id)."""
    from django.core.cache import cache
    from wagtail.models import Locale

    found = cache.get(DEFAULT_LOCALE_KEY)
    if found is None:
        found = (
            Locale.objects.filter(language_code=settings.LANGUAGE_CODE)
            .values_list("pk", flat=True)
            .first()
        )
        if found is not None:
            cache.set(DEFAULT_LOCALE_KEY, found, None)
    return found


class ConsultationPage(Page):
    """One public consultation: what is asked, when, and under which rules.

    Persian (and other) translations are separate pages sharing a ``translation_key``.
    Proposals, supports, tallies and staff roles attach to the ``canonical`` page, the one in
    the default language, so every language version shows the same proposals and counts.
    """

    class Moderation(models.TextChoices):
        PRE = "pre", _("Pre-moderation: proposals wait for a moderator")
        POST = "post", _("Post-moderation: published at once, reviewed after")

    summary = models.TextField(
        _("summary"),
        max_length=500,
        help_text=_("One or two sentences: shown in lists, search results and link previews."),
    )
    body = StreamField(ConsultationBodyBlock(), verbose_name=_("body"), blank=True)
    # Title and summary in folded form (civic/text.py `fold`), so the list's word search
    # matches Arabic/Persian letter forms, digits, ZWNJ and tatweel alike on every database.
    search_text = models.TextField(_("title and summary, folded"), blank=True, editable=False)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("hero image alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    topics = ClusterTaggableManager(through=ConsultationTopic, blank=True, verbose_name=_("topics"))
    areas = ParentalManyToManyField(Area, blank=True, verbose_name=_("areas"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Defaults to the department's e-mail.")
    )

    proposals_open = models.DateTimeField(_("proposals open"))
    proposals_close = models.DateTimeField(_("proposals close"))
    voting_open = models.DateTimeField(_("voting opens"))
    voting_close = models.DateTimeField(_("voting closes"))
    responses_due = models.DateTimeField(
        _("responses due"), help_text=_("The consultation closes when official answers are due.")
    )

    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.POST
    )
    max_supports_per_citizen = models.PositiveIntegerField(
        _("supports per citizen"),
        default=0,
        validators=[MinValueValidator(0, _("The number of supports cannot be negative."))],
        help_text=_("0 means unlimited."),
    )
    requires_verified_resident = models.BooleanField(_("only verified residents"), default=False)
    response_threshold = models.PositiveIntegerField(
        _("response threshold"),
        default=0,
        validators=[MinValueValidator(0, _("The response threshold cannot be negative."))],
        help_text=_("Supports that oblige an official response. 0: no threshold."),
    )
    response_due_days = models.PositiveIntegerField(
        _("days to respond"),
        default=30,
        validators=[MinValueValidator(1, _("Officials need at least one day to respond."))],
        help_text=_(
            "Days officials have to answer a proposal once it crosses the threshold or staff "
            "pick it for a response."
        ),
    )
    allow_own_support = models.BooleanField(_("authors may support their own"), default=False)
    auto_hide_reports = models.PositiveIntegerField(
        _("reports that hide an item"),
        default=5,
        validators=[MinValueValidator(1, _("At least one report is needed to hide an item."))],
        help_text=_("Distinct citizens' reports after which an item is hidden for review."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image")
        ),
        FieldPanel("body"),
        FieldPanel("topics"),
        FieldPanel("areas"),
        MultiFieldPanel(
            [FieldPanel("department"), FieldPanel("contact_name"), FieldPanel("contact_email")],
            heading=_("Department and contact"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("proposals_open"), FieldPanel("proposals_close")]),
                FieldRowPanel([FieldPanel("voting_open"), FieldPanel("voting_close")]),
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
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []
    template = "consultations/consultation_page.html"

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        permissions = [
            ("moderate_consultation", _("Can moderate the consultation's proposals and comments")),
            ("respond_consultation", _("Can draft official responses in the consultation")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposals_close__gt=F("proposals_open")),
                name="consultation_proposals_close_after_open",
            ),
            models.CheckConstraint(
                condition=Q(voting_close__gt=F("voting_open")),
                name="consultation_voting_close_after_open",
            ),
            models.CheckConstraint(
                condition=Q(voting_open__gte=F("proposals_open")),
                name="consultation_voting_not_before_proposals",
            ),
            models.CheckConstraint(
                condition=Q(voting_close__gte=F("proposals_close")),
                name="consultation_voting_ends_after_proposals",
            ),
            models.CheckConstraint(
                condition=Q(responses_due__gte=F("voting_close")),
                name="consultation_responses_due_after_voting",
            ),
        ]
        indexes = [
            models.Index(
                fields=["proposals_open", "proposals_close"], name="consultation_collect_idx"
            ),
            models.Index(fields=["voting_open", "voting_close"], name="consultation_voting_idx"),
            models.Index(fields=["responses_due"], name="consultation_due_idx"),
        ]

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title}\n{self.summary}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "summary"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        return super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}

        def add(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        po, pc = self.proposals_open, self.proposals_close
        vo, vc, due = self.voting_open, self.voting_close, self.responses_due
        if po and pc and pc <= po:
            add("proposals_close", _("Proposals must close after they open."))
        if vo and vc and vc <= vo:
            add("voting_close", _("Voting must close after it opens."))
        if po and vo and vo < po:
            add("voting_open", _("Voting cannot open before proposals start being collected."))
        if pc and vc and vc < pc:
            add(
                "voting_close",
                _(
                    "Voting cannot close before proposals close: late proposals could never "
                    "be supported."
                ),
            )
        if vc and due and due < vc:
            add("responses_due", _("Responses cannot be due before voting closes."))
        if self.hero_image_id and not self.hero_image_alt.strip():
            add("hero_image_alt", _("Describe the hero image for people who cannot see it."))
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from .display import citizen_actions, rules_in_words, timeline
        from .queries import counts_for

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        canonical = self.canonical
        ancestors = list(self.get_ancestors().filter(depth__gt=1))
        context.update(
            now=now,
            phase=self.phase_at(now),
            timeline=timeline(self, now),
            citizen_actions=citizen_actions(self, now),
            rules=rules_in_words(self),
            counts=counts_for([canonical.pk])[canonical.pk],
            # Proposals, supports and roles belong to the default-language page.
            consultation=canonical,
            translations=list(self.get_translations().live().select_related("locale")),
            # One query for the breadcrumb and the index link (the parent is the last one).
            ancestors=ancestors,
            index_url=ancestors[-1].get_url(request) if ancestors else "",
            topics=list(self.topics.all()),
            areas=list(self.areas.all()),
        )
        return context

    # Reading helpers ------------------------------------------------------------------

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

    @cached_property
    def canonical(self) -> "ConsultationPage":
        """The page in the default language, which proposals, supports and roles attach to.

        Its own ``translation_key`` sibling in the default locale, else this page itself.
        A page in the default locale is its own: no query (the locale's id is cached).
        """
        if self.locale_id == default_locale_id():
            return self
        sibling = (
            ConsultationPage.objects.filter(
                translation_key=self.translation_key,
                locale__language_code=settings.LANGUAGE_CODE,
            )
            .exclude(pk=self.pk)
            .first()
        )
        return sibling or self

    @property
    def contact(self) -> str:
        if self.contact_email:
            return self.contact_email
        return self.department.email if self.department_id else ""


class StandardPage(Page):
    """A plain editorial page under the home page: the privacy notice, the accessibility
    statement, or any page an editor adds. Pages marked "Show in menus" are linked from the
    footer of every page in their language."""

    class Purpose(models.TextChoices):
        OTHER = "", _("Other page")
        PRIVACY = "privacy", _("Privacy notice")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(ConsultationBodyBlock(), verbose_name=_("body"), blank=True)
    purpose = models.CharField(
        _("purpose"),
        max_length=16,
        choices=Purpose.choices,
        blank=True,
        default=Purpose.OTHER,
        help_text=_(
            "Other pages link to the privacy notice and the accessibility statement through "
            "this choice. Give each purpose to one page per language."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    settings_panels = [*Page.settings_panels, FieldPanel("purpose")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["consultations.HomePage"]
    subpage_types: list[str] = []
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=["", "privacy", "accessibility"]),
                name="standard_page_purpose_valid",
            )
        ]
