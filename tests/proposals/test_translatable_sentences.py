"""Sentences with a date, a name or a link inside are one translatable string each, so the
Persian page reads in Persian word order; the comment badge and digits are Persian too."""

import re

import pytest
from django.urls import reverse

from proposals import services
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal

pytestmark = pytest.mark.django_db


def persian(path: str) -> str:
    return path.replace("/en/", "/fa/", 1)


@pytest.fixture
def voting():
    return make_consultation(title="Bike lanes", phase="voting", max_supports_per_citizen=0)


def test_byline_items_are_sentences_with_the_date_as_markup(client, voting):
    proposal = make_proposal(voting, title="Safer crossing", author=UserFactory(display_name="Ada"))
    path = reverse("proposals:detail", kwargs={"pk": proposal.pk})

    english = client.get(path).content.decode()
    # Three items of one metadata list, separated by the site's drawn rule, not by a "·".
    assert re.search(
        r'<ul class="meta-list proposal__byline">\s*'
        r'<li>By <bdi class="proposal__author">Ada</bdi></li>\s*'
        r'<li>Published on <time datetime="[^"]+">[^<]+</time></li>\s*'
        r'<li>In <a href="[^"]+"><bdi>Bike lanes</bdi></a></li>',
        english,
    )

    farsi = client.get(persian(path)).content.decode()
    # The consultation is named as such in Persian, and the date stays a <time> element.
    assert re.search(
        r'<li>نوشتهٔ <bdi class="proposal__author">Ada</bdi></li>\s*'
        r'<li>منتشرشده در <time datetime="[^"]+">[^<]+</time></li>\s*'
        r"<li>در نظرخواهی <a ",
        farsi,
    )
    assert "&lt;time" not in farsi
    assert "\u00b7" not in english and "\u00b7" not in farsi


def test_official_comment_badge_says_official_in_the_sense_of_formal(client, voting):
    proposal = make_proposal(voting, title="Safer crossing")
    official = UserFactory(display_name="City desk")
    grant_role(official, "official", voting)
    services.comment_post(author=official, proposal=proposal, body="We are looking at it.")
    path = reverse("proposals:detail", kwargs={"pk": proposal.pk})

    farsi = client.get(persian(path)).content.decode()
    assert '<span class="badge badge--info">رسمی</span>' in farsi
    english = client.get(path).content.decode()
    assert '<span class="badge badge--info">Official</span>' in english


def test_persian_form_error_summary_counts_in_persian_digits(client):
    collecting = make_consultation(title="Parks", phase="collecting")
    client.force_login(UserFactory())
    path = persian(reverse("proposals:create", kwargs={"slug": collecting.slug}))
    html = client.post(path, {"title": "", "body": ""}).content.decode()
    count = re.search(r"(\d+) فیلد مشکل دارند", html)
    assert count is not None
    assert not re.search(r"[0-9]", count.group(1))


@pytest.mark.parametrize("admin", [False, True])
def test_persian_moderation_queue_counts_tabs_in_persian_digits(client, admin):
    consultation = make_consultation(title="Parks", phase="collecting")
    moderator = UserFactory(language="fa")
    grant_role(moderator, "moderator", consultation)
    make_proposal(consultation, state="pending", title="Waiting idea")
    client.force_login(moderator)
    name = "civic_moderation_queue" if admin else "moderation:queue"
    path = reverse(name, args=[consultation.pk])
    html = client.get(persian(path) if not admin else path, HTTP_ACCEPT_LANGUAGE="fa").content
    tabs = re.findall(r'<span class="mod-count">\(([^)]*)\)</span>', html.decode())
    assert tabs
    assert "\N{EXTENDED ARABIC-INDIC DIGIT ONE}" in tabs  # the pending tab
    assert not any(re.search(r"[0-9]", count) for count in tabs)
