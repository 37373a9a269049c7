from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import ConsultationPage
from proposals import services
from proposals.models import Comment, Follow, Support
from tests.factories import UserFactory, make_consultation, make_proposal, translate_consultation

pytestmark = pytest.mark.django_db

ACTIVITY_URL = "/en/profile/activity/"
DAY = timedelta(days=1)


@pytest.fixture
def citizen(client):
    user = UserFactory(display_name="Sara")
    client.force_login(user)
    return user


@pytest.fixture
def voting():
    return make_consultation(title="Bike lanes", phase="voting", max_supports_per_citizen=3)


def supported_proposals(consultation, citizen, n: int, title: str = "Lane") -> list:
    proposals = [make_proposal(consultation, title=f"{title} {i}") for i in range(n)]
    for proposal in proposals:
        services.support_cast(citizen=citizen, proposal=proposal)
    return proposals


def page_text(client, url: str = ACTIVITY_URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_activity_needs_a_login(client):
    response = client.get(ACTIVITY_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_every_section_says_when_it_is_empty(client, citizen):
    text = page_text(client)
    assert "You have not sent a proposal yet" in text
    assert "You do not support any proposal" in text
    assert "You do not follow anything" in text
    assert "You have not written a comment yet" in text


def test_my_proposals_show_state_outcome_and_consultation(client, citizen):
    consultation = make_consultation(title="Park renewal")
    make_proposal(consultation, author=citizen, title="Benches by the pond", outcome="accepted")
    make_proposal(consultation, author=citizen, title="A quiet corner", state="pending")
    text = page_text(client)
    assert "Benches by the pond" in text
    assert "A quiet corner" in text
    assert "Accepted" in text
    assert "Waiting for moderation" in text
    assert "Park renewal" in text


def test_edit_is_offered_only_where_the_rules_allow_it(client, citizen):
    collecting = make_consultation(title="Park renewal", phase="collecting")
    closed = make_consultation(title="Old square", phase="closed")
    editable = make_proposal(collecting, author=citizen, title="Editable idea")
    frozen = make_proposal(closed, author=citizen, title="Frozen idea")
    text = page_text(client)
    assert f"/en/proposals/{editable.pk}/edit/" in text
    assert f"/en/proposals/{frozen.pk}/edit/" not in text


def test_supports_are_grouped_with_the_limit_used(client, citizen, voting):
    supported_proposals(voting, citizen, 2)
    text = page_text(client)
    assert "Bike lanes" in text
    assert "2 of 3 used" in text
    assert "Lane 0" in text and "Lane 1" in text


def test_an_unlimited_consultation_says_so(client, citizen):
    unlimited = make_consultation(title="Library hours", phase="voting")
    supported_proposals(unlimited, citizen, 1)
    assert "1 support used (unlimited)" in page_text(client)


def test_withdraw_is_offered_only_while_voting_is_open(client, citizen, voting):
    (open_one,) = supported_proposals(voting, citizen, 1)
    later = make_consultation(title="Closed vote", phase="voting")
    (closed_one,) = supported_proposals(later, citizen, 1, title="Old")
    ConsultationPage.objects.filter(pk=later.pk).update(  # the vote has ended
        voting_open=timezone.now() - timedelta(days=3), voting_close=timezone.now() - DAY
    )
    text = page_text(client)
    assert f"/en/proposals/{open_one.pk}/unsupport/" in text
    assert f"/en/proposals/{closed_one.pk}/unsupport/" not in text
    assert "Old 0" in text


def test_withdrawing_a_support_from_the_page_comes_back_to_it(client, citizen, voting):
    (proposal,) = supported_proposals(voting, citizen, 1)
    text = page_text(client)
    assert f'action="/en/proposals/{proposal.pk}/unsupport/"' in text
    response = client.post(f"/en/proposals/{proposal.pk}/unsupport/", {"next": ACTIVITY_URL})
    assert response["Location"] == ACTIVITY_URL
    assert not Support.objects.filter(citizen=citizen).exists()
    assert "You do not support any proposal" in page_text(client)


def test_follows_list_proposals_and_consultations(client, citizen, voting):
    proposal = make_proposal(voting, title="Followed lane")
    services.follow(follower=citizen, proposal=proposal)
    services.follow(follower=citizen, consultation=voting)
    text = page_text(client)
    assert "Followed lane" in text
    assert f"/en/proposals/{proposal.pk}/unfollow/" in text
    assert f"/en/consultations/{voting.slug}/unfollow/" in text


def test_unfollowing_a_proposal_comes_back_to_the_page(client, citizen, voting):
    proposal = make_proposal(voting, title="Followed lane")
    services.follow(follower=citizen, proposal=proposal)
    response = client.post(f"/en/proposals/{proposal.pk}/unfollow/", {"next": ACTIVITY_URL})
    assert response["Location"] == ACTIVITY_URL
    assert not Follow.objects.filter(follower=citizen).exists()
    assert "You do not follow anything" in page_text(client)


def test_unfollowing_a_consultation_comes_back_to_the_page(client, citizen, voting):
    services.follow(follower=citizen, consultation=voting)
    response = client.post(f"/en/consultations/{voting.slug}/unfollow/", {"next": ACTIVITY_URL})
    assert response["Location"] == ACTIVITY_URL
    assert not Follow.objects.filter(follower=citizen).exists()


def test_my_comments_show_their_proposal_and_state(client, citizen, voting):
    proposal = make_proposal(voting, title="Commented lane")
    services.comment_post(author=citizen, proposal=proposal, body="Paint them green please.")
    comment = Comment.objects.get(author=citizen)
    text = page_text(client)
    assert "Paint them green please." in text
    assert "Commented lane" in text
    assert comment.get_state_display() in text


def test_other_peoples_activity_is_never_shown(client, citizen, voting):
    other = UserFactory()
    mine = make_proposal(voting, title="Other person's idea", author=other)
    services.support_cast(citizen=other, proposal=make_proposal(voting, title="Their support"))
    services.follow(follower=other, proposal=mine)
    services.comment_post(author=other, proposal=mine, body="Someone else wrote this.")
    text = page_text(client)
    assert "Other person&#x27;s idea" not in text
    assert "Their support" not in text
    assert "Someone else wrote this." not in text
    assert "You do not follow anything" in text


def test_a_long_section_shows_its_first_rows_and_offers_all(client, citizen):
    consultation = make_consultation()
    for i in range(7):
        make_proposal(consultation, author=citizen, title=f"Idea number {i}")
    text = page_text(client)
    assert text.count("Idea number") == 5
    assert "?show=proposals" in text
    assert page_text(client, ACTIVITY_URL + "?show=proposals").count("Idea number") == 7


def test_the_page_speaks_persian_with_jalali_dates(client, citizen, voting):
    translate_consultation(voting, title="خط دوچرخه")
    supported_proposals(voting, citizen, 2)
    text = page_text(client, "/fa/profile/activity/")
    assert '<html lang="fa" dir="rtl">' in text
    assert "فعالیت من" in text
    assert "خط دوچرخه" in text
    assert "۲ از ۳ استفاده شده" in text
    assert "۱۴۰" in text  # a Jalali year beside the Gregorian date


def test_the_header_and_the_profile_link_to_the_page(client, citizen):
    text = client.get("/en/profile/").content.decode()
    assert text.count('href="/en/profile/activity/"') == 2


def fill(citizen, consultations, n: int) -> None:
    for consultation in consultations:
        proposals = supported_proposals(consultation, citizen, n, title=consultation.title)
        make_proposal(consultation, author=citizen, title=f"Mine in {consultation.title}")
        services.follow(follower=citizen, consultation=consultation)
        for proposal in proposals:
            services.follow(follower=citizen, proposal=proposal)
            services.comment_post(author=citizen, proposal=proposal, body="Good idea.")


def test_the_query_count_does_not_grow_with_rows(client, citizen, django_assert_max_num_queries):
    few = [make_consultation(title="First vote", phase="voting")]
    fill(citizen, few, 1)
    page_text(client)  # what base.html caches (site root paths, menus) is read once
    # 18, and one for "My ballots" (budgets) when the citizen has none.
    with django_assert_max_num_queries(19) as small:
        page_text(client)
    many = [make_consultation(title=f"Vote {i}", phase="voting") for i in range(3)]
    fill(citizen, many, 3)
    page_text(client)
    with django_assert_max_num_queries(19) as large:
        page_text(client)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_all_supports_stay_grouped_under_their_consultation(client, citizen):
    unlimited = make_consultation(title="Library hours", phase="voting")
    supported_proposals(unlimited, citizen, 7, title="Longer opening")
    assert page_text(client).count("Longer opening") == 5
    text = page_text(client, ACTIVITY_URL + "?show=supports")
    assert text.count("Longer opening") == 7
    assert text.count("Library hours</a></h3>") == 1
    assert "7 supports used (unlimited)" in text
