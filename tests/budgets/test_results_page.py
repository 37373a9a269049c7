"""The budget's results page: winners, the money line, every loser with its reason in words,
the rule, charts with tables, in English and Persian, before and after counting.

The worked example is tests/budgets/test_results_counting.py's: greedy over 100,000 euros;
C (8 votes) and B (7) are selected, A (5 votes, 60,000) did not fit with 20,000 left, D had
no votes.
"""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from budgets.results.services import count_heading
from tests.factories import (
    UserFactory,
    cast_ballots,
    make_consultation,
    make_counted_budget,
    make_counted_project,
    translate_consultation,
)
from tests.proposals.staff import official_of

pytestmark = pytest.mark.django_db


def example(**fields):
    budget = make_counted_budget(headings=(("Whole city", 100_000),), **fields)
    heading = budget.budget_headings.get()
    a = make_counted_project(heading, cost=60_000, title="A: skate park")
    b = make_counted_project(heading, cost=50_000, title="B: library hours")
    c = make_counted_project(heading, cost=30_000, title="C: bike lanes")
    make_counted_project(heading, cost=20_000, title="D: benches")
    cast_ballots(heading, [[a, c]] * 5 + [[b]] * 4 + [[b, c]] * 3)
    return budget, heading


def url(budget, language="en") -> str:
    return f"/{language}/consultations/{budget.slug}/budget/results/"


def text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def counted():
    budget, heading = example()
    count_heading(heading, "close")
    return budget


def test_the_url_name_is_budgets_results(counted):
    assert reverse("budgets:results", kwargs={"slug": counted.slug}) == url(counted)


def test_winners_show_their_votes_and_cost(client, counted):
    html = text(client.get(url(counted)))
    winners = html.split("Selected projects of Whole city")[1].split("</table>")[0]
    assert "C: bike lanes" in winners and "B: library hours" in winners
    assert "A: skate park" not in winners
    assert "30,000 euros" in winners and "80,000 euros" in winners  # C's cost, the total spent


def test_a_project_that_did_not_fit_is_explained(client, counted):
    html = text(client.get(url(counted)))
    assert (
        "Did not fit: it costs 60,000 euros and 20,000 euros was left when its turn came." in html
    )


def test_a_project_without_votes_is_explained(client, counted):
    assert "No one voted for it." in text(client.get(url(counted)))


def test_the_money_line_names_where_the_money_ran_out(client, counted):
    html = text(client.get(url(counted)))
    assert escape("The money ran out at “A: skate park” (number 3 in the order of votes") in html
    assert "In the end 20,000 euros of 100,000 euros is left." in html


def test_the_rule_is_stated_with_its_tie_break_and_version(client, counted):
    html = text(client.get(url(counted)))
    assert "Greedy by votes: projects are taken in the order of their votes" in html
    assert "Ties are broken by the number of votes" in html
    assert "with version 1 of the counting code" in html
    assert "from 12 ballots" in html


def test_equal_shares_states_its_completion(client):
    budget, heading = example(allocation_rule="equal_shares")
    count_heading(heading, "close")
    html = text(client.get(url(budget)))
    assert "Method of Equal Shares: every ballot gives its voter an equal share" in html
    assert "Completion:" in html


def test_a_loser_of_equal_shares_is_explained_by_its_supporters_shares(client):
    # 100,000 among 10 ballots: 10,000 each. X (90,000) is chosen by 6 voters (60,000 of
    # shares), Y (30,000) by 4 (40,000): Y is bought; X's supporters hold 60,000 < 90,000,
    # and the 70,000 left after Y do not cover it either.
    budget = make_counted_budget(
        headings=(("Whole city", 100_000),), allocation_rule="equal_shares"
    )
    heading = budget.budget_headings.get()
    x = make_counted_project(heading, cost=90_000, title="X: swimming pool")
    y = make_counted_project(heading, cost=30_000, title="Y: playground")
    cast_ballots(heading, [[x]] * 6 + [[y]] * 4)
    count_heading(heading, "close")
    html = text(client.get(url(budget)))
    assert "remaining shares (60,000 euros) could not pay for it (it costs 90,000 euros)" in html


def test_charts_are_svg_with_a_money_line_and_tables(client, counted):
    html = text(client.get(url(counted)))
    assert html.count('<svg class="chart__svg" role="img"') == 2
    assert 'class="chart__money-line"' in html
    assert "Votes per project, in the order of counting: the numbers" in html
    assert "The money: amount, spent and left: the numbers" in html


def test_the_page_in_persian_is_right_to_left_with_persian_digits(client, counted):
    translate_consultation(counted, title="بودجهٔ محله")
    html = text(client.get(url(counted, "fa")))
    assert 'dir="rtl"' in html
    assert "۶۰٬۰۰۰" in html and "۲۰٬۰۰۰" in html  # noqa: RUF001 (Persian digits)
    assert "60,000" not in html


def test_before_balloting_closes_the_page_says_when_results_come(client):
    budget = make_counted_budget(phase="voting")
    html = text(client.get(url(budget)))
    assert "Balloting is open; results after" in html
    assert "Selected projects" not in html


def test_after_closing_and_before_counting_the_page_says_counting(client):
    budget, _heading = example()
    html = text(client.get(url(budget)))
    assert "Counting: balloting has closed" in html
    assert "12 ballots cast so far." in html


def test_an_ideas_consultation_has_no_budget_results(client):
    ideas = make_consultation(title="Ideas only")
    assert client.get(url(ideas)).status_code == 404


def test_officials_see_count_now_and_citizens_do_not(client, counted):
    count_url = reverse("budgets_count", args=[counted.pk])
    client.force_login(UserFactory())
    assert count_url not in text(client.get(url(counted)))
    client.force_login(official_of(counted))
    assert count_url in text(client.get(url(counted)))


def test_the_page_links_every_budget_file(client, counted):
    html = text(client.get(url(counted)))
    for name in ("budget_projects.csv", "budget_ballots.csv", "budget.pb"):
        assert f'href="/data/consultations/{counted.pk}/{name}"' in html


def test_queries_do_not_grow_with_projects(client, counted, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as few:
        client.get(url(counted))
    heading = counted.budget_headings.get()
    more = [make_counted_project(heading, cost=1_000, title=f"Extra {n}") for n in range(15)]
    cast_ballots(heading, [more] * 3)
    count_heading(heading, "close")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(counted))


def test_the_page_shows_what_the_other_rule_would_have_selected(client):
    # The same 10 ballots as the equal-shares example above, counted greedy: X (6 votes,
    # 90,000) is selected first and Y (30,000) no longer fits; Equal Shares selects Y only.
    budget = make_counted_budget(headings=(("Whole city", 100_000),), allocation_rule="greedy")
    heading = budget.budget_headings.get()
    x = make_counted_project(heading, cost=90_000, title="X: swimming pool")
    y = make_counted_project(heading, cost=30_000, title="Y: playground")
    cast_ballots(heading, [[x]] * 6 + [[y]] * 4)
    count_heading(heading, "close")
    html = text(client.get(url(budget)))
    other = html.split("Why the rule matters")[1].split("</section>")[0]
    assert "Counted with the Method of Equal Shares instead" in other
    assert other.index("Y: playground") < other.index("Selected now, not then:")
    assert other.index("X: swimming pool") > other.index("Selected now, not then:")


def test_the_other_rule_is_not_shown_when_it_agrees(client, counted):
    assert "Why the rule matters" not in text(client.get(url(counted)))
