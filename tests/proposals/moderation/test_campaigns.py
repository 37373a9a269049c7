"""Possible campaigns: the same or nearly the same text from many accounts, in the queue."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from proposals.models import Comment, ModerationDecision, Proposal
from proposals.moderation.campaigns import WINDOW_DAYS, consultation_campaigns
from tests.factories import UserFactory, make_consultation, make_proposal
from tests.proposals.staff import english, moderator_of, staff_admin_backend  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "staff_admin_backend")]

TOWER = (
    "Stop the tower on Elm Street. It will block the light of every house on the street and "
    "the park where our children play."
)
TOWER_EDITED = (
    "Stop the tower on Elm Street! It will block the light of every house on our street and "
    "the park where our children play."
)


@pytest.fixture
def consultation():
    return make_consultation(phase="collecting")


@pytest.fixture
def moderator(consultation):
    return moderator_of(consultation)


def posts(consultation, texts, *, state="pending", author=None):
    return [
        make_proposal(consultation, state=state, author=author, title="Elm Street", body=text)
        for text in texts
    ]


def comments(proposal, texts, *, author=None):
    return [
        Comment.objects.create(proposal=proposal, author=author or UserFactory(), body=text)
        for text in texts
    ]


def queue(consultation, admin=False, **params):
    url = reverse("civic_moderation_queue" if admin else "moderation:queue", args=[consultation.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


# --- grouping -----------------------------------------------------------------------------


def test_identical_proposals_from_three_accounts_are_one_campaign(consultation):
    made = posts(consultation, [TOWER] * 3)
    [campaign] = consultation_campaigns(consultation)
    assert campaign.kind == "proposal"
    assert campaign.identical
    assert campaign.accounts == 3
    assert {m.pk for m in campaign.members} == {p.pk for p in made}


def test_near_identical_proposals_are_grouped_as_near_identical(consultation):
    posts(consultation, [TOWER, TOWER_EDITED, TOWER + " Please."])
    [campaign] = consultation_campaigns(consultation)
    assert not campaign.identical
    assert len(campaign.members) == 3


def test_different_texts_are_not_grouped(consultation):
    posts(
        consultation,
        [
            TOWER,
            "Plant twenty oak trees along the river path and water them in summer.",
            "Open the library on Sundays so that students have somewhere quiet to work.",
        ],
    )
    assert consultation_campaigns(consultation) == []


def test_one_account_posting_the_same_text_again_is_not_a_campaign(consultation):
    posts(consultation, [TOWER] * 5, author=UserFactory())
    assert consultation_campaigns(consultation) == []


def test_persian_spellings_and_digits_fold_together(consultation):
    proposal = make_proposal(consultation)
    made = comments(
        proposal,
        [
            "برج ۱۲ طبقه در خیابان کاج را متوقف کنید",  # Persian yeh, kaf and digits
            "برج ١٢ طبقه در خيابان كاج را متوقف كنيد",  # Arabic yeh, kaf and digits
            "برج 12 طبقه در خیابان کاج را متوقف کنید",  # Latin digits
        ],
    )
    [campaign] = consultation_campaigns(consultation)
    assert campaign.kind == "comment"
    assert campaign.identical
    assert {m.pk for m in campaign.members} == {c.pk for c in made}


def test_fewer_accounts_than_the_setting_is_not_a_campaign(consultation, settings):
    settings.CIVIC_CAMPAIGN_MIN_ACCOUNTS = 4
    posts(consultation, [TOWER] * 3)
    assert consultation_campaigns(consultation) == []
    posts(consultation, [TOWER])
    assert consultation_campaigns(consultation)[0].accounts == 4


def test_items_of_another_consultation_are_not_counted(consultation):
    posts(consultation, [TOWER] * 2)
    posts(make_consultation(title="Bike lanes"), [TOWER])
    assert consultation_campaigns(consultation) == []


def test_items_older_than_the_window_are_left_out(consultation):
    made = posts(consultation, [TOWER] * 3)
    old = timezone.now() - timedelta(days=WINDOW_DAYS + 1)
    Proposal.objects.filter(pk=made[0].pk).update(created_at=old)
    assert consultation_campaigns(consultation) == []


def test_reading_campaigns_takes_two_queries_whatever_the_items(
    consultation, django_assert_max_num_queries
):
    proposal = make_proposal(consultation)
    posts(consultation, [TOWER] * 3)
    comments(proposal, [TOWER] * 3)
    with django_assert_max_num_queries(2):
        assert len(consultation_campaigns(consultation)) == 2
    posts(consultation, [TOWER_EDITED] * 10)
    comments(proposal, [TOWER_EDITED] * 10 + ["Something else entirely, about buses."] * 2)
    with django_assert_max_num_queries(2):
        found = consultation_campaigns(consultation)
    assert [len(c.members) for c in found] == [13, 13]


# --- the queue ----------------------------------------------------------------------------


@pytest.mark.parametrize("admin", [False, True])
def test_queue_shows_the_campaign_with_its_members(client, consultation, moderator, admin):
    made = posts(consultation, [TOWER] * 3)
    client.force_login(moderator)
    html = client.get(queue(consultation, admin)).content.decode()
    assert "Possible campaign: 3 accounts posted identical text at" in html
    item = "civic_moderation_item" if admin else "moderation:item"
    for proposal in made:
        assert reverse(item, args=[consultation.pk, "proposal", proposal.pk]) in html


def test_queue_says_when_there_is_no_campaign(client, consultation, moderator):
    client.force_login(moderator)
    assert "No possible campaigns" in client.get(queue(consultation)).content.decode()


def test_queue_filtered_to_one_campaign_lists_only_its_members(client, consultation, moderator):
    made = posts(consultation, [TOWER] * 3)
    make_proposal(consultation, state="pending", title="Unrelated idea", body="Buses at night.")
    client.force_login(moderator)
    [campaign] = consultation_campaigns(consultation)
    whole = client.get(queue(consultation)).content.decode()
    assert "Unrelated idea" in whole
    html = client.get(queue(consultation, campaign=campaign.key)).content.decode()
    assert "Only the items of one possible campaign are listed." in html
    assert "Unrelated idea" not in html
    assert html.count('name="items" value="proposal:') >= 2 * len(made)


def test_queue_query_count_does_not_grow_with_campaign_items(client, consultation, moderator):
    from tests.proposals.moderation.test_views import queue_queries

    proposal = make_proposal(consultation)
    client.force_login(moderator)
    client.get(queue(consultation))  # the session's first request asks more
    posts(consultation, [TOWER] * 3)
    comments(proposal, [TOWER] * 3)
    few = queue_queries(client, queue(consultation))
    posts(consultation, [TOWER_EDITED] * 12)
    comments(proposal, [TOWER_EDITED] * 12)
    many = queue_queries(client, queue(consultation))
    assert few == many


@pytest.mark.parametrize("who", ["citizen", "other_moderator"])
def test_only_moderators_of_this_consultation_see_campaigns(client, consultation, who):
    posts(consultation, [TOWER] * 3)
    other = make_consultation(title="Bike lanes")
    user = UserFactory() if who == "citizen" else moderator_of(other)
    client.force_login(user)
    [campaign] = consultation_campaigns(consultation)
    assert client.get(queue(consultation, campaign=campaign.key)).status_code == 403
    # Their own queue shows nothing of this consultation's campaign.
    if who == "other_moderator":
        assert TOWER[:30] not in client.get(queue(other)).content.decode()


def test_acting_on_a_group_writes_one_decision_per_item(client, consultation, moderator):
    made = posts(consultation, [TOWER] * 4)
    [campaign] = consultation_campaigns(consultation)
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:bulk", args=[consultation.pk]),
        {"items": campaign.item_keys, "action": "publish", "campaign": campaign.key},
    )
    assert response.status_code == 302
    decisions = ModerationDecision.objects.filter(moderator=moderator, action="publish")
    assert sorted(decisions.values_list("proposal_id", flat=True)) == sorted(p.pk for p in made)
    logged = ModelLogEntry.objects.filter(action="civic.moderation.publish")
    assert [entry.data["campaign"] for entry in logged] == [campaign.key] * 4


def test_other_moderator_cannot_act_on_a_group(client, consultation):
    made = posts(consultation, [TOWER] * 3)
    [campaign] = consultation_campaigns(consultation)
    client.force_login(moderator_of(make_consultation(title="Bike lanes")))
    response = client.post(
        reverse("moderation:bulk", args=[consultation.pk]),
        {"items": campaign.item_keys, "action": "publish", "campaign": campaign.key},
    )
    assert response.status_code == 403
    states = Proposal.objects.filter(pk__in=[p.pk for p in made]).values_list("state", flat=True)
    assert set(states) == {"pending"}


def test_heading_gives_the_span_of_a_campaign_over_time(client, consultation, moderator):
    made = posts(consultation, [TOWER] * 3)
    Proposal.objects.filter(pk=made[0].pk).update(created_at=timezone.now() - timedelta(hours=5))
    client.force_login(moderator)
    html = client.get(queue(consultation)).content.decode()
    assert "Possible campaign: 3 accounts posted identical text between" in html


def test_persian_queue_names_the_campaign_in_persian_digits(client, consultation, moderator):
    posts(consultation, [TOWER] * 3)
    client.force_login(moderator)
    html = client.get(queue(consultation).replace("/en/", "/fa/", 1)).content.decode()
    assert "کارزار احتمالی: ۳ حساب" in html


def test_published_group_is_offered_hiding_not_dismissing_reports(client, consultation, moderator):
    posts(consultation, [TOWER] * 3, state="published")
    client.force_login(moderator)
    html = client.get(queue(consultation)).content.decode()
    group = html[html.index('class="mod-campaigns') : html.index('class="form filter-bar')]
    assert 'value="hide"' in group
    assert 'value="dismiss"' not in group


def test_queue_query_count_does_not_grow_with_campaigns(client, consultation, moderator):
    from tests.proposals.moderation.test_views import queue_queries

    texts = [
        TOWER,
        "Plant twenty oak trees along the river path and water them in summer.",
        "Open the library on Sundays so that students have somewhere quiet to work.",
        "Paint a zebra crossing in front of the primary school before September.",
    ]
    client.force_login(moderator)
    client.get(queue(consultation))  # the session's first request asks more
    posts(consultation, [texts[0]] * 3)
    one = queue_queries(client, queue(consultation))
    for text in texts[1:]:
        posts(consultation, [text] * 3, state="published")
    assert len(consultation_campaigns(consultation)) == 4
    assert queue_queries(client, queue(consultation)) == one
