"""The proposal list keeps search and order in sight and folds the other filters into a
disclosure that works without JavaScript, open when one of them is in use."""

import pytest

from tests.factories import make_consultation, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    consultation = make_consultation(phase="voting")
    make_proposal(consultation, title="Benches")
    return consultation


def list_page(client, consultation, query=""):
    return client.get(f"/en/consultations/{consultation.slug}/proposals/{query}").content.decode()


def test_search_and_order_stay_visible_the_rest_fold_away(client, consultation):
    page = list_page(client, consultation)
    form = page.split('role="search"', 1)[1].split("</form>", 1)[0]
    before, folded = form.split('<details class="filter-more">', 1)
    assert 'name="q"' in before and 'name="sort"' in before
    for name in ("topic", "area", "outcome", "state"):
        assert f'name="{name}"' in folded
    assert "<summary>More filters</summary>" in folded


def test_the_disclosure_is_open_and_counts_the_filters_in_use(client, consultation):
    page = list_page(client, consultation, "?outcome=accepted&state=withdrawn")
    assert '<details class="filter-more" open>' in page
    assert "More filters (2 in use)" in page


def test_a_search_alone_leaves_the_disclosure_closed(client, consultation):
    page = list_page(client, consultation, "?q=bench")
    assert '<details class="filter-more">' in page
