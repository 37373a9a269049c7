"""In a browser: the /data/ page in English and Persian (chosen by the browser's language),
at desktop and phone widths, with axe on each."""

import pytest

from proposals import services
from tests.factories import UserFactory, make_consultation, make_proposal, translate_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    "en": ("Open data", "Files for the whole site", "Data dictionary"),
    "fa": ("داده‌های باز", "پرونده‌های کل سایت", "واژه‌نامهٔ داده"),
}


def test_the_data_page_lists_files_and_dictionary(page, axe, screenshot):
    parks = make_consultation(title="Park renewal", phase="voting")
    translate_consultation(parks, title="نوسازی پارک")
    proposal = make_proposal(parks, title="More trees")
    services.support_cast(citizen=UserFactory(), proposal=proposal)
    for language in ["en", "fa"]:
        page.set_extra_http_headers({"Accept-Language": language})
        for width in [1280, 390]:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto("/data/")
            title, files, dictionary = HEADINGS[language]
            page.get_by_role("heading", name=title, level=1).wait_for()
            assert page.get_by_role("heading", name=files, level=2).is_visible()
            assert page.get_by_role("heading", name=dictionary, level=2).is_visible()
            assert page.locator("html").get_attribute("lang") == language
            link = page.get_by_role("link", name="ballots.csv", exact=True)
            assert link.get_attribute("href") == "/data/ballots.csv"
            axe(page, f"/data/ in {language} at {width}px")
            screenshot(page, f"opendata-{language}-{width}")
