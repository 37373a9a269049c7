"""A proposal's topics in either language: the Persian list filters by the same concepts and
finds the same proposals as the English one, the Persian form offers Persian names and saves
the concepts, and cards, the proposal page, results and the API read the reader's names."""

import pytest
from django.urls import reverse
from django.utils import translation

from proposals import services
from proposals.exceptions import InvalidInput
from proposals.forms import ProposalForm
from proposals.models import Proposal
from tests.factories import (
    UserFactory,
    make_consultation,
    make_proposal,
    make_topic,
    translate_consultation,
)

pytestmark = pytest.mark.django_db


def in_persian(name: str, **kwargs) -> str:
    with translation.override("fa"):
        return reverse(f"proposals:{name}", kwargs=kwargs)


def in_english(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(f"proposals:{name}", kwargs=kwargs)


@pytest.fixture
def topics():
    return {
        "parks": make_topic("parks", "پارک"),
        "environment": make_topic("environment", "محیط زیست"),
    }


@pytest.fixture
def english(topics):
    page = make_consultation(title="Park renewal", phase="collecting", moderation="post")
    page.topics.add(*topics.values())
    page.save_revision().publish()
    return page


@pytest.fixture
def persian(english):
    return translate_consultation(english, "fa", title="نوسازی پارک")


def matches(response) -> int:
    return response.context["page_obj"].paginator.count


def test_the_persian_topic_filter_finds_what_the_english_one_finds(client, english, persian):
    for n in range(12):
        make_proposal(english, title=f"Shade {n}").topics.add("parks")
    for n in range(3):
        make_proposal(english, title=f"Compost {n}").topics.add("environment")
    make_proposal(english, title="No topic at all")
    in_en = client.get(in_english("list", slug=english.slug), {"topic": "parks"})
    in_fa = client.get(in_persian("list", slug=persian.slug), {"topic": "parks"})
    assert matches(in_en) == matches(in_fa) == 12
    assert matches(client.get(in_persian("list", slug=persian.slug))) == 16


def test_the_persian_list_offers_the_topics_by_their_persian_names(client, english, persian):
    html = client.get(in_persian("list", slug=persian.slug)).content.decode()
    assert '<option value="parks">پارک</option>' in html
    assert '<option value="environment">محیط زیست</option>' in html
    assert ">parks<" not in html


def test_a_persian_page_with_its_own_tags_still_filters_by_its_pages_concepts(
    client, english, persian
):
    # An editor who tagged the translation with an unrelated topic does not change what
    # its readers can filter: the proposals carry the English page's concepts.
    persian.topics.add(make_topic("باغ"))
    persian.save_revision().publish()
    make_proposal(english, title="Shade").topics.add("parks")
    html = client.get(in_persian("list", slug=persian.slug)).content.decode()
    assert '<option value="parks">پارک</option>' in html
    assert ">باغ</option>" not in html


def test_persian_cards_and_the_proposal_page_show_persian_topic_names(client, english, persian):
    proposal = make_proposal(english, title="Shade")
    proposal.topics.add("parks")
    card = client.get(in_persian("list", slug=persian.slug)).content.decode()
    assert '<span class="tag">پارک</span>' in card
    page = client.get(in_persian("detail", pk=proposal.pk)).content.decode()
    assert '?topic=parks">پارک</a>' in page
    english_page = client.get(in_english("detail", pk=proposal.pk)).content.decode()
    assert '?topic=parks">parks</a>' in english_page


def test_the_persian_form_offers_persian_names_for_the_same_concepts(english, persian):
    with translation.override("fa"):
        form = ProposalForm(consultation=persian.canonical)
        assert list(form.fields["topics"].choices) == [
            ("environment", "محیط زیست"),
            ("parks", "پارک"),
        ]
    with translation.override("en"):
        form = ProposalForm(consultation=persian.canonical)
        assert list(form.fields["topics"].choices) == [
            ("environment", "environment"),
            ("parks", "parks"),
        ]


def test_a_proposal_sent_from_the_persian_form_carries_the_concept(client, english, persian):
    client.force_login(UserFactory())
    form_url = in_persian("create", slug=persian.slug)
    assert "پارک" in client.get(form_url).content.decode()
    response = client.post(
        form_url,
        {
            "title": "سایه برای زمین بازی",
            "body": "درخت بکارید.",
            "token": "t-1",
            "topics": ["parks"],
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert [topic.slug for topic in proposal.topics.all()] == ["parks"]
    listed = client.get(in_english("list", slug=english.slug), {"topic": "parks"})
    assert matches(listed) == 1


def test_the_service_takes_a_topic_by_either_name_and_refuses_others(english):
    proposal = services.proposal_submit(
        author=UserFactory(),
        consultation=english,
        title="Shade for the playground",
        body="Plant trees.",
        topics=["پارک", "parks", "Environment"],
    )
    assert sorted(proposal.topics.names()) == ["environment", "parks"]
    with pytest.raises(InvalidInput) as refused:
        services.proposal_submit(
            author=UserFactory(),
            consultation=english,
            title="A second idea",
            body="More.",
            topics=["markets"],
        )
    assert refused.value.field == "topics"


def test_a_consultation_translated_later_keeps_its_proposals_topics(client, english):
    proposals = [make_proposal(english, title=f"Shade {n}") for n in range(4)]
    for proposal in proposals:
        proposal.topics.add("parks")
    later = translate_consultation(english, "fa", title="نوسازی پارک")
    assert set(later.topics.all()) == set(english.topics.all())
    listed = client.get(in_persian("list", slug=later.slug), {"topic": "parks"})
    assert matches(listed) == 4
    assert '<span class="tag">پارک</span>' in listed.content.decode()


def test_the_api_keeps_ids_slugs_and_english_names_and_adds_the_persian_name(
    client, english, topics
):
    make_proposal(english, title="Shade").topics.add("parks")
    rows = client.get("/api/v1/topics/").json()["results"]
    assert {"id": topics["parks"].pk, "slug": "parks", "name": "parks", "name_fa": "پارک"} in rows
    proposals = client.get("/api/v1/proposals/", {"topic": "parks"}).json()["results"]
    assert [row["topics"] for row in proposals] == [["parks"]]


def test_the_persian_results_count_topics_under_their_persian_names(client, english, persian):
    make_proposal(english, title="Shade").topics.add("parks")
    from opendata.queries import Scope, topic_counts

    with translation.override("fa"):
        counts = topic_counts(Scope(consultation_ids=(english.pk,)))
    assert counts == [{"key": "parks", "label": "پارک", "count": 1}]


def test_the_feeds_name_topics_in_the_feeds_language(client, english, persian):
    make_proposal(english, title="Shade").topics.add("parks")
    fa_proposals = client.get(in_persian("feed", slug=persian.slug)).content.decode()
    en_proposals = client.get(in_english("feed", slug=english.slug)).content.decode()
    assert '<category term="پارک"' in fa_proposals
    assert '<category term="parks"' in en_proposals
    fa_consultations = client.get("/fa/consultations/feed/").content.decode()
    assert '<category term="محیط زیست"' in fa_consultations
    assert '<category term="environment"' not in fa_consultations
