"""The staff dashboard: what waits for a consultation's moderators and officials, oldest first,
reached from the public header, with the same figures in the Wagtail dashboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from proposals import services
from proposals.models import Comment, ModerationReason, Proposal, ResponseAssignment
from proposals.moderation import services as moderation
from tests.factories import UserFactory, make_consultation, make_proposal, translate_consultation
from tests.proposals.staff import (  # noqa: F401
    english,
    moderator_of,
    official_of,
    staff_admin_backend,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "staff_admin_backend")]


@pytest.fixture
def consultation():
    return make_consultation(phase="collecting", moderation="pre", title="Park renewal")


def aged(proposal: Proposal, days: int) -> Proposal:
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=timezone.now() - timedelta(days=days, minutes=5)
    )
    return proposal


def assignment(consultation, official, *, due_in_days: float) -> ResponseAssignment:
    proposal = make_proposal(consultation)
    return ResponseAssignment.objects.create(
        proposal=proposal,
        consultation=consultation,
        official=official,
        reason="picked",
        assigned_at=timezone.now() - timedelta(days=40),
        due_at=timezone.now() + timedelta(days=due_in_days),
    )


def dashboard(client, consultation):
    return client.get(reverse("staff:consultation", args=[consultation.pk]))


def test_the_header_links_staff_to_their_dashboard(client, consultation):
    moderator = moderator_of(consultation)
    client.force_login(moderator)
    page = client.get("/en/consultations/").content.decode()
    assert f'href="{reverse("staff:index")}"' in page
    client.force_login(UserFactory())
    assert (
        f'href="{reverse("staff:index")}"' not in client.get("/en/consultations/").content.decode()
    )


def test_waiting_items_are_listed_oldest_first_with_their_age(client, consultation):
    aged(make_proposal(consultation, state="pending", title="Two days old"), 2)
    aged(make_proposal(consultation, state="pending", title="Five days old"), 5)
    client.force_login(moderator_of(consultation))
    page = dashboard(client, consultation).content.decode()
    assert page.index("Five days old") < page.index("Two days old")
    assert "waiting 5 days" in page
    assert "waiting 2 days" in page


def test_reported_items_and_appeals_are_counted(client, consultation):
    moderator = moderator_of(consultation)
    reported = make_proposal(consultation, title="Reported one")
    services.report_file(reporter=UserFactory(), proposal=reported, reason="spam", text="")
    rejected = make_proposal(consultation, state="pending", title="Rejected one")
    moderation.moderate(
        action="reject",
        item=rejected,
        moderator=moderator_of(consultation),
        text="",
        template=ModerationReason.objects.get(code="spam"),
    )
    moderation.appeal_file(author=rejected.author, item=rejected, text="It is not spam.")
    client.force_login(moderator)
    response = dashboard(client, consultation)
    counts = response.context["counts"]
    assert (counts["reported"], counts["appeals"], counts["pending"]) == (1, 1, 0)
    assert response.context["waiting_total"] == 2
    page = response.content.decode()
    assert "Reported one" in page
    assert reverse("moderation:appeal", args=[consultation.pk, rejected.appeals.get().pk]) in page


def test_overdue_and_due_this_week_responses_for_officials(client, consultation):
    official = official_of(consultation)
    late = assignment(consultation, official, due_in_days=-3)
    soon = assignment(consultation, official, due_in_days=2.5)
    assignment(consultation, official, due_in_days=30)  # not this week
    client.force_login(official)
    response = dashboard(client, consultation)
    page = response.content.decode()
    assert response.context["overdue_count"] == 1
    assert response.context["soon_count"] == 1
    assert "3 days late" in page
    assert "due in 2 days" in page
    assert late.proposal.title in page and soon.proposal.title in page
    assert "moderation" not in response.context or not response.context["moderates"]


def test_a_moderator_does_not_see_response_deadlines(client, consultation):
    assignment(consultation, official_of(consultation), due_in_days=-3)
    client.force_login(moderator_of(consultation))
    response = dashboard(client, consultation)
    assert response.context["moderates"] and not response.context["answers"]
    assert "overdue" not in response.context


def test_staff_of_another_consultation_get_403(client, consultation):
    other = make_consultation(phase="collecting", title="Bike lanes")
    client.force_login(moderator_of(other))
    assert dashboard(client, consultation).status_code == 403
    client.force_login(UserFactory())
    assert dashboard(client, consultation).status_code == 403


def test_visitors_are_sent_to_log_in(client, consultation):
    response = dashboard(client, consultation)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_index_lists_each_consultation_with_totals_busiest_first(client, consultation):
    quiet = make_consultation(phase="collecting", moderation="pre", title="Quiet square")
    user = moderator_of(consultation)
    from tests.factories import grant_role

    grant_role(user, "moderator", quiet)
    grant_role(user, "official", consultation)
    for days in (1, 4):
        aged(make_proposal(consultation, state="pending"), days)
    assignment(consultation, user, due_in_days=-1)
    client.force_login(user)
    response = client.get(reverse("staff:index"))
    rows = response.context["rows"]
    assert [row.title for row in rows] == ["Park renewal", "Quiet square"]
    busy = rows[0]
    assert (busy.waiting, busy.overdue) == (2, 1)
    assert "waiting 4 days" in response.content.decode()
    assert rows[1].answers is False
    assert "You do not answer here." in response.content.decode()


def test_someone_without_a_role_sees_an_empty_state(client):
    client.force_login(UserFactory())
    page = client.get(reverse("staff:index")).content.decode()
    assert "You hold no role on a consultation" in page


def test_the_index_reads_the_same_number_of_queries_for_more_consultations(
    client, consultation, django_assert_max_num_queries
):
    user = moderator_of(consultation)
    client.force_login(user)
    client.get(reverse("staff:index"))  # warm the session and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("staff:index"))
    from tests.factories import grant_role

    for n in range(4):
        more = make_consultation(phase="collecting", title=f"More {n}")
        grant_role(user, "moderator", more)
        make_proposal(more, state="pending")
    user.refresh_from_db()
    client.get(reverse("staff:index"))  # the footer's cached links are rebuilt after publishing
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("staff:index"))
    assert len(five) == len(one)


def test_persian_dashboard_shows_the_persian_title_and_digits(client, consultation):
    translate_consultation(consultation, "fa", title="نوسازی پارک")
    aged(make_proposal(consultation, state="pending"), 3)
    client.force_login(moderator_of(consultation))
    with translation.override("fa"):
        url = reverse("staff:consultation", args=[consultation.pk])
    page = client.get(url).content.decode()
    assert "نوسازی پارک" in page
    assert "۳" in page


def test_the_wagtail_dashboard_shows_the_same_figures(client, consultation):
    aged(make_proposal(consultation, state="pending"), 6)
    client.force_login(moderator_of(consultation))
    page = client.get("/admin/").content.decode()
    assert "What waits for you" in page
    assert "waiting 6 days" in page
    assert reverse("staff:consultation", args=[consultation.pk]) in page


def test_a_waiting_comment_is_listed_with_its_text(client, consultation):
    proposal = make_proposal(consultation)
    comment = services.comment_post(author=UserFactory(), proposal=proposal, body="Needs a look")
    assert Comment.objects.get(pk=comment.pk).state == "pending"
    client.force_login(moderator_of(consultation))
    assert "Needs a look" in dashboard(client, consultation).content.decode()
