"""What readers see: the home page's open consultations, the consultation page (phase,
timeline with Jalali dates in Persian, link to the other language, Open Graph), the feed."""

import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from civic.i18n import jalali_date, persian_digits
from tests.factories import make_consultation, translate_consultation

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def titles(pages) -> list[str]:
    return [page.title for page in pages]


# Home page ---------------------------------------------------------------------------------


def test_home_lists_open_consultations_closing_soonest_first(client):
    now = timezone.now()
    make_consultation(
        title="Late", phase="collecting", proposals_close=now + timedelta(days=12),
        voting_open=now + timedelta(days=13), voting_close=now + timedelta(days=20),
        responses_due=now + timedelta(days=40),
    )  # fmt: skip
    make_consultation(title="Voting", phase="voting")
    make_consultation(
        title="Soon", phase="collecting", proposals_close=now + timedelta(days=2),
        voting_open=now + timedelta(days=3), voting_close=now + timedelta(days=20),
        responses_due=now + timedelta(days=40),
    )  # fmt: skip
    make_consultation(title="Closed", phase="closed")
    make_consultation(title="Deliberating", phase="deliberating")
    response = client.get("/en/")
    assert titles(response.context["open_consultations"]) == ["Soon", "Voting", "Late"]


def test_home_marks_the_ones_closing_within_a_week(client):
    now = timezone.now()
    make_consultation(
        title="Soon", phase="collecting", proposals_close=now + timedelta(days=2),
        voting_open=now + timedelta(days=3), voting_close=now + timedelta(days=20),
        responses_due=now + timedelta(days=40),
    )  # fmt: skip
    make_consultation(title="Voting", phase="voting")  # closes in ten days
    content = client.get("/en/").content.decode()
    cards = re.findall(r'<article class="card[^"]*consultation-card".*?</article>', content, re.S)
    assert len(cards) == 2
    soon, later = cards
    assert "Soon" in soon and "Closing soon" in soon
    assert "Voting" in later and "Closing soon" not in later


def test_home_lists_upcoming_consultations_apart(client):
    make_consultation(title="Next month", phase="upcoming")
    make_consultation(title="Open", phase="collecting")
    response = client.get("/en/")
    assert titles(response.context["open_consultations"]) == ["Open"]
    assert titles(response.context["upcoming_consultations"]) == ["Next month"]
    assert "Coming up" in response.content.decode()


def test_home_says_so_when_nothing_is_open(client):
    make_consultation(title="Closed", phase="closed")
    content = client.get("/en/").content.decode()
    assert "No consultation is open right now" in content


def test_persian_home_lists_the_persian_versions(client):
    park = make_consultation(title="Park renewal", phase="collecting")
    translate_consultation(park, title="نوسازی پارک")
    response = client.get("/fa/")
    assert titles(response.context["open_consultations"]) == ["نوسازی پارک"]


# Consultation page -------------------------------------------------------------------------


def test_the_page_shows_its_phase_and_what_a_citizen_can_do_until_when(client):
    page = make_consultation(title="Park renewal", phase="voting")
    content = client.get(page.url).content.decode()
    assert '<span class="badge badge--voting">Voting</span>' in content
    assert "You can support proposals until" in content


def test_the_timeline_marks_the_current_step(client):
    page = make_consultation(title="Park renewal", phase="voting")
    content = client.get(page.url).content.decode()
    current = re.findall(r'<li class="timeline__step timeline__step--(\w+)"', content)
    assert current == ["done", "current", "later"]
    assert 'aria-current="step"' in content


def test_persian_timeline_shows_jalali_beside_gregorian(client):
    page = make_consultation(title="Park renewal", phase="collecting")
    persian = translate_consultation(page, title="نوسازی پارک")
    content = client.get(persian.url).content.decode()
    start = content.index('class="timeline"')
    timeline = content[start : content.index("</ol>", start)]
    closes = jalali_date(page.proposals_close)
    assert closes in timeline
    assert persian_digits(str(timezone.localtime(page.proposals_close).year)) in timeline
    assert f'datetime="{page.proposals_close.isoformat()}"' in timeline


