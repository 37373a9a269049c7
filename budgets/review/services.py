"""What a published feasibility review does to the ballot, and staff moving a project.

A proposal of a budget is on the ballot (it has a `budgets.Project`) exactly when its live
review (its official response, proposals/responses/feasibility.py) says feasible, with a cost.
`project_sync` keeps the two in step; it runs from `review_published`, inside the transaction
that publishes the review, so a refused change rolls the publication back. Feasibility and
cost are decided before balloting opens: after it, no project appears, leaves or changes cost.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from accounts.models import User
from budgets.models import BudgetHeading, Project
from consultations import roles
from consultations.models import ConsultationPage
from proposals.exceptions import NotAllowed, WrongState
from proposals.models import OfficialResponse, Proposal

LOG_MOVE = "budgets.project_move"

LATE_CHANGE = _(
    "Balloting has opened: the projects on the ballot and their costs can no longer change."
)


def balloting_opened(consultation: ConsultationPage, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= consultation.voting_open


def heading_for(consultation: ConsultationPage, area_id: int | None) -> BudgetHeading | None:
    """Where a new project goes: the heading of the proposal's area, else the heading open to
    every area, else the first heading."""
    headings = list(consultation.budget_headings.order_by("sort_order", "pk"))
    for heading in headings:
        if area_id is not None and heading.area_id == area_id:
            return heading
    for heading in headings:
        if heading.area_id is None:
            return heading
    return headings[0] if headings else None


@transaction.atomic
def project_sync(*, response: OfficialResponse, now: datetime | None = None) -> Project | None:
    """Create, update or remove the proposal's project after its review is published.

    Returns the project on the ballot, or None when the proposal is not (or no longer) on it.
    Raises WrongState when balloting has opened and the ballot would change.
    """
    proposal = Proposal.objects.select_related("consultation").get(pk=response.proposal_id)
    consultation = proposal.consultation
    if not consultation.is_budget:
        return None
    project = Project.objects.select_for_update().filter(proposal=proposal).first()
    late = balloting_opened(consultation, now)
    on_ballot = bool(response.feasible) and bool(response.cost_estimate)
    if not on_ballot:
        if project is not None:
            if late:
                raise WrongState(LATE_CHANGE)
            project.delete()
        return None
    if project is not None:
        if project.cost != response.cost_estimate:
            if late:
                raise WrongState(LATE_CHANGE)
            project.cost = response.cost_estimate
            project.save(update_fields=["cost", "updated_at"])
        return project
    if late:
        raise WrongState(LATE_CHANGE)
    heading = heading_for(consultation, proposal.area_id)
    if heading is None:
        raise WrongState(_("This budget has no heading to put the project under."))
    return Project.objects.create(proposal=proposal, heading=heading, cost=response.cost_estimate)


def on_review_published(sender, response: OfficialResponse, **kwargs) -> None:
    """Receiver of proposals.responses.feasibility.review_published."""
    project_sync(response=response)


def move_refusal(*, project: Project, heading: BudgetHeading, now=None) -> str | None:
    """Why `project` may not move under `heading`, or None."""
    consultation = project.heading.consultation
    if heading.consultation_id != consultation.pk:
        return str(_("Choose a heading of this project's budget."))
    if heading.pk != project.heading_id and balloting_opened(consultation, now):
        return str(_("Balloting has opened: a project stays under its heading."))
    return None


@transaction.atomic
def project_move(
    *, project: Project, heading: BudgetHeading, staff: User, now: datetime | None = None
) -> Project:
    """An official of the budget puts a project under another of its headings."""
    project = (
        Project.objects.select_for_update()
        .select_related("heading__consultation")
        .get(pk=project.pk)
    )
    if not roles.is_official(staff, project.heading.consultation):
        raise NotAllowed(_("Only officials of this consultation can move its projects."))
    refusal = move_refusal(project=project, heading=heading, now=now)
    if refusal:
        raise WrongState(refusal)
    if heading.pk == project.heading_id:
        return project
    before = project.heading
    project.heading = heading
    project.save(update_fields=["heading", "updated_at"])
    log(
        instance=project,
        action=LOG_MOVE,
        user=staff,
        data={"from": before.name, "to": heading.name},
    )
    return project
