"""Appeals: the author appeals once; a different moderator of the consultation decides."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from proposals import services
from proposals.exceptions import AlreadyDone, NotAllowed, WrongState
from proposals.models import Appeal, ModerationDecision, Notification, Proposal
from proposals.moderation import services as moderation
from tests.factories import UserFactory, make_consultation, make_proposal
from tests.proposals.staff import english, moderator_of, staff_admin_backend  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "staff_admin_backend")]


@pytest.fixture
def consultation():
    return make_consultation(phase="collecting")


@pytest.fixture
def first(consultation):
    return moderator_of(consultation, display_name="First moderator")


@pytest.fixture
def second(consultation):
    return moderator_of(consultation, display_name="Second moderator")


@pytest.fixture
def rejected(consultation, first):
    proposal = make_proposal(consultation, state="pending", title="Rejected idea")
    moderation.moderate(
        action="reject", item=proposal, moderator=first, reason="off_topic", text="No."
    )
    proposal.refresh_from_db()
    return proposal


def file(proposal, text="It is on topic: see the brief."):
    return moderation.appeal_file(author=proposal.author, item=proposal, text=text)


def test_author_appeals_once(rejected):
    appeal = file(rejected)
    assert appeal.state == "pending"
    assert appeal.appealed_decision == ModerationDecision.objects.get(proposal=rejected)
    with pytest.raises(AlreadyDone):
        file(rejected)
    assert Appeal.objects.count() == 1


def test_only_the_author_can_appeal(rejected):
    with pytest.raises(NotAllowed):
        moderation.appeal_file(author=UserFactory(), item=rejected, text="Please")


def test_published_content_cannot_be_appealed(consultation):
    proposal = make_proposal(consultation)
    with pytest.raises(WrongState):
        file(proposal)


def test_appeal_tells_the_moderators_and_is_logged(rejected, first, second):
    file(rejected)
    assert Notification.objects.filter(recipient=second, kind="pending").exists()
    assert ModelLogEntry.objects.filter(
        action="civic.moderation.appeal", object_id=str(rejected.pk), user=rejected.author
    ).exists()


def test_the_moderator_who_decided_cannot_decide_the_appeal(rejected, first):
    appeal = file(rejected)
    with pytest.raises(NotAllowed) as info:
        moderation.appeal_decide(appeal=appeal, moderator=first, overturn=True)
    assert "Another moderator" in str(info.value)
    appeal.refresh_from_db()
    assert appeal.state == "pending"


def test_a_moderator_of_another_consultation_cannot_decide(rejected):
    appeal = file(rejected)
    stranger = moderator_of(make_consultation(title="Bike lanes"))
    with pytest.raises(NotAllowed):
        moderation.appeal_decide(appeal=appeal, moderator=stranger, overturn=True)


def test_another_moderator_overturns_and_the_author_is_told(rejected, second):
    appeal = file(rejected)
    decision = moderation.appeal_decide(
        appeal=appeal, moderator=second, overturn=True, text="It fits the topic after all."
    )
    rejected.refresh_from_db()
    appeal.refresh_from_db()
    assert rejected.state == "published"
    assert rejected.public_reason == ""
    assert appeal.state == "overturned"
    assert appeal.decided_by == second
    assert appeal.decision == decision
    assert (decision.from_state, decision.to_state) == ("rejected", "published")
    note = Notification.objects.filter(recipient=rejected.author, kind="decision").latest("id")
    assert note.params["reason"] == "It fits the topic after all."
    assert ModelLogEntry.objects.filter(action="civic.moderation.appeal_overturned").exists()


def test_upheld_appeal_keeps_the_state_and_is_logged(rejected, second):
    appeal = file(rejected)
    decision = moderation.appeal_decide(appeal=appeal, moderator=second, overturn=False)
    rejected.refresh_from_db()
    assert rejected.state == "rejected"
    assert (decision.from_state, decision.to_state) == ("rejected", "rejected")
    assert decision.reason == "off_topic"
    assert ModelLogEntry.objects.filter(action="civic.moderation.appeal_upheld").exists()
    with pytest.raises(AlreadyDone):
        moderation.appeal_decide(appeal=appeal, moderator=second, overturn=True)


def test_auto_hidden_content_can_be_appealed_and_any_moderator_decides(consultation, first):
    consultation.auto_hide_reports = 1
    consultation.save_revision().publish()
    proposal = make_proposal(consultation)
    services.report_file(reporter=UserFactory(), proposal=proposal, reason="spam")
    proposal.refresh_from_db()
    assert proposal.state == "hidden"
    appeal = file(proposal)
    moderation.appeal_decide(appeal=appeal, moderator=first, overturn=True)
    proposal.refresh_from_db()
    assert proposal.state == "published"


def test_hidden_comment_can_be_appealed(consultation, first, second):
    proposal = make_proposal(consultation)
    comment = services.comment_post(author=UserFactory(), proposal=proposal, body="Hmm")
    if comment.state == "pending":
        moderation.moderate(action="publish", item=comment, moderator=first)
    moderation.moderate(
        action="hide", item=comment, moderator=first, reason="offensive", text="Rude."
    )
    comment.refresh_from_db()
    appeal = moderation.appeal_file(author=comment.author, item=comment, text="I was polite.")
    moderation.appeal_decide(appeal=appeal, moderator=second, overturn=True)
    comment.refresh_from_db()
    proposal.refresh_from_db()
    assert comment.state == "published"
    assert proposal.comment_count == 1


# --- through the pages --------------------------------------------------------------------


def test_proposal_page_offers_the_author_an_appeal_form(client, rejected):
    client.force_login(rejected.author)
    html = client.get(reverse("proposals:detail", args=[rejected.pk])).content.decode()
    assert reverse("moderation:appeal_file", args=["proposal", rejected.pk]) in html
    assert "Why should the decision change?" in html


def test_others_see_no_appeal_form(client, rejected):
    client.force_login(UserFactory())
    html = client.get(reverse("proposals:detail", args=[rejected.pk])).content.decode()
    assert reverse("moderation:appeal_file", args=["proposal", rejected.pk]) not in html


def test_author_files_appeal_through_the_page(client, rejected):
    client.force_login(rejected.author)
    url = reverse("moderation:appeal_file", args=["proposal", rejected.pk])
    response = client.post(url, {"text": "Please look again."})
    assert response.status_code == 302
    assert Appeal.objects.get(proposal=rejected).text == "Please look again."
    html = client.get(reverse("proposals:detail", args=[rejected.pk])).content.decode()
    assert "You appealed the decision on this proposal." in html


def test_empty_appeal_is_refused_with_a_message(client, rejected):
    client.force_login(rejected.author)
    url = reverse("moderation:appeal_file", args=["proposal", rejected.pk])
    response = client.post(url, {"text": "  "})
    assert response.status_code == 400
    assert not Appeal.objects.exists()


def test_appeal_page_of_someone_elses_item_is_404(client, rejected):
    client.force_login(UserFactory())
    url = reverse("moderation:appeal_file", args=["proposal", rejected.pk])
    assert client.get(url).status_code == 404


def test_comment_appeal_link_on_the_proposal_page(client, consultation, first):
    proposal = make_proposal(consultation)
    comment = services.comment_post(author=UserFactory(), proposal=proposal, body="Hmm")
    if comment.state == "published":
        moderation.moderate(
            action="hide", item=comment, moderator=first, reason="spam", text="Ads."
        )
    else:
        moderation.moderate(
            action="reject", item=comment, moderator=first, reason="spam", text="Ads."
        )
    client.force_login(comment.author)
    html = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert reverse("moderation:appeal_file", args=["comment", comment.pk]) in html


@pytest.mark.parametrize("admin", [False, True])
def test_same_moderator_is_refused_with_a_clear_message(client, rejected, first, admin):
    appeal = file(rejected)
    name = "civic_moderation_appeal" if admin else "moderation:appeal"
    url = reverse(name, args=[rejected.consultation_id, appeal.pk])
    client.force_login(first)
    page = client.get(url).content.decode()
    assert "Another moderator must decide this appeal." in page
    response = client.post(url, {"outcome": "overturn"})
    assert response.status_code == 403
    assert "Another moderator must decide this appeal" in response.content.decode()
    assert Proposal.objects.get(pk=rejected.pk).state == "rejected"


@pytest.mark.parametrize("admin", [False, True])
def test_second_moderator_decides_through_the_page(client, rejected, second, admin):
    appeal = file(rejected)
    name = "civic_moderation_appeal" if admin else "moderation:appeal"
    client.force_login(second)
    queue = "civic_moderation_queue" if admin else "moderation:queue"
    listing = client.get(reverse(queue, args=[rejected.consultation_id]) + "?queue=appeals")
    assert reverse(name, args=[rejected.consultation_id, appeal.pk]) in listing.content.decode()
    response = client.post(
        reverse(name, args=[rejected.consultation_id, appeal.pk]),
        {"outcome": "uphold", "text": "Still off topic."},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == "upheld"


def test_moderator_of_another_consultation_gets_403_on_the_appeal(client, rejected):
    appeal = file(rejected)
    client.force_login(moderator_of(make_consultation(title="Bike lanes")))
    url = reverse("moderation:appeal", args=[rejected.consultation_id, appeal.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"outcome": "overturn"}).status_code == 403
