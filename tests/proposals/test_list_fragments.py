"""The proposal list keeps its cards and filters in the cache (civic/fragments.py): every change
to what a card shows is on the very next request, whichever way it was made, and a reader's own
buttons and badges are never served from another reader's card.

The page cache is off in tests, so each request here is an uncached one; the cards' cache is on.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings

from civic import fragments
from proposals import services
from proposals.models import Proposal
from proposals.moderation import services as moderation
from tests.factories import (
    AreaFactory,
    UserFactory,
    clear_cache,
    grant_role,
    make_consultation,
    make_proposal,
    make_response,
    make_topic,
    translate_consultation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    return make_consultation(title="Bike lanes", phase="voting", max_supports_per_citizen=3)


@pytest.fixture
def proposal(consultation):
    return make_proposal(consultation, title="Protected lanes on River Avenue")


def list_page(client, consultation, query="?sort=supports", language="en") -> str:
    response = client.get(f"/{language}/consultations/{consultation.slug}/proposals/{query}")
    assert response.status_code == 200
    return response.content.decode()


def card(page: str, proposal) -> str:
    """The HTML of one proposal's card on a list page."""
    return page.split(f'<li id="proposal-{proposal.pk}">', 1)[1].split("</li>", 1)[0]


def cached_cards() -> int:
    pattern = f"{fragments.KEY_PREFIX}:*:proposal-card:*"
    if hasattr(cache, "keys"):
        return len(cache.keys(pattern))
    return sum(":proposal-card:" in key for key in cache._cache)


def test_the_cards_of_an_anonymous_list_are_kept_and_served_again(client, consultation, proposal):
    first = list_page(client, consultation)
    assert cached_cards() == 1
    assert list_page(client, consultation) == first
    assert cached_cards() == 1


def test_a_support_shows_its_count_at_once(client, consultation, proposal):
    assert "0 supports" in card(list_page(client, consultation), proposal)
    services.support_cast(citizen=UserFactory(), proposal=proposal)
    assert "1 support<" in card(list_page(client, consultation), proposal)


def test_a_comment_shows_its_count_at_once(client, consultation, proposal):
    assert "0 comments" in card(list_page(client, consultation), proposal)
    services.comment_post(author=UserFactory(), proposal=proposal, body="Yes, please.")
    assert "1 comment<" in card(list_page(client, consultation), proposal)


def test_an_edit_shows_at_once(client):
    consultation = make_consultation(title="Parks", phase="collecting")
    proposal = make_proposal(consultation, title="Protected lanes on River Avenue")
    assert "Protected lanes" in card(list_page(client, consultation), proposal)
    services.proposal_edit(
        proposal=proposal, editor=proposal.author, title="Painted lanes", body="Paint them green."
    )
    shown = card(list_page(client, consultation), proposal)
    assert "Painted lanes" in shown and "Paint them green." in shown
    assert "Protected lanes" not in shown


def test_a_change_made_without_any_signal_still_shows(client, consultation, proposal):
    """The key is made of what the card shows, not of invalidations someone must remember."""
    list_page(client, consultation)
    Proposal.objects.filter(pk=proposal.pk).update(title="Changed behind the cache's back")
    assert "Changed behind the cache" in card(list_page(client, consultation), proposal)


def test_a_moderation_decision_shows_at_once(client, consultation, proposal):
    moderator = UserFactory()
    grant_role(moderator, "moderator", consultation)
    list_page(client, consultation)
    list_page(client, consultation, "?state=hidden")
    moderation.moderate(
        item=proposal, moderator=moderator, action="hide", reason="spam", text="Advertising."
    )
    assert f'id="proposal-{proposal.pk}"' not in list_page(client, consultation)
    hidden = card(list_page(client, consultation, "?state=hidden"), proposal)
    assert "Advertising." in hidden
    assert "Protected lanes" not in hidden


def test_an_official_response_shows_its_outcome_at_once(client, consultation, proposal):
    assert "badge--accepted" not in card(list_page(client, consultation), proposal)
    make_response(proposal, outcome="accepted")
    assert "badge--accepted" in card(list_page(client, consultation), proposal)


