"""The responses step of `seed_demo`: every outcome, on time and late, in the workflow."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from proposals.models import ResponseAssignment


def _seed_demo() -> str:
    out = StringIO()
    call_command(
        "seed_demo",
        "--force",
        "--consultations",
        "4",
        "--proposals",
        "40",
        "--citizens",
        "10",
        "--supports",
        "60",
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.django_db
def test_demo_seeds_responses_in_every_state_once():
    from wagtail.models import WorkflowState

    from proposals.models import OfficialResponse, Outcome

    _seed_demo()
    live = OfficialResponse.objects.filter(live=True)
    assert set(live.values_list("outcome", flat=True)) >= {
        Outcome.IMPLEMENTED,
        Outcome.ACCEPTED,
        Outcome.PARTIALLY_ACCEPTED,
        Outcome.UNDER_REVIEW,
        Outcome.REJECTED,
        Outcome.MERGED,
    }
    states = WorkflowState.objects.filter(base_content_type__model="officialresponse").values_list(
        "status", flat=True
    )
    assert WorkflowState.STATUS_IN_PROGRESS in states
    assert WorkflowState.STATUS_NEEDS_CHANGES in states
    now = timezone.now()
    answered = ResponseAssignment.objects.filter(answered_at__isnull=False)
    assert any(a.on_time for a in answered)
    assert any(a.on_time is False for a in answered)
    assert ResponseAssignment.objects.overdue(now).exists()
    assert ResponseAssignment.objects.open().filter(due_at__gte=now).exists()
    counts = (OfficialResponse.objects.count(), ResponseAssignment.objects.count())
    _seed_demo()
    assert (OfficialResponse.objects.count(), ResponseAssignment.objects.count()) == counts


@pytest.mark.django_db
def test_demo_publication_dates_agree_with_the_on_time_rule():
    from proposals.models import OfficialResponse
    from proposals.responses.queries import publication_dates

    _seed_demo()
    now = timezone.now()
    # Feasibility reviews of budgets answer every proposal, not assignments: they are apart.
    live = (
        OfficialResponse.objects.filter(live=True)
        .exclude(proposal__consultation__kind="budget")
        .select_related("proposal__consultation")
    )
    assert live.exists()
    for response in live:
        assignment = ResponseAssignment.objects.get(proposal_id=response.proposal_id)
        published = response.first_published_at
        assert published < now
        assert publication_dates(response)[-1] == published
        assert assignment.answered_at == published
        assert assignment.on_time == (published <= assignment.due_at)
        assert assignment.due_at <= response.proposal.consultation.responses_due
