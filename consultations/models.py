"""Wagtail pages for the public portal: home, consultation index, consultation; areas and
departments (snippets)."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from civic.routing import CachedViewRestrictionsMixin, page_links
from civic.text import fold

from .admin_forms import ConsultationPageForm
from .blocks import ConsultationBodyBlock
from .pagecache import consultation_page, site_page
from .phases import Phase, Schedule


def _in_persian() -> bool:
    return (translation.get_language() or "").split("-")[0] == "fa"


class HomePage(CachedViewRestrictionsMixin, Page):
    """The portal's front page: what Civic is, and the consultations open now."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["consultations.ConsultationIndexPage", "consultations.StandardPage"]
    max_count_per_parent = 1
    template = "consultations/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def serve(self, request, *args, **kwargs):
        site_page(request)
        return super().serve(request, *args, **kwargs)

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


class ConsultationIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
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

        site_page(request)
        return consultation_list(request, self)

    @path("feed/")
    def feed(self, request):
        from .feeds import ConsultationFeed

        return ConsultationFeed(self)(request)


class Topic(index.Indexed, TagBase):
    """A topic: one concept, shared by consultations and proposals of every language, with a
    name per language.

    It is django-taggit's tag (`TagBase`): `name`, in the default language, and `slug` are
    what filters, links, the API and open data use, whatever the reader's language, so a
    Persian page filters by the same concepts as the English one. `name_fa` is what Persian
    readers see (the English name while it is empty).
    """

    name_fa = models.CharField(
        _("name in Persian"),
        max_length=100,
        blank=True,
        help_text=_("Shown on Persian pages; the English name is shown while this is empty."),
    )

    # The slug is made from the English name once; links, the API and open data rely on it.
    panels = [FieldPanel("name"), FieldPanel("name_fa")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_fa"),
        index.AutocompleteField("name"),
        index.AutocompleteField("name_fa"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            # A Persian name means one concept, so typing it finds that concept.
            models.UniqueConstraint(
                fields=["name_fa"],
                condition=~Q(name_fa=""),
                name="topic_name_fa_unique",
                violation_error_message=_("Another topic already has this Persian name."),
            )
        ]

    @property
    def display_name(self) -> str:
        """The name in the reader's language (Persian when there is one)."""
        return self.name_fa if _in_persian() and self.name_fa else self.name

    @classmethod
    def concept_names(cls, names) -> list[str]:
        """The concepts' own (default-language) names for names typed in any language: a
        Persian name becomes its concept's name, so tagging a Persian page with "پارک" keeps
        the concept "parks" rather than starting a new topic. Unknown names stay as typed."""
        names = [name for name in names if name]
        by_persian = dict(cls.objects.filter(name_fa__in=names).values_list("name_fa", "name"))
        return list(dict.fromkeys(by_persian.get(name, name) for name in names))


def sorted_by_display_name(topics) -> list[Topic]:
    """Topics in the order of the names the reader sees."""
    return sorted(topics, key=lambda topic: (topic.display_name.casefold(), topic.pk))


class ConsultationTopic(ItemBase):
    """A consultation's topic (a `Topic` concept, the same for each language version)."""

    tag = models.ForeignKey(
        Topic, related_name="%(app_label)s_%(class)s_items", on_delete=models.CASCADE
    )
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


class ConsultationPage(CachedViewRestrictionsMixin, Page):
    """One public consultation: what is asked, when, and under which rules.

    Persian (and other) translations are separate pages sharing a ``translation_key``.
    Proposals, supports, tallies and staff roles attach to the ``canonical`` page, the one in
    the default language, so every language version shows the same proposals and counts.
    """

    class Moderation(models.TextChoices):
        PRE = "pre", _("Pre-moderation: proposals wait for a moderator")
        POST = "post", _("Post-moderation: published at once, reviewed after")

    class Kind(models.TextChoices):
        IDEAS = "ideas", _("Ideas: citizens propose and support")
        BUDGET = "budget", _("Participatory budget: citizens decide how an amount is spent")

    class BallotRule(models.TextChoices):
        KNAPSACK = "knapsack", _("Knapsack: the chosen projects' costs fit the heading's amount")
        APPROVAL = "approval", _("Approval: at most a number of projects")

    class AllocationRule(models.TextChoices):
        GREEDY = "greedy", _("Greedy by votes, skipping what no longer fits")
        EQUAL_SHARES = "equal_shares", _("Method of Equal Shares (proportional), with completion")

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
    # Participatory budgeting (DESIGN.md §9). The rules below apply when kind is "budget";
    # headings (budgets.BudgetHeading) hold the amounts citizens vote on.
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.IDEAS)
    budget_amount = models.DecimalField(
        _("total amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("The amount cannot be negative."))],
        help_text=_("The money citizens decide on; the headings' amounts add up to it."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code."))],
        help_text=_("Three-letter ISO 4217 code, for example EUR or IRR."),
    )
    ballot_rule = models.CharField(
        _("ballot rule"), max_length=8, choices=BallotRule.choices, default=BallotRule.KNAPSACK
    )
    max_choices = models.PositiveIntegerField(
        _("most projects per ballot"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("A ballot must allow at least one project."))],
        help_text=_("For approval ballots: how many projects a citizen may choose."),
    )
    min_share = models.PositiveSmallIntegerField(
        _("least share of the amount a ballot uses (%)"),
        default=0,
        validators=[
            MinValueValidator(0, _("The share cannot be negative.")),
            MaxValueValidator(100, _("The share cannot exceed 100 %.")),
        ],
        help_text=_("For knapsack ballots: 0 lets a citizen choose a single project."),
    )
    allocation_rule = models.CharField(
        _("allocation rule"),
        max_length=12,
        choices=AllocationRule.choices,
        default=AllocationRule.GREEDY,
        help_text=_("How winners are chosen. It is shown publicly and fixed once balloting opens."),
    )
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
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("budget_amount"), FieldPanel("currency")]),
                FieldRowPanel(
                    [FieldPanel("ballot_rule"), FieldPanel("max_choices"), FieldPanel("min_share")]
                ),
                FieldPanel("allocation_rule"),
                InlinePanel(
                    "budget_headings",
                    label=_("Heading"),
                    heading=_("Headings"),
                    help_text=_(
                        "Parts of the amount, e.g. one per district; their amounts add up to "
                        "the total. Leave empty for one heading, “Whole budget”, with the "
                        "whole amount."
                    ),
                ),
            ],
            heading=_("Participatory budget"),
            help_text=_(
                "Only for consultations of the kind “Participatory budget”: a consultation of "
                "ideas ignores everything in this section."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name"), index.SearchField("name_fa")]),
    ]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []
    template = "consultations/consultation_page.html"
    base_form_class = ConsultationPageForm

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
            models.CheckConstraint(
                condition=Q(kind__in=["ideas", "budget"]), name="consultation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(ballot_rule__in=["knapsack", "approval"]),
                name="consultation_ballot_rule_valid",
            ),
            models.CheckConstraint(
                condition=Q(allocation_rule__in=["greedy", "equal_shares"]),
                name="consultation_allocation_rule_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_share__lte=100), name="consultation_min_share_at_most_all"
            ),
            # A budget reviews feasibility between collecting and balloting: they never overlap.
            models.CheckConstraint(
                condition=~Q(kind="budget") | Q(voting_open__gte=F("proposals_close")),
                name="consultation_budget_ballots_after_collecting",
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
        if self.kind == self.Kind.BUDGET:
            self._clean_budget(add)
        if self.hero_image_id and not self.hero_image_alt.strip():
            add("hero_image_alt", _("Describe the hero image for people who cannot see it."))
        if errors:
            raise ValidationError(errors)

    def _clean_budget(self, add) -> None:
        """The rules a budget needs; the headings' own checks are budgets.BudgetHeading's."""
        if self.budget_amount is None:
            add("budget_amount", _("A budget needs the amount citizens decide on."))
        if not self.currency:
            add("currency", _("A budget needs its currency."))
        if self.proposals_close and self.voting_open and self.voting_open < self.proposals_close:
            add(
                "voting_open",
                _(
                    "Balloting opens after proposals close: their feasibility is reviewed in "
                    "between."
                ),
            )
        if self.ballot_rule == self.BallotRule.APPROVAL and not self.max_choices:
            add("max_choices", _("Say how many projects an approval ballot may choose."))
        if self.pk and self.voting_open and self.voting_open <= timezone.now():
            stored = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("allocation_rule", "ballot_rule", "kind")
                .first()
            )
            if stored and stored != (self.allocation_rule, self.ballot_rule, self.kind):
                add(
                    "allocation_rule",
                    _(
                        "Balloting has opened: the kind, the ballot rule and the allocation rule "
                        "can no longer change."
                    ),
                )

    @property
    def is_budget(self) -> bool:
        return self.kind == self.Kind.BUDGET

    def serve(self, request, *args, **kwargs):
        consultation_page(request, self.canonical)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .display import citizen_actions, rules_in_words, timeline
        from .queries import counts_for

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        canonical = self.canonical
        # Translations, breadcrumb and the index link change only with the page tree: cached.
        links = page_links(request, self)
        context.update(
            now=now,
            phase=self.phase_at(now),
            timeline=timeline(self, now),
            citizen_actions=citizen_actions(self, now),
            rules=rules_in_words(self),
            counts=counts_for([canonical.pk])[canonical.pk],
            # Proposals, supports and roles belong to the default-language page.
            consultation=canonical,
            links=links,
            translations=links.others(self.pk),
            crumbs=links.crumbs,
            # The parent (the consultation index) is the last ancestor.
            index_url=links.crumbs[-1][1] if links.crumbs else "",
            topics=sorted_by_display_name(self.topics.all()),
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


class StandardPage(CachedViewRestrictionsMixin, Page):
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

    def serve(self, request, *args, **kwargs):
        site_page(request)
        return super().serve(request, *args, **kwargs)