def test_english_timeline_has_no_jalali_dates(client):
    page = make_consultation(title="Park renewal", phase="collecting")
    content = client.get(page.url).content.decode()
    assert jalali_date(page.proposals_close) not in content
    assert str(timezone.localtime(page.proposals_close).year) in content


def test_the_page_links_to_its_translation(client):
    page = make_consultation(title="Park renewal")
    persian = translate_consultation(page, title="نوسازی پارک")
    english = client.get(page.url).content.decode()
    assert f'href="{persian.url}" lang="fa" hreflang="fa"' in english
    farsi = client.get(persian.url).content.decode()
    assert f'href="{page.url}" lang="en" hreflang="en"' in farsi


def test_no_translation_link_without_a_translation(client):
    page = make_consultation(title="Park renewal")
    content = client.get(page.url).content.decode()
    assert "Read this consultation in" not in content
    article = content[content.index("<article") : content.index("</article>")]
    assert 'hreflang="fa"' not in article
    assert '<link rel="alternate" hreflang="fa"' not in content


def test_an_unpublished_translation_is_not_linked(client):
    page = make_consultation(title="Park renewal")
    persian = translate_consultation(page, title="نوسازی پارک")
    persian.unpublish()
    content = client.get(page.url).content.decode()
    assert "Read this consultation in" not in content


def meta(content: str, prop: str) -> str:
    match = re.search(rf'<meta property="{prop}" content="([^"]*)"', content)
    assert match, f"no {prop}"
    return match.group(1)


def test_every_consultation_page_has_open_graph_metadata(client, settings):
    settings.SITE_URL = "https://civic.example.org"
    page = make_consultation(title="Park renewal", summary="Shade, play and water.")
    content = client.get(page.url).content.decode()
    assert meta(content, "og:title") == "Park renewal"
    assert meta(content, "og:description") == "Shade, play and water."
    assert meta(content, "og:type") == "article"
    assert meta(content, "og:url") == f"https://civic.example.org{page.url}"
    assert meta(content, "og:locale") == "en"


def test_open_graph_of_the_persian_version_is_in_persian(client):
    page = make_consultation(title="Park renewal")
    persian = translate_consultation(page, title="نوسازی پارک", summary="سایه و بازی")
    content = client.get(persian.url).content.decode()
    assert meta(content, "og:title") == "نوسازی پارک"
    assert meta(content, "og:description") == "سایه و بازی"
    assert meta(content, "og:locale") == "fa"


def test_the_page_shows_topics_and_areas_linked_to_the_filtered_list(client):
    from tests.factories import AreaFactory

    page = make_consultation(title="Park renewal")
    page.topics.add("parks")
    page.areas.add(AreaFactory(name="Riverside", slug="riverside"))
    page.save_revision().publish()
    content = client.get(page.url).content.decode()
    assert 'href="/en/consultations/?topic=parks"' in content
    assert 'href="/en/consultations/?area=riverside"' in content


# Atom feed ---------------------------------------------------------------------------------


def feed_entries(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    tree = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    return [entry.find(f"{ATOM}title").text for entry in tree.iter(f"{ATOM}entry")]


def test_the_feed_lists_published_consultations_newest_first(client):
    make_consultation(title="Park renewal")
    make_consultation(title="Bike lanes")
    make_consultation(title="Draft", live=False)
    assert feed_entries(client, "/en/consultations/feed/") == ["Bike lanes", "Park renewal"]


def test_the_persian_feed_lists_the_persian_versions(client):
    park = make_consultation(title="Park renewal")
    translate_consultation(park, title="نوسازی پارک")
    make_consultation(title="Bike lanes")
    assert feed_entries(client, "/fa/consultations/feed/") == ["نوسازی پارک"]


def test_pages_announce_the_feed(client):
    page = make_consultation(title="Park renewal")
    for url in ("/en/", "/en/consultations/", page.url):
        content = client.get(url).content.decode()
        assert 'type="application/atom+xml"' in content
        assert 'href="/en/consultations/feed/"' in content
