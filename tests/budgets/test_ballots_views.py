"""The ballot page without JavaScript: form posts fill a draft, cast, change and withdraw."""

import pytest
from django.urls import reverse
from django.utils import translation

from budgets.models import Ballot, BallotChoice
from tests.factories import (
    AreaFactory,
    UserFactory,
    make_budget,
    make_project,
    translate_consultation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    page = make_budget(headings=(("Whole city", 250_000, None, "همه شهر"),))
    heading = page.budget_headings.get()
    projects = [
        make_project(heading, cost=90_000, title="Playground"),
        make_project(heading, cost=90_000, title="Library hours"),
        make_project(heading, cost=100_000, title="Bike lanes"),
    ]
    return page, heading, projects


def url(page, heading) -> str:
    return reverse("budgets:ballot", kwargs={"slug": page.slug, "heading_id": heading.pk})


def chosen(citizen) -> set[int]:
    return set(
        BallotChoice.objects.filter(ballot__voter=citizen).values_list("project_id", flat=True)
    )


def test_the_page_lists_projects_with_cost_summary_link_and_total(client, budget):
    page, heading, projects = budget
    client.force_login(UserFactory())
    response = client.get(url(page, heading))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Playground" in html and "Cost: 90,000 euros" in html
    assert "A costed project for the neighbourhood." in html
    assert reverse("proposals:detail", kwargs={"pk": projects[0].proposal.pk}) in html
    assert "0 euros of 250,000 euros" in html
    assert "Cast ballot" in html


def test_add_buttons_keep_a_draft_without_storing_it(client, budget):
    page, heading, projects = budget
    citizen = UserFactory()
    client.force_login(citizen)
    response = client.post(url(page, heading), {"project": [projects[0].pk], "add": projects[1].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "180,000 euros of 250,000 euros" in html
    assert (
        f'value="{projects[1].pk}" id="project-{projects[1].pk}" data-cost="90000.00" checked'
        in html
    )
    assert not Ballot.objects.exists()


def test_an_add_that_would_exceed_the_amount_is_refused_in_words(client, budget):
    page, heading, projects = budget
    client.force_login(UserFactory())
    response = client.post(
        url(page, heading),
        {"project": [projects[0].pk, projects[1].pk], "add": projects[2].pk},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert (
        "Adding “Bike lanes” (100,000 euros) would bring your ballot to 280,000 euros; "
        "this heading has 250,000 euros."
    ) in html
    assert "180,000 euros of 250,000 euros" in html  # the draft stays within the amount
    assert 'aria-describedby="ballot-total ballot-error"' in html


def test_casting_over_the_amount_is_refused_and_keeps_the_choice(client, budget):
    page, heading, projects = budget
    citizen = UserFactory()
    client.force_login(citizen)
    response = client.post(url(page, heading), {"project": [p.pk for p in projects], "cast": "1"})
    assert response.status_code == 400
    assert "These projects cost 280,000 euros; this heading has 250,000 euros." in (
        response.content.decode()
    )
    assert not Ballot.objects.exists()


def test_cast_then_change_then_withdraw(client, budget):
    page, heading, projects = budget
    citizen = UserFactory()
    client.force_login(citizen)
    response = client.post(
        url(page, heading), {"project": [projects[0].pk, projects[2].pk], "cast": "1"}, follow=True
    )
    html = response.content.decode()
    assert "Your ballot is cast." in html
    assert "Your ballot" in html and "Total: 190,000 euros of 250,000 euros" in html
    assert "Change ballot" in html
    assert chosen(citizen) == {projects[0].pk, projects[2].pk}

    client.post(url(page, heading), {"project": [projects[1].pk], "cast": "1"})
    assert chosen(citizen) == {projects[1].pk}

    response = client.post(url(page, heading), {"withdraw": "1"}, follow=True)
    assert "Your ballot was withdrawn." in response.content.decode()
    assert not Ballot.objects.exists()


def test_casting_nothing_asks_for_a_project(client, budget):
    page, heading, _projects = budget
    client.force_login(UserFactory())
    response = client.post(url(page, heading), {"cast": "1"})
    assert response.status_code == 400
    assert "Choose at least one project." in response.content.decode()


def test_a_project_id_not_on_the_ballot_is_refused(client, budget):
    page, heading, _projects = budget
    client.force_login(UserFactory())
    response = client.post(url(page, heading), {"project": ["999999"], "cast": "1"})
    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_visitors_read_the_ballot_and_are_asked_to_log_in(client, budget):
    page, heading, _projects = budget
    response = client.get(url(page, heading))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Log in to vote" in html
    assert 'name="project"' not in html
    assert "Playground" in html
    response = client.post(url(page, heading), {"project": [], "cast": "1"})
    assert response.status_code == 403


def test_after_balloting_the_page_is_read_only_with_the_results_link(client):
    page = make_budget(phase="counting")
    heading = page.budget_headings.get()
    make_project(heading, cost=1_000, title="Benches")
    client.force_login(UserFactory())
    html = client.get(url(page, heading)).content.decode()
    assert "Balloting closed on" in html
    assert "See the results" in html
    assert 'name="project"' not in html


def test_without_projects_an_empty_state_explains_when_they_come(client):
    page = make_budget()
    heading = page.budget_headings.get()
    html = client.get(url(page, heading)).content.decode()
    assert "Projects appear here after their feasibility review." in html


def test_a_heading_of_another_budget_is_not_found(client, budget):
    page, _heading, _projects = budget
    other = make_budget(title="Other budget").budget_headings.get()
    assert client.get(url(page, other)).status_code == 404


def test_an_ideas_consultation_has_no_ballot(client, budget):
    from tests.factories import make_consultation

    _page, heading, _projects = budget
    ideas = make_consultation(title="Ideas", phase="voting")
    response = client.get(
        reverse("budgets:ballot", kwargs={"slug": ideas.slug, "heading_id": heading.pk})
    )
    assert response.status_code == 404


def test_an_area_heading_tells_other_residents_why_they_cannot_vote(client):
    north, south = AreaFactory(name="North"), AreaFactory(name="South")
    page = make_budget(headings=(("North", 100_000, north),))
    heading = page.budget_headings.get()
    make_project(heading, cost=1_000, title="Benches")
    from tests.factories import make_resident

    client.force_login(make_resident(area=south))
    html = client.get(url(page, heading)).content.decode()
    assert "Only verified residents of North can vote under this heading." in html
    assert 'name="project"' not in html


def test_persian_page_shows_persian_digits_and_currency(client, budget):
    page, heading, _projects = budget
    translated = translate_consultation(page, "fa", title="بودجه شهر")
    client.force_login(UserFactory())
    with translation.override("fa"):
        address = reverse(
            "budgets:ballot", kwargs={"slug": translated.slug, "heading_id": heading.pk}
        )
    response = client.get(address)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "۲۵۰٬۰۰۰" in html  # noqa: RUF001 - Persian digits and thousands separator
    assert "همه شهر" in html


def test_the_page_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries, budget):
    page, heading, _projects = budget
    client.force_login(UserFactory())
    client.get(url(page, heading))
    with django_assert_max_num_queries(20) as few:
        client.get(url(page, heading))
    for n in range(10):
        make_project(heading, cost=1_000 + n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(page, heading))


def test_ballot_posts_are_rate_limited(settings, client, budget):
    page, heading, projects = budget
    settings.RATE_LIMITS = {"ballot": "3/m"}
    client.force_login(UserFactory())
    answers = [
        client.post(url(page, heading), {"project": [projects[0].pk], "cast": "1"})
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [302, 302, 302, 429]


def test_after_balloting_a_citizen_still_sees_what_they_chose(client):
    from proposals.tokens import voter_token

    page = make_budget(phase="counting")
    heading = page.budget_headings.get()
    project = make_project(heading, cost=12_000, title="Benches")
    citizen = UserFactory()
    ballot = Ballot.objects.create(
        heading=heading,
        voter=citizen,
        voter_token=voter_token(citizen_id=citizen.pk, consultation_id=page.pk),
    )
    BallotChoice.objects.create(ballot=ballot, project=project)
    client.force_login(citizen)
    html = client.get(url(page, heading)).content.decode()
    assert "Your ballot" in html and "Total: 12,000 euros of 250,000 euros" in html
    assert "Change ballot" not in html
