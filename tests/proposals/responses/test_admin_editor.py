"""The response editor and the assignments list as staff read them: the proposal beside the
form, choices named by title and number, tabs with counts, "N days late"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Department
from proposals.models import ResponseAssignment
from proposals.responses import services as response_services
from proposals.responses.editor import proposal_context
from proposals.responses.wagtail_hooks import response_viewset
from tests.factories import make_consultation, make_proposal
from tests.proposals.staff import approver, official_of, with_staff_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_reach_the_admin(settings):
    with_staff_backend(settings)


@pytest.fixture
def consultation():
    return make_consultation(phase="deliberating")


@pytest.fixture
def official(consultation):
    return official_of(consultation, display_name="Olga")


def assigned(proposal, official, *, due_in: timedelta):
    assignment = response_services.assignment_pick(
        proposal=proposal, staff=official, official=official
    )
    now = timezone.now()
    ResponseAssignment.objects.filter(pk=assignment.pk).update(
        assigned_at=now - timedelta(days=60), due_at=now + due_in
    )
    assignment.refresh_from_db()
    return assignment


def add_url(proposal) -> str:
    return reverse(response_viewset.get_url_name("add")) + f"?proposal={proposal.pk}"


def in_persian(user) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fa"
    profile.save()


# --- days late ------------------------------------------------------------------------------


def test_an_assignment_is_late_by_whole_days_and_at_least_one(consultation, official):
    now = timezone.now()
    assignment = assigned(make_proposal(consultation), official, due_in=timedelta(days=5))
    assert assignment.days_late(now) is None
    assert assignment.days_late(now + timedelta(days=5, hours=2)) == 1
    assert assignment.days_late(now + timedelta(days=8, hours=23)) == 3


def test_an_answered_assignment_is_not_late(consultation, official):
    assignment = assigned(make_proposal(consultation), official, due_in=timedelta(days=-4))
    assignment.answered_at = timezone.now()
    assert assignment.days_late() is None


def test_the_list_says_how_many_days_a_row_is_late(client, consultation, official):
    assigned(
        make_proposal(consultation, title="Benches"), official, due_in=-timedelta(days=1, hours=1)
    )
    assigned(
        make_proposal(consultation, title="Lights"), official, due_in=-timedelta(days=4, hours=1)
    )
    client.force_login(official)
    html = client.get(reverse("response_assignments")).content.decode()
    assert "1 day late" in html
    assert "4 days late" in html


def test_days_late_in_persian_words_and_digits(client, consultation, official):
    assigned(make_proposal(consultation), official, due_in=-timedelta(days=4, hours=1))
    in_persian(official)
    client.force_login(official)
    html = client.get(reverse("response_assignments")).content.decode()
    assert "۴ روز تأخیر" in html


# --- tab counts -----------------------------------------------------------------------------


def test_every_tab_shows_how_many_it_holds(client, consultation, official):
    for days in (-3, -1):
        assigned(make_proposal(consultation), official, due_in=timedelta(days=days))
    for days in (2, 5, 20):
        assigned(make_proposal(consultation), official, due_in=timedelta(days=days))
    answered = assigned(make_proposal(consultation), official, due_in=timedelta(days=9))
    ResponseAssignment.objects.filter(pk=answered.pk).update(answered_at=timezone.now())
    client.force_login(official)
    reply = client.get(reverse("response_assignments"))
    tabs = {tab["key"]: tab["count"] for tab in reply.context["tabs"]}
    assert tabs == {"overdue": 2, "soon": 2, "open": 5, "answered": 1}
    html = reply.content.decode()
    for text in ("Overdue (2)", "Due within a week (2)", "All open (5)", "Answered (1)"):
        assert text in html


def test_tab_counts_leave_out_other_consultations(client, consultation, official):
    other = make_consultation(title="Bike lanes", phase="deliberating")
    assigned(make_proposal(other), official_of(other), due_in=timedelta(days=-2))
    assigned(make_proposal(consultation), official, due_in=timedelta(days=-2))
    client.force_login(official)
    tabs = client.get(reverse("response_assignments")).context["tabs"]
    assert {tab["key"]: tab["count"] for tab in tabs}["overdue"] == 1


def test_the_list_makes_as_many_queries_for_many_rows_as_for_few(
    client, consultation, official, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assigned(make_proposal(consultation), official, due_in=timedelta(days=-2))
    client.force_login(official)
    client.get(reverse("response_assignments"))  # warm: session, profile, caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("response_assignments") + "?show=open")
    for days in range(-10, 10):
        assigned(make_proposal(consultation), official, due_in=timedelta(days=days, hours=1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        reply = client.get(reverse("response_assignments") + "?show=open")
    assert len(reply.context["rows"]) == 21


# --- the editor -----------------------------------------------------------------------------


def test_the_add_view_shows_the_proposal_and_its_assignment(client, consultation, official):
    proposal = make_proposal(
        consultation, title="Shade trees", body="Plant trees along Elm Street.", support_count=7
    )
    assignment = assigned(proposal, official, due_in=timedelta(days=-2, hours=-1))
    ResponseAssignment.objects.filter(pk=assignment.pk).update(
        department=Department.objects.create(name="Parks")
    )
    client.force_login(official)
    html = client.get(add_url(proposal)).content.decode()
    aside = html[html.index('class="civic-editor__proposal"') : html.index("civic-editor__form")]
    assert reverse("proposals:detail", args=[proposal.pk]) in aside
    for text in ("Shade trees", "Plant trees along Elm Street.", "Supports", "7", "Parks", "Olga"):
        assert text in aside, text
    assert "Picked by staff" in aside
    assert "2 days late" in aside
    assert "Published" in aside


def test_the_edit_view_shows_the_proposal(client, consultation, official):
    proposal = make_proposal(consultation, title="Shade trees")
    response = response_services.response_draft(
        proposal=proposal, official=official, outcome="accepted", text="Yes."
    )
    client.force_login(official)
    html = client.get(reverse(response_viewset.get_url_name("edit"), args=[response.pk])).content
    assert b'class="civic-editor__proposal"' in html
    assert b"No assignment" not in html


def test_the_editor_does_not_show_a_proposal_of_another_consultation(client, official):
    other = make_consultation(title="Bike lanes", phase="deliberating")
    foreign = make_proposal(other, title="Foreign lane")
    client.force_login(official)
    html = client.get(add_url(foreign)).content.decode()
    assert "civic-editor__proposal" not in html
    assert "Foreign lane" not in html


def test_the_editor_does_not_show_a_hidden_proposal(client, consultation, official):
    hidden = make_proposal(consultation, title="Hidden lane", state="hidden")
    client.force_login(official)
    assert "Hidden lane" not in client.get(add_url(hidden)).content.decode()


def test_the_proposal_beside_the_form_takes_two_queries(
    consultation, official, django_assert_num_queries
):
    proposal = make_proposal(consultation)
    assigned(proposal, official, due_in=timedelta(days=3))
    with django_assert_num_queries(2):
        context = proposal_context(proposal.pk, consultation_ids={consultation.pk})
        assert context["editor_assignment"].official.display_name == "Olga"
        assert context["editor_proposal"].consultation.title == consultation.title


def test_proposal_choices_are_named_by_title_and_number(client, consultation, official):
    proposal = make_proposal(consultation, title="Shade trees")
    assigned(proposal, official, due_in=timedelta(days=3))
    client.force_login(official)
    html = client.get(add_url(proposal)).content.decode()
    assert f"Shade trees (No. {proposal.pk})" in html


def test_a_long_title_is_cut_in_the_choice(client, consultation, official):
    proposal = make_proposal(consultation, title="Trees " * 24)
    assigned(proposal, official, due_in=timedelta(days=3))
    client.force_login(official)
    html = client.get(add_url(proposal)).content.decode()
    assert f"… (No. {proposal.pk})" in html


def test_submit_for_approval_is_the_footers_front_button(client, consultation, official):
    proposal = make_proposal(consultation)
    client.force_login(official)
    html = client.get(add_url(proposal)).content.decode()
    footer = html[html.index('class="actions actions--primary') :]
    assert footer.index('name="action-submit"') < footer.index("Save draft")
    menu = footer.find("w-dropdown__content")  # on a new response, nothing else to fold
    assert menu == -1 or 'name="action-submit"' not in footer[menu:]


def test_approve_is_the_approvers_front_button(client, consultation, official):
    proposal = make_proposal(consultation)
    response = response_services.response_draft(
        proposal=proposal, official=official, outcome="accepted", text="Yes."
    )
    response_services.response_submit(response=response, official=official)
    client.force_login(approver())
    edit = reverse(response_viewset.get_url_name("edit"), args=[response.pk])
    html = client.get(edit).content.decode()
    footer = html[html.index('class="actions actions--primary') :]
    front = footer[: footer.index("w-dropdown__content")]
    assert 'data-workflow-action-name="approve"' in front


def test_every_admin_page_has_the_stylesheet_that_hides_screen_reader_text(client, official):
    client.force_login(official)
    for address in (reverse("wagtailadmin_home"), reverse("response_assignments")):
        assert "css/admin.css" in client.get(address).content.decode(), address
