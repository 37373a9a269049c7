"""Response assignments: created once at the threshold, reminders on the right days, overdue."""

import threading
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.models import User
from proposals import services
from proposals.exceptions import NotAllowed
from proposals.models import Proposal, ResponseAssignment
from proposals.responses import queries as response_queries
from proposals.responses import services as response_services
from proposals.responses.tasks import send_response_reminders
from tests.factories import UserFactory, make_consultation, make_proposal
from tests.proposals.staff import official_of

TEHRAN = ZoneInfo("Asia/Tehran")


def _support(proposal, count):
    for _ in range(count):
        services.support_cast(citizen=UserFactory(), proposal=proposal)


@pytest.mark.django_db
def test_crossing_the_threshold_creates_one_assignment():
    consultation = make_consultation(phase="voting", response_threshold=3, response_due_days=30)
    official = official_of(consultation)
    proposal = make_proposal(consultation)
    _support(proposal, 2)
    assert not ResponseAssignment.objects.filter(proposal=proposal).exists()
    _support(proposal, 3)
    assignment = ResponseAssignment.objects.get(proposal=proposal)
    assert assignment.reason == ResponseAssignment.Reason.THRESHOLD
    assert assignment.official == official
    assert assignment.due_at - assignment.assigned_at == timedelta(days=30)
    assert assignment.department_id == consultation.department_id


@pytest.mark.django_db
def test_many_crossings_at_once_match_one_at_a_time_and_keep_earlier_assignments(
    django_assert_max_num_queries,
):
    """Seeding a city replays thousands of crossings in one insert: each assignment is the one
    a support crossing the threshold would have made, and a proposal already assigned (by
    staff, here) keeps its assignment."""
    consultation = make_consultation(phase="voting", response_threshold=3, response_due_days=20)
    official = official_of(consultation)
    picked, first, second = (make_proposal(consultation) for _ in range(3))
    response_services.assignment_pick(proposal=picked, staff=official)
    at = timezone.now() - timedelta(days=2)
    crossed = {first.pk: at, second.pk: at + timedelta(hours=5), picked.pk: at}
    with django_assert_max_num_queries(3):
        response_services.assign_many_on_threshold(consultation=consultation, crossed=crossed)
    rows = {row.proposal_id: row for row in ResponseAssignment.objects.all()}
    assert rows[picked.pk].reason == ResponseAssignment.Reason.PICKED
    for proposal in (first, second):
        row = rows[proposal.pk]
        assert row.reason == ResponseAssignment.Reason.THRESHOLD
        assert row.official == official
        assert row.assigned_at == crossed[proposal.pk]
        assert row.due_at - row.assigned_at == timedelta(days=20)
        assert row.department_id == consultation.department_id


@pytest.mark.django_db
def test_falling_below_and_crossing_again_keeps_one_assignment():
    consultation = make_consultation(phase="voting", response_threshold=2)
    official_of(consultation)
    proposal = make_proposal(consultation)
    citizens = [UserFactory() for _ in range(3)]
    for citizen in citizens[:2]:
        services.support_cast(citizen=citizen, proposal=proposal)
    services.support_withdraw(citizen=citizens[0], proposal=proposal)
    services.support_cast(citizen=citizens[2], proposal=proposal)
    assert ResponseAssignment.objects.filter(proposal=proposal).count() == 1


@pytest.mark.django_db
def test_staff_pick_is_idempotent_and_refused_to_strangers():
    consultation = make_consultation(phase="deliberating")
    official = official_of(consultation)
    proposal = make_proposal(consultation)
    first = response_services.assignment_pick(proposal=proposal, staff=official)
    again = response_services.assignment_pick(proposal=proposal, staff=official)
    assert first.pk == again.pk
    assert first.reason == ResponseAssignment.Reason.PICKED
    stranger = official_of(make_consultation(title="Bike lanes"))
    with pytest.raises(NotAllowed):
        response_services.assignment_pick(proposal=make_proposal(consultation), staff=stranger)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_across_the_threshold_create_exactly_one_assignment():
    consultation = make_consultation(phase="voting", response_threshold=5)
    official_of(consultation)
    proposal_id = make_proposal(consultation).pk
    citizen_ids = [UserFactory().pk for _ in range(16)]
    gate = threading.Barrier(len(citizen_ids))
    errors: list = []

    def client(citizen_id: int) -> None:
        try:
            citizen = User.objects.get(pk=citizen_id)
            proposal = Proposal.objects.select_related("consultation").get(pk=proposal_id)
            gate.wait()
            services.support_cast(citizen=citizen, proposal=proposal)
        except Exception as exc:  # any error fails the test below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(pk,)) for pk in citizen_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Proposal.objects.get(pk=proposal_id).support_count == len(citizen_ids)
    assert ResponseAssignment.objects.filter(proposal_id=proposal_id).count() == 1


# --- reminders -------------------------------------------------------------------------------


