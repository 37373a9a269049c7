"""Official responses (revisioned, approved through a Wagtail workflow) and assignments.

An `OfficialResponse` is the one answer to one proposal. Officials of the proposal's
consultation draft it in the Wagtail admin; an approver's approval publishes it. The row's
fields always hold the live (published) content: drafts and revisions under review live in
Wagtail revisions until they are published, so readers only ever see the live revision.

A `ResponseAssignment` records that a proposal must be answered, by whom and by when: it is
created once when the proposal crosses the consultation's response threshold, or when staff
pick the proposal.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from proposals.models.states import Outcome, choices_check
from proposals.responses import feasibility

RESPONSE_TEXT_MAX = 10000

# An official response always decides something: "no outcome" is not an answer.
RESPONSE_OUTCOMES = [(value, label) for value, label in Outcome.choices if value != Outcome.NONE]


class OfficialResponse(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    proposal = models.OneToOneField(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="official_response",
        verbose_name=_("proposal"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=RESPONSE_OUTCOMES)
    merged_into = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged into"),
        help_text=_("Only for the outcome “merged”: the proposal this one joins."),
    )
    text = models.TextField(_("response"), max_length=RESPONSE_TEXT_MAX)
    # The feasibility review of a budget's proposal (DESIGN.md §9) is its official response:
    # feasible (with its cost, timeline and department) puts it on the ballot; not feasible
    # gives the public reason in `text`. Empty for consultations of ideas.
    feasible = models.BooleanField(
        _("feasible"),
        null=True,
        blank=True,
        help_text=_(
            "Budgets only: can the city carry it out? Feasible, costed proposals go to the ballot."
        ),
    )
    cost_estimate = models.DecimalField(
        _("estimated cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    timeline = models.CharField(
        _("timeline"), max_length=200, blank=True, help_text=_("For example: “Spring 2027”.")
    )
    department = models.ForeignKey(
        "consultations.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official_responses",
        verbose_name=_("responsible department"),
    )
    responsible_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official_responses",
        verbose_name=_("responsible official"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="official_response")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="official_response",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("proposal"),
        MultiFieldPanel([FieldPanel("outcome"), FieldPanel("merged_into")], heading=_("Outcome")),
        FieldPanel("feasible"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("cost_estimate"), FieldPanel("timeline")]),
        FieldRowPanel([FieldPanel("department"), FieldPanel("responsible_official")]),
    ]
    search_fields = [index.SearchField("text"), index.FilterField("outcome")]

    class Meta:
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")
        constraints = [
            choices_check("outcome", Outcome, "response_outcome_valid"),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.NONE), name="response_outcome_not_none"
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.MERGED, merged_into__isnull=False)
                | (~Q(outcome=Outcome.MERGED) & Q(merged_into__isnull=True)),
                name="response_merged_into_iff_merged",
            ),
            models.CheckConstraint(
                condition=Q(cost_estimate__isnull=True) | Q(cost_estimate__gte=0),
                name="response_cost_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["live", "outcome"], name="response_live_outcome_idx")]

    def __str__(self) -> str:
        return str(_("Response to “%(title)s”") % {"title": self.proposal.title})

    @property
    def revisions(self):
        return self._revisions

    def clean_fields(self, exclude=None) -> None:
        if self.proposal_id and feasibility.is_review(self.proposal):
            # A review's outcome follows from its feasibility, and a feasible review may
            # leave the text empty: only "not feasible" needs a reason.
            self.outcome = feasibility.implied_outcome(self.feasible)
            if self.feasible:
                exclude = {*(exclude or ()), "text"}
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        if self.proposal_id and feasibility.is_review(self.proposal):
            # A budget's proposal: feasibility decides the outcome (responses/feasibility.py).
            errors = feasibility.review_errors(self)
            if errors:
                raise ValidationError(errors)
            return
        if self.outcome == Outcome.MERGED:
            if self.merged_into_id is None:
                raise ValidationError(
                    {"merged_into": _("Choose the proposal this one is merged into.")}
                )
            if self.merged_into_id == self.proposal_id:
                raise ValidationError({"merged_into": _("A proposal cannot merge into itself.")})
            if (
                self.proposal_id
                and self.merged_into.consultation_id != self.proposal.consultation_id
            ):
                raise ValidationError(
                    {"merged_into": _("Choose a proposal of the same consultation.")}
                )
        elif self.merged_into_id is not None:
            raise ValidationError(
                {"merged_into": _("Only a merged proposal points at another proposal.")}
            )


class AssignmentReason(models.TextChoices):
    THRESHOLD = "threshold", _("Reached the response threshold")
    PICKED = "picked", _("Picked by staff")


class AssignmentQuerySet(models.QuerySet):
    def open(self) -> "AssignmentQuerySet":
        return self.filter(answered_at__isnull=True)

    def overdue(self, now=None) -> "AssignmentQuerySet":
        return self.open().filter(due_at__lt=now or timezone.now())

    def for_consultations(self, ids) -> "AssignmentQuerySet":
        return self.filter(consultation_id__in=list(ids))


class ResponseAssignment(models.Model):
    """A proposal that must get an official response by `due_at`. One per proposal."""

    Reason = AssignmentReason

    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="response_assignments",
        verbose_name=_("proposal"),
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="response_assignments",
        verbose_name=_("consultation"),
    )
    reason = models.CharField(_("why"), max_length=10, choices=AssignmentReason.choices)
    department = models.ForeignKey(
        "consultations.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response_assignments",
        verbose_name=_("department"),
    )
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response_assignments",
        verbose_name=_("responsible official"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("picked by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"))
    due_at = models.DateTimeField(_("due"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_before_at = models.DateTimeField(_("reminded before the due date"), null=True)
    reminded_due_at = models.DateTimeField(_("reminded on the due date"), null=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("response assignment")
        verbose_name_plural = _("response assignments")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal"], name="assignment_once_per_proposal"),
            choices_check("reason", AssignmentReason, "assignment_reason_valid"),
            models.CheckConstraint(
                condition=Q(due_at__gte=models.F("assigned_at")), name="assignment_due_after_start"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(answered_at__isnull=True), name="assignment_open_idx"
            ),
            models.Index(fields=["consultation", "due_at"], name="assignment_cons_idx"),
        ]

    def __str__(self) -> str:
        return f"assignment {self.pk} due {self.due_at:%Y-%m-%d}"

    @property
    def on_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return self.answered_at <= self.due_at

    def is_overdue(self, now=None) -> bool:
        return self.answered_at is None and self.due_at < (now or timezone.now())

    def days_late(self, now=None) -> int | None:
        """Whole days past the due date of an open assignment, at least 1 once it is late;
        None while it is not overdue (or once answered)."""
        now = now or timezone.now()
        if not self.is_overdue(now):
            return None
        return max(1, (now - self.due_at).days)


# --- signals -------------------------------------------------------------------------------


def _response_published(sender, instance, revision=None, **kwargs) -> None:
    from proposals.responses.services import on_published

    on_published(sender, instance, revision=revision, **kwargs)


def _after_migrate(sender, **kwargs) -> None:
    if getattr(sender, "name", None) != "proposals":
        return
    from proposals.responses.services import ensure_response_workflow

    ensure_response_workflow()


def _connect() -> None:
    from django.db.models.signals import post_migrate
    from wagtail.signals import published

    published.connect(
        _response_published, sender=OfficialResponse, dispatch_uid="civic_response_published"
    )
    post_migrate.connect(_after_migrate, dispatch_uid="civic_response_workflow")


_connect()
