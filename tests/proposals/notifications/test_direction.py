"""English titles and texts inside Persian pages are isolated (<bdi>, dir="auto"), so their full
stop stays at their own end instead of jumping to the start of the Persian sentence."""

import re

import pytest

from proposals.models import Notification
from tests.factories import UserFactory, make_consultation, make_proposal, make_response

pytestmark = pytest.mark.django_db


def test_an_english_title_in_the_persian_inbox_is_isolated(client):
    person = UserFactory(language="fa")
    Notification.objects.create(
        recipient=person, kind="response", params={"title": "More trees, please."}
    )
    client.force_login(person)
    html = client.get("/fa/inbox/").content.decode()
    message = re.search(r'<p class="inbox__message">(.*?)</p>', html, flags=re.S).group(1)
    assert "<bdi>More trees, please.</bdi>" in message
    assert message.rstrip().endswith(".")  # the Persian sentence's own full stop, after it


def test_the_inbox_escapes_what_authors_wrote(client):
    person = UserFactory()
    Notification.objects.create(
        recipient=person, kind="response", params={"title": "<script>x</script>"}
    )
    client.force_login(person)
    html = client.get("/en/inbox/").content.decode()
    assert "<bdi>&lt;script&gt;x&lt;/script&gt;</bdi>" in html
    assert "<script>x</script>" not in html


def test_you_said_we_did_isolates_english_titles_and_texts_on_the_persian_page(client):
    consultation = make_consultation()
    proposal = make_proposal(consultation, title="Benches by the river.")
    make_response(proposal, text="We will add ten benches.")
    html = client.get("/fa/results/responses/").content.decode()
    assert re.search(r'<a [^>]*dir="auto"[^>]*>Benches by the river\.</a>', html)
    assert re.search(r'<p class="card__body" dir="auto">We will add ten benches\.', html)
