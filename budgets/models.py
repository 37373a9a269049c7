"""Participatory budgeting (DESIGN.md §9): headings, projects, ballots and allocations.

A budget is a consultation of kind "budget" (`consultations.ConsultationPage`): its rules
(amount, currency, ballot rule, allocation rule) are page fields, edited with the page. Its
money is split into **headings** (one per district, say), edited inline on the page; every
budget has at least one. Like proposals, ballots and projects attach to the canonical
(default-language) page's headings, so every language version counts the same ballots.

A proposal becomes a **project** when its feasibility review (an official response with
`feasible` set, approved through the response workflow) is published feasible and costed.
A citizen's **ballot** is one row per heading and voter token (database-enforced) with the
chosen projects as rows of `BallotChoice`. An **allocation** is one count of a heading's
ballots by the consultation's rule, stored with the rule, the code version and the moment;
the newest allocation of a heading is the published result.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


def _in_persian() -> bool:
    return (get_language() or "").split("-")[0] == "fa"


class BudgetHeading(Orderable):
    """A part of a budget's money with its own amount, and optionally its own voters: only
    verified residents of `area` may vote under a heading that has one."""

    consultation = ParentalKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="budget_headings",
        verbose_name=_("consultation"),
    )
    name = models.CharField(_("name"), max_length=120)
    name_fa = models.CharField(_("name in Persian"), max_length=120, blank=True)
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(1, _("A heading needs an amount to spend."))],
    )
    area = models.ForeignKey(
        "consultations.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_headings",
        verbose_name=_("only residents of"),
        help_text=_("Leave empty to let every eligible citizen vote under this heading."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_fa")]),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("area")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("budget heading")
        verbose_name_plural = _("budget headings")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="budget_heading_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (Persian when there is one)."""
        return self.name_fa if _in_persian() and self.name_fa else self.name


class Project(models.Model):
    """A proposal on the ballot: reviewed feasible, with its cost. Kept in step with the
    proposal's live feasibility review (budgets.services)."""

    proposal = models.OneToOneField(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="budget_project",
        verbose_name=_("proposal"),
    )
    heading = models.ForeignKey(
        BudgetHeading, on_delete=models.CASCADE, related_name="projects", verbose_name=_("heading")
    )
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["heading", "id"]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="budget_project_cost_positive"),
        ]

    def __str__(self) -> str:
        return self.proposal.title


class Ballot(models.Model):
    """One citizen's choice of projects under one heading. One per voter token and heading;
    the token (a keyed hash of citizen and consultation, proposals.tokens) stays when the
    account is deleted, so published ballot files never change by a deletion."""

    heading = models.ForeignKey(
        BudgetHeading, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("heading")
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_ballots",
        verbose_name=_("voter"),
    )
    voter_token = models.CharField(_("voter token"), max_length=64)
    projects = models.ManyToManyField(
        Project, through="BallotChoice", related_name="ballots", verbose_name=_("projects")
    )
    cast_at = models.DateTimeField(_("cast at"), auto_now_add=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["heading", "voter_token"], name="ballot_one_per_voter_per_heading"
            ),
            models.UniqueConstraint(
                fields=["heading", "voter"],
                condition=Q(voter__isnull=False),
                name="ballot_one_per_account_per_heading",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.heading} · {self.voter_token[:8]}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="ballot_choice_once"),
        ]
        indexes = [models.Index(fields=["project"], name="ballot_choice_project_idx")]

    def __str__(self) -> str:
        return f"{self.ballot_id} → {self.project_id}"


class Allocation(models.Model):
    """One count of a heading's ballots. The newest per heading is the published result."""

    class Trigger(models.TextChoices):
        CLOSE = "close", _("Balloting closed")
        STAFF = "staff", _("Requested by staff")

    heading = models.ForeignKey(
        BudgetHeading,
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name=_("heading"),
    )
    rule = models.CharField(_("rule"), max_length=12)
    code_version = models.CharField(_("code version"), max_length=40)
    computed_at = models.DateTimeField(_("computed at"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    spent = models.DecimalField(_("spent"), max_digits=14, decimal_places=2)
    ballots = models.PositiveIntegerField(_("ballots counted"))
    trigger = models.CharField(_("trigger"), max_length=5, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        ordering = ["-computed_at", "-id"]
        get_latest_by = ["computed_at", "id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(
                condition=Q(rule__in=["greedy", "equal_shares"]), name="allocation_rule_valid"
            ),
            models.CheckConstraint(
                condition=Q(spent__lte=models.F("amount")), name="allocation_within_amount"
            ),
        ]
        indexes = [models.Index(fields=["heading", "-computed_at"], name="allocation_latest_idx")]

    def __str__(self) -> str:
        return f"{self.heading} · {self.rule} · {self.computed_at:%Y-%m-%d %H:%M}"


class AllocationResult(models.Model):
    """What one allocation decided about one project, and why a loser lost."""

    class Reason(models.TextChoices):
        SELECTED = "selected", _("Selected")
        DID_NOT_FIT = "did_not_fit", _("Cost above the money left when its turn came")
        FEWER_VOTES = "fewer_votes", _("Fewer votes than the last project selected")
        SUPPORTERS_COULD_NOT_AFFORD = (
            "supporters_could_not_afford",
            _("Its supporters' remaining shares could not pay for it"),
        )

    allocation = models.ForeignKey(
        Allocation, on_delete=models.CASCADE, related_name="results", verbose_name=_("allocation")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="results", verbose_name=_("project")
    )
    votes = models.PositiveIntegerField(_("votes"))
    selected = models.BooleanField(_("selected"))
    reason = models.CharField(_("reason"), max_length=28, choices=Reason.choices)
    rank = models.PositiveIntegerField(_("rank"))
    money_left = models.DecimalField(
        _("money left at its turn"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["allocation", "rank"]
        verbose_name = _("allocation result")
        verbose_name_plural = _("allocation results")
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "project"], name="allocation_result_once"
            ),
            models.CheckConstraint(
                condition=Q(
                    reason__in=[
                        "selected",
                        "did_not_fit",
                        "fewer_votes",
                        "supporters_could_not_afford",
                    ]
                ),
                name="allocation_result_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(selected=True, reason="selected")
                | (Q(selected=False) & ~Q(reason="selected")),
                name="allocation_result_reason_matches",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.reason}"


def validate_headings(consultation, headings) -> None:
    """The headings of a budget add up to its amount (raises ValidationError). The page
    editor checks the same rule on its inline rows (consultations.admin_forms)."""
    from consultations.admin_forms import headings_total_error

    message = headings_total_error(consultation.budget_amount, [h.amount for h in headings])
    if message:
        raise ValidationError(message)


class ResidentArea(models.Model):
    """The area a verified resident lives in, as staff confirmed it: a heading with an area
    admits only verified residents whose area this is (budgets.ballots.rules)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="resident_area",
        verbose_name=_("resident"),
    )
    area = models.ForeignKey(
        "consultations.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area of residence"),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        verbose_name = _("resident's area")
        verbose_name_plural = _("residents' areas")

    def __str__(self) -> str:
        return f"resident {self.user_id} in {self.area_id}"
