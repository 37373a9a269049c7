"""A budget's card in the lists (home, consultation list) says its own phase: balloting is
"Voting open", never the ideas' "Voting" or "Deliberating"; ideas cards keep theirs."""

import re

import pytest
from django.utils import translation

from budgets.cards import CARD_LABELS
from budgets.phases import BudgetPhase
from budgets.results.services import count_closed
from tests.factories import make_budget, make_consultation, translate_consultation

pytestmark = pytest.mark.django_db

BADGE = re.compile(r'<span class="badge badge--([a-z_]+)">([^<]+)</span>')


def card_badges(html: str) -> dict[str, tuple[str, str]]:
    """{card title: (badge style, badge text)} of the consultation cards on a page."""
    cards = re.findall(
        r'class="card__title"><a href="[^"]+">([^<]+)</a>.*?class="card__meta">(.*?)</p>',
        html,
        re.S,
    )
    return {title: BADGE.search(meta).groups() for title, meta in cards}


def listed(client, path: str = "/en/consultations/") -> dict[str, tuple[str, str]]:
    response = client.get(path)
    assert response.status_code == 200
    return card_badges(response.content.decode())


@pytest.mark.parametrize(
    ("schedule", "phase", "label"),
    [
        ("upcoming", "upcoming", "Upcoming"),
        ("collecting", "collecting", "Collecting proposals"),
        ("reviewing", "reviewing", "Feasibility review"),
        ("balloting", "balloting", "Voting open"),
        ("counting", "counting", "Counting the votes"),
    ],
)
def test_the_budget_card_words_each_phase(client, schedule, phase, label):
    make_budget(title="City budget", phase=schedule)
    assert listed(client)["City budget"] == (phase, label)


def test_a_counted_budget_card_says_its_results_are_published(client):
    make_budget(title="City budget", phase="counting")
    assert count_closed() == 1
    assert listed(client)["City budget"] == ("finished", "Results published")


def test_a_budget_with_one_heading_left_to_count_is_still_counting(client):
    from budgets.models import Allocation

    make_budget(title="City budget", phase="counting")
    page = make_budget(title="Two headings", phase="counting",
                       headings=(("East", 1000, None), ("West", 1000, None)))  # fmt: skip
    assert count_closed() == 3
    Allocation.objects.filter(heading__consultation=page, heading__name="West").delete()
    badges = listed(client)
    assert badges["City budget"] == ("finished", "Results published")
    assert badges["Two headings"] == ("counting", "Counting the votes")


def test_the_home_page_shows_a_balloting_budget_as_voting_open(client):
    make_budget(title="City budget", phase="balloting")
    make_consultation(title="Bike lanes", phase="voting")
    badges = listed(client, "/en/")
    assert badges["City budget"] == ("balloting", "Voting open")
    assert badges["Bike lanes"] == ("voting", "Voting")


def test_ideas_cards_keep_their_phases(client):
    make_consultation(title="Parks", phase="deliberating")
    make_consultation(title="Libraries", phase="closed")
    badges = listed(client)
    assert badges["Parks"] == ("deliberating", "Deliberating")
    assert badges["Libraries"] == ("closed", "Closed")


def test_the_persian_budget_card_words_balloting_in_persian(client):
    page = make_budget(title="City budget", phase="balloting")
    translate_consultation(page, title="بودجهٔ شهر")
    with translation.override("fa"):
        expected = str(CARD_LABELS[BudgetPhase.BALLOTING])
    assert expected != "Voting open"
    assert listed(client, "/fa/consultations/")["بودجهٔ شهر"] == ("balloting", expected)


def test_every_budget_phase_has_its_own_card_label():
    assert set(CARD_LABELS) == set(BudgetPhase)
    assert len({str(label) for label in CARD_LABELS.values()}) == len(BudgetPhase)
