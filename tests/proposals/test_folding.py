"""Persian folding in proposal search and similar titles, on SQLite and PostgreSQL alike.

Arabic and Persian yeh/kaf, Arabic-Indic, Persian and Latin digits, ZWNJ and tatweel find
each other; what the citizen typed is stored and shown unchanged.
"""

import pytest
from django.urls import reverse

from proposals import services
from proposals.models import Proposal
from proposals.queries import Filters, proposals_for
from proposals.similarity import similar_proposals
from tests.factories import UserFactory, make_consultation, make_proposal

pytestmark = pytest.mark.django_db

PERSIAN_LIBRARY = "کتابخانه محله"  # Persian kaf
ARABIC_LIBRARY = "كتابخانه"  # Arabic kaf


@pytest.fixture
def consultation():
    return make_consultation(title="Libraries")


def found(consultation, query: str) -> list[str]:
    filters = Filters(sort="newest", query=query)
    return [p.title for p in proposals_for(consultation, filters, seed=7)]


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        (PERSIAN_LIBRARY, ARABIC_LIBRARY),
        ("كتابخانه عمومي", "کتابخانه عمومی"),  # Arabic yeh and kaf stored, Persian searched
        ("پارک ۱۴۰۳", "1403"),
        ("Park 1403", "۱۴۰۳"),
        ("پارک ١٤٠٣", "۱۴۰۳"),  # Arabic-Indic stored, Persian searched
        ("نیم‌کت نو", "نیمکت"),  # ZWNJ stored
        ("پـــارک شهر", "پارک"),  # tatweel stored
        ("Café in the square", "CAFE"),
    ],
)
def test_search_finds_every_written_form(consultation, stored, query):
    make_proposal(consultation, title=stored)
    make_proposal(consultation, title="Something else")
    assert found(consultation, query) == [stored]


def test_search_looks_in_the_text_too(consultation):
    make_proposal(consultation, title="A reading room", body="Next to the كتابخانه")
    assert found(consultation, "کتابخانه") == ["A reading room"]


def test_the_list_page_finds_the_arabic_spelling(client, consultation):
    make_proposal(consultation, title=PERSIAN_LIBRARY)
    response = client.get(
        reverse("proposals:list", kwargs={"slug": consultation.slug}), {"q": ARABIC_LIBRARY}
    )
    assert PERSIAN_LIBRARY in response.content.decode()


def test_stored_text_keeps_what_the_citizen_typed():
    consultation = make_consultation(title="Libraries", moderation="post")
    proposal = services.proposal_submit(
        author=UserFactory(),
        consultation=consultation,
        title="كتابخانه ۱۲",
        body="نیم‌کت",
    )
    proposal.refresh_from_db()
    assert proposal.title == "كتابخانه ۱۲"
    assert proposal.body == "نیم‌کت"
    assert proposal.search_title == "کتابخانه 12"


def test_an_edit_refolds_the_title(consultation):
    author = UserFactory()
    proposal = make_proposal(consultation, author=author, title="Old title")
    services.proposal_edit(proposal=proposal, editor=author, title="كتابخانه")
    assert found(consultation, "کتابخانه") == ["كتابخانه"]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("كتابخانه عمومي محله", "کتابخانه عمومی محله"),  # Arabic kaf and yeh stored
        ("نیم‌کت پارک", "نیمکت پارک"),  # ZWNJ stored
        ("پـــارک ۱۲", "پارک 12"),  # tatweel and Persian digits stored
        ("کتاب‌فروشی محله", "کتابفروشی محله"),  # ZWNJ in a word the synonym table lacks
    ],
)
def test_similar_titles_ignore_letter_forms_digits_and_zwnj(consultation, stored, typed):
    make_proposal(consultation, title=stored)
    results = similar_proposals(consultation=consultation, title=typed)
    assert [p.title for p in results] == [stored]
    assert results[0].similarity == pytest.approx(1.0)


def test_migration_fills_the_folded_columns_of_existing_rows(consultation):
    from importlib import import_module

    from django.apps import apps

    proposal = make_proposal(consultation, title="كتابخانه")
    Proposal.objects.filter(pk=proposal.pk).update(search_title="", search_body="")
    migration = import_module("proposals.migrations.0008_search_folded")
    migration.fill(apps, None)
    proposal.refresh_from_db()
    assert proposal.search_title == "کتابخانه"
