"""Every public form and filter under hostile input: never a 500, never a partial write.

Arbitrary Unicode, huge values, control and bidi characters, mixed right-to-left and
left-to-right text and values of the wrong shape (several values for one field, words where
numbers belong) are sent through HTTP as a browser or a script would. Each example either
writes everything an accepted form writes, or nothing; afterwards every feed and list page
still renders. Examples are few and fixed (see the "civic" profile in tests/conftest.py).
"""

import itertools

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import User
from civic.text import BIDI_CONTROLS, has_visible
from proposals.models import Comment, Follow, Proposal, ProposalVersion, Report
from tests.factories import UserFactory, make_consultation, make_proposal

pytestmark = pytest.mark.django_db

EXAMPLES = settings(max_examples=10)
HOSTILE = "\x00\x01\x07\x08\x0b\x1b\x7f\x85\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c"
HOSTILE += "\u202d\u202e\u2066\u2067\u2068\u2069\u2028\ufeff\ufffe\u3164\u0640"
MIXED = ["كتابخانه", "کتابخانه", "پارک", "۱۴۰۳", "١٢٣", "Main St", "مدیر", "Moderator", "<b>", "&"]

hostile_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.sampled_from(HOSTILE), max_size=30),
    st.lists(st.sampled_from([*MIXED, *HOSTILE, " ", "\n"]), max_size=40).map("".join),
    st.integers(min_value=150, max_value=20_000).map(lambda n: "ي" * n),
)
# A value as a form can receive it: one string, several strings, or an empty list.
form_value = st.one_of(hostile_text, st.lists(hostile_text, max_size=3))


def renders(client: Client, *urls: str) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.fixture
def collecting():
    return make_consultation(title="Park renewal", moderation="post")


def pages_of(consultation, proposal=None) -> list[str]:
    urls = ["/fa/consultations/feed/"]
    for language in ("en", "fa"):
        with translation.override(language):
            urls.append(reverse("proposals:feed", kwargs={"slug": consultation.slug}))
    urls.append(reverse("proposals:list", kwargs={"slug": consultation.slug}))
    if proposal is not None:
        urls.append(reverse("proposals:detail", kwargs={"pk": proposal.pk}))
    return urls


# --- proposal form --------------------------------------------------------------------------


@EXAMPLES
@given(
    title=form_value,
    body=form_value,
    image_alt=form_value,
    latitude=form_value,
    longitude=form_value,
    topics=form_value,
)
def test_proposal_form(client, collecting, title, body, image_alt, latitude, longitude, topics):
    client.force_login(UserFactory())
    before = (Proposal.objects.count(), ProposalVersion.objects.count(), Follow.objects.count())
    response = client.post(
        reverse("proposals:create", kwargs={"slug": collecting.slug}),
        {
            "title": title,
            "body": body,
            "image_alt": image_alt,
            "latitude": latitude,
            "longitude": longitude,
            "topics": topics,
        },
    )
    assert response.status_code in (302, 400)
    after = (Proposal.objects.count(), ProposalVersion.objects.count(), Follow.objects.count())
    written = 1 if response.status_code == 302 else 0
    assert after == tuple(count + written for count in before)
    proposal = Proposal.objects.order_by("-pk").first() if written else None
    renders(client, *pages_of(collecting, proposal))


# --- comment and report forms ---------------------------------------------------------------


@EXAMPLES
@given(body=form_value, parent=form_value)
def test_comment_form(client, collecting, body, parent):
    proposal = Proposal.objects.first() or make_proposal(collecting, title="Bench")
    client.force_login(UserFactory())
    before = (Comment.objects.count(), Proposal.objects.get(pk=proposal.pk).comment_count)
    response = client.post(
        reverse("proposals:comment", kwargs={"pk": proposal.pk}),
        {"body": body, "parent": parent},
    )
    assert response.status_code in (302, 400, 404)
    written = 1 if response.status_code == 302 else 0
    after = (Comment.objects.count(), Proposal.objects.get(pk=proposal.pk).comment_count)
    assert after == (before[0] + written, before[1] + written)
    renders(client, *pages_of(collecting, proposal))


@EXAMPLES
@given(
    reason=st.one_of(st.sampled_from(["spam", "other", "offensive"]), form_value), text=form_value
)
def test_report_form(client, collecting, reason, text):
    proposal = make_proposal(collecting, title="Bench")
    client.force_login(UserFactory())
    response = client.post(
        reverse("proposals:report", kwargs={"pk": proposal.pk}), {"reason": reason, "text": text}
    )
    assert response.status_code in (302, 400)
    assert Report.objects.filter(proposal=proposal).count() == (
        1 if response.status_code == 302 else 0
    )
    renders(client, *pages_of(collecting, proposal))


# --- list filters and search ----------------------------------------------------------------


query_value = st.one_of(form_value, st.sampled_from(MIXED))


@EXAMPLES
@given(
    q=query_value,
    topic=query_value,
    area=query_value,
    outcome=query_value,
    state=query_value,
    sort=query_value,
)
def test_proposal_list_filters(client, collecting, q, topic, area, outcome, state, sort):
    if not Proposal.objects.exists():
        make_proposal(collecting, title="کتابخانه ۱۴۰۳", body="Main St")
    url = reverse("proposals:list", kwargs={"slug": collecting.slug})
    params = {"q": q, "topic": topic, "area": area, "outcome": outcome, "state": state}
    response = client.get(url, {**params, "sort": sort})
    assert response.status_code == 200
    fragment = reverse("proposals:similar", kwargs={"slug": collecting.slug})
    assert client.get(fragment, {"title": q}).status_code == 200


@EXAMPLES
@given(q=query_value, phase=query_value, topic=query_value, area=query_value, sort=query_value)
def test_consultation_list_filters(client, collecting, q, phase, topic, area, sort):
    for language in ("en", "fa"):
        response = client.get(
            f"/{language}/consultations/",
            {"q": q, "phase": phase, "topic": topic, "area": area, "sort": sort},
        )
        assert response.status_code == 200


# --- sign-up display name -------------------------------------------------------------------

emails = itertools.count()


@EXAMPLES
@given(display_name=form_value)
def test_signup_display_name(client, collecting, display_name):
    before = (User.objects.count(), EmailAddress.objects.count())
    password = "a long and unusual passphrase 42"
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": f"person{next(emails)}@example.org",
            "display_name": display_name,
            "password1": password,
            "password2": password,
            "accept_terms": "on",
        },
    )
    assert response.status_code in (200, 302)
    written = 1 if response.status_code == 302 else 0
    assert (User.objects.count(), EmailAddress.objects.count()) == (
        before[0] + written,
        before[1] + written,
    )
    if written:
        name = User.objects.order_by("-pk").first().display_name
        assert has_visible(name)
        assert not any(char in BIDI_CONTROLS or ord(char) < 32 for char in name)
        author = User.objects.order_by("-pk").first()
        EmailAddress.objects.filter(user=author).update(verified=True)
        make_proposal(collecting, author=author, title="By the new account")
    client.logout()
    renders(client, *pages_of(collecting))
