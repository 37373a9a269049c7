"""The phase function (phases.py), at every boundary of the schedule."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from consultations.phases import Phase, Schedule

SECOND = timedelta(seconds=1)
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)

# Sequential: collect 10 days, a 5-day gap, vote 10 days, responses 30 days later.
SEQUENTIAL = Schedule(
    proposals_open=T0,
    proposals_close=T0 + 10 * DAY,
    voting_open=T0 + 15 * DAY,
    voting_close=T0 + 25 * DAY,
    responses_due=T0 + 55 * DAY,
)
# Overlapping: voting opens while proposals are still collected.
OVERLAPPING = Schedule(
    proposals_open=T0,
    proposals_close=T0 + 10 * DAY,
    voting_open=T0 + 5 * DAY,
    voting_close=T0 + 20 * DAY,
    responses_due=T0 + 50 * DAY,
)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (SEQUENTIAL.proposals_open - SECOND, Phase.UPCOMING),
        (SEQUENTIAL.proposals_open, Phase.COLLECTING),
        (SEQUENTIAL.proposals_open + SECOND, Phase.COLLECTING),
        (SEQUENTIAL.proposals_close - SECOND, Phase.COLLECTING),
        (SEQUENTIAL.proposals_close, Phase.DELIBERATING),
        (SEQUENTIAL.proposals_close + SECOND, Phase.DELIBERATING),
        (SEQUENTIAL.voting_open - SECOND, Phase.DELIBERATING),
        (SEQUENTIAL.voting_open, Phase.VOTING),
        (SEQUENTIAL.voting_open + SECOND, Phase.VOTING),
        (SEQUENTIAL.voting_close - SECOND, Phase.VOTING),
        (SEQUENTIAL.voting_close, Phase.DELIBERATING),
        (SEQUENTIAL.voting_close + SECOND, Phase.DELIBERATING),
        (SEQUENTIAL.responses_due - SECOND, Phase.DELIBERATING),
        (SEQUENTIAL.responses_due, Phase.CLOSED),
        (SEQUENTIAL.responses_due + SECOND, Phase.CLOSED),
    ],
)
def test_sequential_schedule_phase_at_each_boundary(moment, expected):
    with time_machine.travel(moment, tick=False):
        assert SEQUENTIAL.phase(timezone.now()) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OVERLAPPING.proposals_open - SECOND, {Phase.UPCOMING}),
        (OVERLAPPING.proposals_open, {Phase.COLLECTING}),
        (OVERLAPPING.voting_open - SECOND, {Phase.COLLECTING}),
        (OVERLAPPING.voting_open, {Phase.COLLECTING, Phase.VOTING}),
        (OVERLAPPING.voting_open + SECOND, {Phase.COLLECTING, Phase.VOTING}),
        (OVERLAPPING.proposals_close - SECOND, {Phase.COLLECTING, Phase.VOTING}),
        (OVERLAPPING.proposals_close, {Phase.VOTING}),
        (OVERLAPPING.proposals_close + SECOND, {Phase.VOTING}),
        (OVERLAPPING.voting_close - SECOND, {Phase.VOTING}),
        (OVERLAPPING.voting_close, {Phase.DELIBERATING}),
        (OVERLAPPING.responses_due - SECOND, {Phase.DELIBERATING}),
        (OVERLAPPING.responses_due, {Phase.CLOSED}),
    ],
)
def test_overlapping_schedule_phases_at_each_boundary(moment, expected):
    with time_machine.travel(moment, tick=False):
        assert OVERLAPPING.phases(timezone.now()) == frozenset(expected)


def test_overlap_shows_voting():
    assert OVERLAPPING.phase(OVERLAPPING.voting_open) == Phase.VOTING


def test_voting_closing_at_responses_due_goes_straight_to_closed():
    schedule = Schedule(T0, T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY, T0 + 3 * DAY)
    assert schedule.phase(T0 + 3 * DAY - SECOND) == Phase.VOTING
    assert schedule.phase(T0 + 3 * DAY) == Phase.CLOSED


def test_next_change_is_the_first_date_after_now():
    assert SEQUENTIAL.next_change(SEQUENTIAL.proposals_close) == SEQUENTIAL.voting_open


def test_next_change_is_none_when_closed():
    assert SEQUENTIAL.next_change(SEQUENTIAL.responses_due) is None


moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)
gaps = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60))
positive_gaps = st.timedeltas(min_value=SECOND, max_value=timedelta(days=60))


@st.composite
def valid_schedules(draw) -> Schedule:
    """Any schedule ConsultationPage.clean accepts (collecting and voting may overlap)."""
    proposals_open = draw(moments)
    proposals_close = proposals_open + draw(positive_gaps)
    voting_open = proposals_open + draw(gaps)
    voting_close = max(voting_open + draw(positive_gaps), proposals_close + draw(gaps))
    responses_due = voting_close + draw(gaps)
    return Schedule(proposals_open, proposals_close, voting_open, voting_close, responses_due)


@given(schedule=valid_schedules(), now=moments)
def test_phase_is_always_one_of_the_active_phases(schedule, now):
    assert schedule.phase(now) in schedule.phases(now)


@given(schedule=valid_schedules(), now=moments)
def test_collecting_and_voting_follow_their_windows_exactly(schedule, now):
    phases = schedule.phases(now)
    assert (Phase.COLLECTING in phases) == (
        schedule.proposals_open <= now < schedule.proposals_close
    )
    assert (Phase.VOTING in phases) == (schedule.voting_open <= now < schedule.voting_close)


@given(schedule=valid_schedules(), now=moments, later=gaps)
def test_a_consultation_never_becomes_upcoming_again_nor_reopens_once_closed(schedule, now, later):
    first, second = schedule.phase(now), schedule.phase(now + later)
    if first != Phase.UPCOMING:
        assert second != Phase.UPCOMING
    if first == Phase.CLOSED:
        assert second == Phase.CLOSED
