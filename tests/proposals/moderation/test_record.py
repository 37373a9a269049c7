"""The public moderation record on each consultation page: numbers, never content."""

from datetime import timedelta

import pytest
from django.urls import reverse

from proposals import services
from proposals.models import ModerationDecision, Proposal
from proposals.moderation import queries
from proposals.moderation import services as moderation
from proposals.moderation.templatetags import duration_text
from tests.factories import UserFactory, make_consultation, make_proposal
from tests.proposals.staff import english, moderator_of  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def consultation():
    return make_consultation(phase="collecting", auto_hide_reports=1)


@pytest.fixture
def moderator(consultation):
    return moderator_of(consultation)


def waited(proposal, hours):
    """Pretend the proposal was sent `hours` before its decision."""
    decision = ModerationDecision.objects.filter(proposal=proposal).latest("id")
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=decision.created_at - timedelta(hours=hours)
    )


def test_empty_record_says_so(client, consultation):
    html = client.get(consultation.url).content.decode()
    assert "Moderation record" in html
    assert "No moderation decisions yet." in html


def test_counts_by_decision_and_reason(consultation, moderator):
    for title in ("One", "Two"):
        proposal = make_proposal(consultation, state="pending", title=title)
        moderation.moderate(action="reject", item=proposal, moderator=moderator, reason="spam")
    moderation.moderate(
        action="publish", item=make_proposal(consultation, state="pending"), moderator=moderator
    )
    hidden = make_proposal(consultation)
    moderation.moderate(action="hide", item=hidden, moderator=moderator, reason="offensive")
    services.report_file(
        reporter=UserFactory(), proposal=make_proposal(consultation), reason="spam"
    )
    record = queries.moderation_record(consultation)
    counts = {row["kind"]: row["count"] for row in record.rows}
    assert counts == {"publish": 1, "reject": 2, "hide": 1, "auto_hide": 1}
    reasons = {row["reason"]: row["count"] for row in record.by_reason}
    assert reasons == {"spam": 2, "offensive": 1}
    assert record.total == 5


def test_states_are_counted_apart_from_reasons(consultation, moderator):
    make_proposal(consultation, state="pending")
    hidden = make_proposal(consultation)
    moderation.moderate(action="hide", item=hidden, moderator=moderator, reason="offensive")
    services.report_file(
        reporter=UserFactory(), proposal=make_proposal(consultation), reason="spam"
    )
    record = queries.moderation_record(consultation)
    assert {row["state"]: row["count"] for row in record.states} == {
        "pending": 1,
        "auto_hidden": 1,
        "hidden": 1,
    }
    assert "auto_hidden" not in {row["reason"] for row in record.by_reason}


def test_page_shows_the_automatic_hiding_as_a_state_not_a_reason(client, consultation):
    services.report_file(
        reporter=UserFactory(), proposal=make_proposal(consultation), reason="spam"
    )
    html = client.get(consultation.url).content.decode()
    states = html.split('id="mod-states-caption"')[1].split("</table>")[0]
    assert "Hidden after reports, waiting for a moderator" in states
    assert 'id="mod-reasons-caption"' not in html


def test_median_time_to_decision(consultation, moderator):
    for hours in (1, 3, 30):
        proposal = make_proposal(consultation, state="pending")
        moderation.moderate(action="publish", item=proposal, moderator=moderator)
        waited(proposal, hours)
    record = queries.moderation_record(consultation)
    assert record.decided_count == 3
    assert round(record.median_seconds) == 3 * 3600


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(consultation, moderator):
    for hours in (1, 3, 5, 100):
        proposal = make_proposal(consultation, state="pending")
        moderation.moderate(action="publish", item=proposal, moderator=moderator)
        waited(proposal, hours)
    assert round(queries.moderation_record(consultation).median_seconds) == 4 * 3600


def test_durations_read_well():
    assert duration_text(20 * 60) == "20 minutes"
    assert duration_text(5 * 3600) == "5 hours"
    assert duration_text(4 * 86400) == "4 days"


def test_page_shows_a_table_but_never_hidden_content(client, consultation, moderator):
    proposal = make_proposal(consultation, title="Very secret title", body="Secret body")
    moderation.moderate(action="hide", item=proposal, moderator=moderator, reason="personal_data")
    html = client.get(consultation.url).content.decode()
    assert "<caption" in html and 'scope="row"' in html
    assert "Hidden by a moderator" in html
    assert "Reveals personal data" in html
    assert "Very secret title" not in html
    assert "Secret body" not in html


def test_record_counts_only_this_consultation(consultation, moderator):
    other = make_consultation(title="Bike lanes")
    other_moderator = moderator_of(other)
    moderation.moderate(
        action="publish", item=make_proposal(other, state="pending"), moderator=other_moderator
    )
    assert queries.moderation_record(consultation).total == 0


def test_moderators_see_a_link_to_their_queue(client, consultation, moderator):
    make_proposal(consultation, state="pending")
    queue = reverse("moderation:queue", args=[consultation.pk])
    client.force_login(moderator)
    html = client.get(consultation.url).content.decode()
    assert queue in html
    assert "1 item waits" in html
    client.force_login(moderator_of(make_consultation(title="Bike lanes")))
    assert queue not in client.get(consultation.url).content.decode()


def test_appeal_outcomes_are_counted(consultation, moderator):
    second = moderator_of(consultation)
    proposal = make_proposal(consultation, state="pending")
    moderation.moderate(action="reject", item=proposal, moderator=moderator, reason="spam")
    proposal.refresh_from_db()
    appeal = moderation.appeal_file(author=proposal.author, item=proposal, text="Not spam")
    moderation.appeal_decide(appeal=appeal, moderator=second, overturn=True)
    assert queries.moderation_record(consultation).appeals["overturned"] == 1


def test_record_query_count_is_fixed(consultation, moderator, django_assert_max_num_queries):
    for _ in range(10):
        proposal = make_proposal(consultation, state="pending")
        moderation.moderate(action="publish", item=proposal, moderator=moderator)
    with django_assert_max_num_queries(7):
        queries.moderation_record(consultation)