@pytest.fixture
def due_assignment(db):
    """An assignment due at noon (Tehran time) on 20 March 2027, assigned 30 days before."""
    consultation = make_consultation(title="Lighting", phase="deliberating")
    official = official_of(consultation, email="official@example.org")
    proposal = make_proposal(consultation, title="Brighter streets")
    due = datetime(2027, 3, 20, 12, 0, tzinfo=TEHRAN)
    assignment = response_services.assignment_pick(
        proposal=proposal, staff=official, official=official, now=due - timedelta(days=30)
    )
    return assignment


def _reminders_on(day: datetime, mailoutbox) -> list[str]:
    mailoutbox.clear()
    with time_machine.travel(day, tick=False):
        send_response_reminders.enqueue()
    return [message.subject for message in mailoutbox]


@pytest.mark.django_db
def test_reminders_are_sent_three_days_before_and_on_the_due_day(due_assignment, mailoutbox):
    sent = {}
    start = datetime(2027, 3, 14, 8, 0, tzinfo=TEHRAN)
    for offset in range(9):
        day = start + timedelta(days=offset)
        sent[day.date().isoformat()] = _reminders_on(day, mailoutbox)
    assert {day: subjects for day, subjects in sent.items() if subjects} == {
        "2027-03-17": ["[Civic] An official response is due in 3 days"],
        "2027-03-20": ["[Civic] An official response is due today"],
    }
    assert all(
        message.to == ["official@example.org"] for message in mailoutbox
    )  # the last day's mail, if any, went to the official


@pytest.mark.django_db
def test_reminders_run_twice_a_day_send_once(due_assignment, mailoutbox):
    morning = datetime(2027, 3, 17, 7, 0, tzinfo=TEHRAN)
    assert len(_reminders_on(morning, mailoutbox)) == 1
    assert _reminders_on(morning + timedelta(hours=10), mailoutbox) == []


@pytest.mark.django_db
def test_answered_assignments_are_not_reminded(due_assignment, mailoutbox):
    ResponseAssignment.objects.filter(pk=due_assignment.pk).update(
        answered_at=datetime(2027, 3, 1, tzinfo=TEHRAN)
    )
    assert _reminders_on(datetime(2027, 3, 20, 9, 0, tzinfo=TEHRAN), mailoutbox) == []


@pytest.mark.django_db
def test_management_command_sends_the_reminders(due_assignment, mailoutbox):
    out = StringIO()
    with time_machine.travel(datetime(2027, 3, 20, 6, 0, tzinfo=TEHRAN), tick=False):
        call_command("send_response_reminders", stdout=out)
        call_command("send_response_reminders", stdout=out)
    assert [m.subject for m in mailoutbox] == ["[Civic] An official response is due today"]
    assert "1 reminder" in out.getvalue()
    assert "0 reminders" in out.getvalue()


# --- overdue -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_lists_only_late_open_assignments_of_own_consultations(due_assignment):
    official = due_assignment.official
    other = make_consultation(title="Parks", phase="deliberating")
    foreign = response_services.assignment_pick(
        proposal=make_proposal(other),
        staff=official_of(other),
        now=datetime(2027, 1, 1, tzinfo=TEHRAN),
    )
    after_due = datetime(2027, 3, 21, 9, 0, tzinfo=TEHRAN)
    before_due = datetime(2027, 3, 19, 9, 0, tzinfo=TEHRAN)
    assert list(response_queries.overdue(official, now=before_due)) == []
    assert list(response_queries.overdue(official, now=after_due)) == [due_assignment]
    assert foreign.is_overdue(after_due)


@pytest.mark.django_db
def test_on_time_counts(due_assignment):
    consultation = due_assignment.consultation
    official = due_assignment.official
    late = response_services.assignment_pick(
        proposal=make_proposal(consultation, title="Late one"),
        staff=official,
        now=timezone.now() - timedelta(days=90),
    )
    ResponseAssignment.objects.filter(pk=late.pk).update(answered_at=timezone.now())
    ResponseAssignment.objects.filter(pk=due_assignment.pk).update(
        answered_at=due_assignment.due_at - timedelta(days=1)
    )
    counts = response_queries.on_time_counts([consultation.pk])[consultation.pk]
    assert (counts["on_time"], counts["late"], counts["overdue"]) == (1, 1, 0)


def _assigned(proposal, *, due_in_days: int) -> ResponseAssignment:
    now = timezone.now()
    return ResponseAssignment.objects.create(
        proposal=proposal,
        consultation_id=proposal.consultation_id,
        reason=ResponseAssignment.Reason.PICKED,
        assigned_at=now - timedelta(days=40),
        due_at=now + timedelta(days=due_in_days),
    )


@pytest.mark.django_db
def test_proposal_page_labels_a_missed_due_date_overdue(client):
    proposal = make_proposal(make_consultation(phase="deliberating"))
    _assigned(proposal, due_in_days=-3)
    html = client.get(f"/en/proposals/{proposal.pk}/").content.decode()
    assert "Overdue" in html
    assert "has not been published yet" in html


@pytest.mark.django_db
def test_proposal_page_is_not_overdue_before_the_due_date(client):
    proposal = make_proposal(make_consultation(phase="deliberating"))
    _assigned(proposal, due_in_days=3)
    html = client.get(f"/en/proposals/{proposal.pk}/").content.decode()
    assert "An official response is due by" in html
    assert "Overdue" not in html