def test_a_renamed_area_and_topic_show_at_once_in_each_language(client, consultation, proposal):
    translate_consultation(consultation, "fa", title="خط دوچرخه")
    area = AreaFactory(name="Riverside", name_fa="")
    topic = make_topic("Cycling", name_fa="")
    consultation.areas.add(area)
    consultation.topics.add(topic)
    consultation.save()
    Proposal.objects.filter(pk=proposal.pk).update(area=area)
    proposal.topics.add(topic)
    assert "Riverside" in card(list_page(client, consultation), proposal)
    assert "Riverside" in card(list_page(client, consultation, language="fa"), proposal)
    area.name_fa = "کنار رود"
    area.save()
    topic.name_fa = "دوچرخه‌سواری"
    topic.save()
    persian = list_page(client, consultation, language="fa")
    assert "کنار رود" in card(persian, proposal) and "دوچرخه‌سواری" in card(persian, proposal)
    # The filters offer the new names too.
    assert f'<option value="{area.slug}">کنار رود</option>' in persian
    english = card(list_page(client, consultation), proposal)
    assert "Riverside" in english and "Cycling" in english


def test_each_language_has_its_own_cards(client, consultation, proposal):
    translate_consultation(consultation, "fa", title="خط دوچرخه")
    for _n in range(12):
        services.support_cast(citizen=UserFactory(), proposal=proposal)
    assert "12 supports" in card(list_page(client, consultation), proposal)
    assert "۱۲" in card(list_page(client, consultation, language="fa"), proposal)
    assert "12 supports" in card(list_page(client, consultation), proposal)


def test_a_retitled_consultation_shows_at_once(client, consultation, proposal):
    list_page(client, consultation)
    consultation.title = "Safe cycling"
    consultation.save_revision().publish()
    assert "Proposals for “<bdi>Safe cycling</bdi>”" in list_page(client, consultation)


def test_a_citizen_gets_their_own_buttons_and_badge_not_a_visitors_card(
    client, consultation, proposal
):
    assert "Support this proposal" not in list_page(client, consultation)
    citizen = UserFactory()
    client.force_login(citizen)
    assert "Support this proposal" in card(list_page(client, consultation), proposal)
    services.support_cast(citizen=citizen, proposal=proposal)
    mine = card(list_page(client, consultation), proposal)
    assert "You support this" in mine and "Withdraw my support" in mine
    client.logout()
    theirs = card(list_page(client, consultation), proposal)
    assert "You support this" not in theirs and "Withdraw my support" not in theirs
    assert "1 support<" in theirs


def test_the_filters_follow_what_was_asked(client, consultation, proposal):
    list_page(client, consultation, "")
    page = list_page(client, consultation, "?q=lanes&sort=newest")
    assert 'value="lanes"' in page
    assert '<option value="newest" selected>' in page
    assert 'value="lanes"' not in list_page(client, consultation, "")


@override_settings(LANGUAGE_CODE="en")
def test_a_card_without_the_cache_is_the_same_card(client, consultation, proposal):
    """With the cache failing or empty the page is rendered whole, identically."""
    cached = list_page(client, consultation)
    clear_cache()
    assert list_page(client, consultation) == cached


def test_the_page_links_keep_what_was_asked(client, consultation):
    for n in range(13):
        make_proposal(consultation, title=f"Idea {n}")
    list_page(client, consultation)
    assert 'href="?sort=supports&amp;page=2"' in list_page(client, consultation)
    assert 'href="?sort=newest&amp;page=2"' in list_page(client, consultation, "?sort=newest")
    second = list_page(client, consultation, "?sort=newest&page=2")
    assert 'href="?sort=newest&amp;page=1" rel="prev"' in second


def test_a_moved_proposal_moves_on_the_map_at_once(client, consultation, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(latitude="35.700000", longitude="51.400000")
    assert 'data-lat="35.700000"' in list_page(client, consultation)
    Proposal.objects.filter(pk=proposal.pk).update(latitude="35.710000")
    page = list_page(client, consultation)
    assert 'data-lat="35.710000"' in page and 'data-lat="35.700000"' not in page
    Proposal.objects.filter(pk=proposal.pk).update(title="Lanes by the bridge")
    table = list_page(client, consultation).split("data-located-proposals", 1)[1]
    assert "Lanes by the bridge" in table
