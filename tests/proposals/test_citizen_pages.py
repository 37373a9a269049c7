"""What confused citizens on proposal pages: where a new comment lands, reporting twice,
withdrawing without asking, supporting from the list, an empty official response box."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from proposals.models import Report, Support
from proposals.views import COMMENTS_PER_PAGE, PER_PAGE
from tests.factories import UserFactory, make_consultation, make_proposal

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(f"proposals:{name}", kwargs=kwargs)


def text_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def voting():
    return make_consultation(title="Bike lanes", phase="voting")


@pytest.fixture
def proposal(voting):
    return make_proposal(voting, title="Safe crossing at the school")


def add_comments(proposal, count: int) -> list:
    return [
        services.comment_post(author=UserFactory(), proposal=proposal, body=f"Comment {n}")
        for n in range(count)
    ]


def post_comment(client, proposal, **data):
    data = {"body": "My new comment", "token": "t-1", **data}
    return client.post(url("comment", pk=proposal.pk), data)


# --- 1. a new comment or reply is found where it is -----------------------------------------


def test_new_comment_on_a_busy_proposal_redirects_to_the_last_page(client, proposal):
    add_comments(proposal, COMMENTS_PER_PAGE + 3)
    client.force_login(UserFactory())
    response = post_comment(client, proposal)
    new = proposal.comments.get(body="My new comment")
    assert response["Location"] == f"{url('detail', pk=proposal.pk)}?page=2#comment-{new.pk}"


def test_the_page_redirected_to_shows_the_new_comment(client, proposal):
    add_comments(proposal, COMMENTS_PER_PAGE)
    client.force_login(UserFactory())
    response = client.get(post_comment(client, proposal)["Location"])
    new = proposal.comments.get(body="My new comment")
    assert f'id="comment-{new.pk}"' in text_of(response)


def test_new_comment_on_a_quiet_proposal_stays_on_the_first_page(client, proposal):
    add_comments(proposal, 3)
    client.force_login(UserFactory())
    response = post_comment(client, proposal)
    new = proposal.comments.get(body="My new comment")
    assert response["Location"] == f"{url('detail', pk=proposal.pk)}#comment-{new.pk}"


def test_reply_redirects_to_the_page_of_its_thread(client, proposal):
    comments = add_comments(proposal, COMMENTS_PER_PAGE + 3)
    parent = comments[COMMENTS_PER_PAGE + 1]  # on page 2
    client.force_login(UserFactory())
    response = post_comment(client, proposal, body="My reply", parent=parent.pk)
    reply = proposal.comments.get(body="My reply")
    assert response["Location"] == f"{url('detail', pk=proposal.pk)}?page=2#comment-{reply.pk}"
    assert f'id="comment-{reply.pk}"' in text_of(client.get(response["Location"]))


def test_reply_to_an_early_comment_stays_on_the_first_page(client, proposal):
    comments = add_comments(proposal, COMMENTS_PER_PAGE + 3)
    client.force_login(UserFactory())
    response = post_comment(client, proposal, body="My reply", parent=comments[0].pk)
    reply = proposal.comments.get(body="My reply")
    assert response["Location"] == f"{url('detail', pk=proposal.pk)}#comment-{reply.pk}"


def test_comment_sent_twice_leads_to_the_comment_on_its_page(client, proposal):
    add_comments(proposal, COMMENTS_PER_PAGE + 1)
    client.force_login(UserFactory())
    first = post_comment(client, proposal)
    again = post_comment(client, proposal)
    assert again["Location"] == first["Location"]
    assert proposal.comments.filter(body="My new comment").count() == 1


# --- 2. reporting once, and saying so ---------------------------------------------------------


def test_reported_proposal_says_when_instead_of_the_report_link(client, proposal):
    client.force_login(UserFactory())
    client.post(url("report", pk=proposal.pk), {"reason": "spam"})
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "You reported this on" in html
    assert url("report", pk=proposal.pk) not in html


def test_report_page_of_a_reported_proposal_offers_no_form(client, proposal):
    client.force_login(UserFactory())
    client.post(url("report", pk=proposal.pk), {"reason": "spam"})
    response = client.get(url("report", pk=proposal.pk))
    assert response.status_code == 200
    assert "You reported this on" in text_of(response)
    assert 'name="reason"' not in text_of(response)


def test_second_report_is_refused_and_changes_nothing(client, proposal):
    client.force_login(UserFactory())
    client.post(url("report", pk=proposal.pk), {"reason": "spam"})
    response = client.post(url("report", pk=proposal.pk), {"reason": "offensive"})
    assert response.status_code == 409
    assert Report.objects.get().reason == "spam"


def test_reported_comment_says_when_and_others_keep_their_link(client, proposal):
    reported, other = add_comments(proposal, 2)
    client.force_login(UserFactory())
    client.post(url("report_comment", pk=reported.pk), {"reason": "offensive"})
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert html.count("You reported this on") == 1
    assert url("report_comment", pk=reported.pk) not in html
    assert url("report_comment", pk=other.pk) in html


def test_reported_reply_says_when(client, proposal):
    (parent,) = add_comments(proposal, 1)
    reply = services.comment_post(
        author=UserFactory(), proposal=proposal, body="A reply", parent=parent
    )
    client.force_login(UserFactory())
    client.post(url("report_comment", pk=reply.pk), {"reason": "offensive"})
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert url("report_comment", pk=reply.pk) not in html
    assert url("report_comment", pk=parent.pk) in html


def test_report_page_of_a_reported_comment_offers_no_form(client, proposal):
    (comment,) = add_comments(proposal, 1)
    client.force_login(UserFactory())
    client.post(url("report_comment", pk=comment.pk), {"reason": "offensive"})
    response = client.get(url("report_comment", pk=comment.pk))
    assert "You reported this on" in text_of(response)
    assert 'name="reason"' not in text_of(response)


def test_someone_elses_report_does_not_count_as_mine(client, proposal):
    services.report_file(reporter=UserFactory(), proposal=proposal, reason="spam")
    client.force_login(UserFactory())
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "You reported this on" not in html
    assert url("report", pk=proposal.pk) in html


def test_report_page_has_a_breadcrumb_to_the_proposal(client, proposal):
    client.force_login(UserFactory())
    html = text_of(client.get(url("report", pk=proposal.pk)))
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert f'href="{url("detail", pk=proposal.pk)}"' in crumbs
    assert f'href="{url("list", slug=proposal.consultation.slug)}"' in crumbs
    assert 'aria-current="page">Report<' in crumbs


def detail_queries(client, proposal) -> int:
    client.get(url("detail", pk=proposal.pk))  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url("detail", pk=proposal.pk)).status_code == 200
    return len(captured)


def test_what_the_reader_reported_is_read_once_per_page(client, proposal):
    reader = UserFactory()
    client.force_login(reader)
    first = add_comments(proposal, 2)
    for comment in first:
        services.report_file(reporter=reader, comment=comment, reason="spam")
    few = detail_queries(client, proposal)
    for comment in add_comments(proposal, 12):
        services.report_file(reporter=reader, comment=comment, reason="spam")
    assert detail_queries(client, proposal) == few


# --- 3. withdrawing asks first ------------------------------------------------------------


def test_withdraw_link_leads_to_a_confirmation_page(client, proposal):
    client.force_login(proposal.author)
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert f'<a href="{url("withdraw", pk=proposal.pk)}">' in html
    assert f'action="{url("withdraw", pk=proposal.pk)}"' not in html


def test_withdraw_confirmation_page_changes_nothing(client, proposal):
    client.force_login(proposal.author)
    response = client.get(url("withdraw", pk=proposal.pk))
    assert response.status_code == 200
    assert 'method="post"' in text_of(response)
    proposal.refresh_from_db()
    assert proposal.state == "published"


def test_confirming_withdraws(client, proposal):
    client.force_login(proposal.author)
    client.get(url("withdraw", pk=proposal.pk))
    response = client.post(url("withdraw", pk=proposal.pk))
    assert response["Location"] == url("detail", pk=proposal.pk)
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn"


def test_withdraw_confirmation_speaks_persian(client, proposal):
    client.force_login(proposal.author)
    html = text_of(client.get(url("withdraw", pk=proposal.pk).replace("/en/", "/fa/", 1)))
    assert "پیشنهادتان را پس می‌گیرید؟" in html
    assert "بله، پیشنهادم را پس می‌گیرم" in html


def test_reported_proposal_says_when_in_persian(client, proposal):
    client.force_login(UserFactory())
    client.post(url("report", pk=proposal.pk), {"reason": "spam"})
    html = text_of(client.get(url("detail", pk=proposal.pk).replace("/en/", "/fa/", 1)))
    assert "شما این را در" in html


def test_withdraw_confirmation_is_refused_to_others(client, proposal):
    client.force_login(UserFactory())
    response = client.get(url("withdraw", pk=proposal.pk))
    assert response.status_code == 403
    assert 'method="post"' not in text_of(response).split("<main", 1)[1]


def test_others_see_no_withdraw_link(client, proposal):
    client.force_login(UserFactory())
    assert url("withdraw", pk=proposal.pk) not in text_of(client.get(url("detail", pk=proposal.pk)))


# --- 4. supporting from the list --------------------------------------------------------


def fill(consultation, count: int) -> list:
    return [make_proposal(consultation, title=f"Idea {n}") for n in range(count)]


def test_list_cards_offer_support_coming_back_to_the_same_place(client, voting):
    (idea,) = fill(voting, 1)
    client.force_login(UserFactory())
    list_url = url("list", slug=voting.slug)
    html = text_of(client.get(list_url, {"sort": "newest"}))
    assert f'action="{url("support", pk=idea.pk)}"' in html
    assert f'name="next" value="{list_url}?sort=newest#proposal-{idea.pk}"' in html


def test_support_from_the_list_returns_to_the_same_filters_and_page(client, voting):
    ideas = fill(voting, 14)
    citizen = UserFactory()
    client.force_login(citizen)
    back = f"{url('list', slug=voting.slug)}?sort=newest&page=2#proposal-{ideas[0].pk}"
    response = client.post(url("support", pk=ideas[0].pk), {"next": back})
    assert response["Location"] == back
    assert Support.objects.filter(citizen=citizen, proposal=ideas[0]).exists()
    page = client.get(back.split("#")[0])
    assert "Thank you for your support." in text_of(page)
    assert "You support this" in text_of(page)


def test_withdraw_support_from_the_list_returns_to_the_list(client, voting):
    (idea,) = fill(voting, 1)
    citizen = UserFactory()
    services.support_cast(citizen=citizen, proposal=idea)
    client.force_login(citizen)
    back = f"{url('list', slug=voting.slug)}#proposal-{idea.pk}"
    response = client.post(url("unsupport", pk=idea.pk), {"next": back})
    assert response["Location"] == back
    assert not Support.objects.exists()


def test_refused_support_from_the_list_returns_with_the_reason(client):
    consultation = make_consultation(phase="voting", max_supports_per_citizen=1)
    first, second = fill(consultation, 2)
    citizen = UserFactory()
    services.support_cast(citizen=citizen, proposal=first)
    client.force_login(citizen)
    back = url("list", slug=consultation.slug)
    response = client.post(url("support", pk=second.pk), {"next": back})
    assert response["Location"] == back
    assert "You have used all 1 of your supports" in text_of(client.get(back))
    assert Support.objects.count() == 1


def test_support_ignores_a_foreign_next(client, voting):
    (idea,) = fill(voting, 1)
    client.force_login(UserFactory())
    response = client.post(url("support", pk=idea.pk), {"next": "https://evil.example/"})
    assert response["Location"] == f"{url('detail', pk=idea.pk)}#support"


LIST_QUERIES_SUPPORTING = 9  # as many as for any citizen: the forms cost nothing


def list_queries(client, consultation) -> int:
    list_url = url("list", slug=consultation.slug)
    client.get(list_url)  # sets the order cookie
    with CaptureQueriesContext(connection) as captured:
        response = client.get(list_url, {"sort": "newest"})
    assert response.status_code == 200
    cards = min(consultation.proposals.count(), PER_PAGE)
    assert text_of(response).count('name="next"') == cards  # a support form on every card
    return len(captured)


def test_list_with_support_forms_has_a_pinned_constant_query_count(client, voting):
    citizen = UserFactory()
    client.force_login(citizen)
    fill(voting, 3)
    few = list_queries(client, voting)
    ideas = fill(voting, 20)
    services.support_cast(citizen=citizen, proposal=ideas[-1])
    assert list_queries(client, voting) == few == LIST_QUERIES_SUPPORTING
