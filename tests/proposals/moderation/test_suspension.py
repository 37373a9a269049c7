"""A moderator suspends an account that keeps posting abuse: with a reason, logged, optionally
hiding its contributions in one step; an administrator lifts it."""

import html

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import Suspension
from accounts.services import LOG_LIFT, LOG_SUSPEND
from proposals import services
from proposals.exceptions import Suspended
from proposals.models import ModerationDecision, ModerationReason, Proposal
from tests.factories import UserFactory, make_consultation, make_proposal
from tests.proposals.staff import english, moderator_of, staff_admin_backend  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "staff_admin_backend")]


@pytest.fixture
def consultation():
    return make_consultation(phase="voting", moderation="post")


@pytest.fixture
def moderator(consultation):
    return moderator_of(consultation)


@pytest.fixture
def abuser(consultation):
    author = UserFactory(display_name="Troll")
    make_proposal(consultation, author=author, title="Abuse one")
    make_proposal(consultation, author=author, title="Abuse two")
    return author


def suspend_url(consultation, user):
    return reverse("moderation:suspend", args=[consultation.pk, user.pk])


def spam():
    return ModerationReason.objects.get(code="spam")


def test_the_item_page_links_to_suspending_its_author(client, consultation, moderator, abuser):
    proposal = Proposal.objects.filter(author=abuser).first()
    client.force_login(moderator)
    page = client.get(
        reverse("moderation:item", args=[consultation.pk, "proposal", proposal.pk])
    ).content.decode()
    assert suspend_url(consultation, abuser) in page


def test_suspending_needs_a_reason(client, consultation, moderator, abuser):
    client.force_login(moderator)
    response = client.post(suspend_url(consultation, abuser), {"reason": "  "})
    assert response.status_code == 400
    assert not Suspension.objects.exists()


def test_suspend_and_hide_everything_in_one_step(client, consultation, moderator, abuser):
    client.force_login(moderator)
    page = client.get(suspend_url(consultation, abuser)).content.decode()
    assert "Published here: 2 proposals and 0 comments." in page
    response = client.post(
        suspend_url(consultation, abuser),
        {"reason": "Insults in every post.", "hide": "on", "template": spam().pk},
        follow=True,
    )
    assert "Troll's account is suspended. 2 contributions were hidden." in html.unescape(
        response.content.decode()
    )
    suspension = Suspension.objects.get(user=abuser)
    assert (suspension.reason, suspension.suspended_by, suspension.consultation_id) == (
        "Insults in every post.",
        moderator,
        consultation.pk,
    )
    assert set(Proposal.objects.filter(author=abuser).values_list("state", flat=True)) == {"hidden"}
    assert ModerationDecision.objects.filter(moderator=moderator, action="hide").count() == 2
    assert ModelLogEntry.objects.filter(action=LOG_SUSPEND, object_id=str(abuser.pk)).exists()


def test_hiding_needs_a_public_reason(client, consultation, moderator, abuser):
    client.force_login(moderator)
    response = client.post(suspend_url(consultation, abuser), {"reason": "Insults.", "hide": "on"})
    assert response.status_code == 400
    assert "Choose the public reason shown on the contributions you hide." in (
        response.content.decode()
    )
    assert not Suspension.objects.exists()  # nothing half done


def test_a_suspended_account_cannot_contribute_and_is_told_why(consultation, moderator, abuser):
    from proposals.moderation import services as moderation

    moderation.suspend_author(
        consultation=consultation, moderator=moderator, author=abuser, reason="Insults."
    )
    other = make_proposal(consultation)
    abuser.refresh_from_db()
    with pytest.raises(Suspended) as refused:
        services.comment_post(author=abuser, proposal=other, body="More insults")
    assert "Insults." in str(refused.value.message)
    with pytest.raises(Suspended):
        services.support_cast(citizen=abuser, proposal=other)


def test_the_proposal_page_says_why_a_suspended_citizen_cannot_support(
    client, consultation, moderator, abuser
):
    from proposals.moderation import services as moderation

    moderation.suspend_author(
        consultation=consultation, moderator=moderator, author=abuser, reason="Insults."
    )
    other = make_proposal(consultation)
    client.force_login(abuser)
    response = client.post(reverse("proposals:support", args=[other.pk]), follow=True)
    assert "Your account is suspended (Insults.)" in response.content.decode()
    assert other.supports.count() == 0


def test_moderators_of_another_consultation_cannot_suspend_here(client, consultation, abuser):
    other = make_consultation(phase="voting", title="Elsewhere")
    client.force_login(moderator_of(other))
    assert client.post(suspend_url(consultation, abuser), {"reason": "x"}).status_code == 403
    assert not Suspension.objects.exists()


def test_only_authors_of_this_consultation_can_be_suspended_from_it(
    client, consultation, moderator
):
    bystander = UserFactory()
    client.force_login(moderator)
    assert client.get(suspend_url(consultation, bystander)).status_code == 404


def test_an_administrator_lifts_it_and_the_person_contributes_again(
    client, consultation, moderator, abuser
):
    from proposals.moderation import services as moderation

    moderation.suspend_author(
        consultation=consultation, moderator=moderator, author=abuser, reason="Insults."
    )
    client.force_login(moderator)  # a moderator cannot lift it
    assert client.get(reverse("civic_suspensions")).status_code in (302, 403)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("civic_suspensions")).content.decode()
    assert "Insults." in listing and "Troll" in listing
    client.post(reverse("civic_suspensions"), {"user": abuser.pk, "note": "Apologised."})
    suspension = Suspension.objects.get(user=abuser)
    assert (suspension.lifted_by, suspension.lift_note) == (admin, "Apologised.")
    assert ModelLogEntry.objects.filter(action=LOG_LIFT, object_id=str(abuser.pk)).exists()
    fresh = type(abuser).objects.get(pk=abuser.pk)  # as the next request loads it
    services.comment_post(author=fresh, proposal=make_proposal(consultation), body="Sorry")


def test_the_persons_data_download_lists_the_suspension(consultation, moderator, abuser):
    from accounts.queries import personal_data
    from proposals.moderation import services as moderation

    moderation.suspend_author(
        consultation=consultation, moderator=moderator, author=abuser, reason="Insults."
    )
    data = personal_data(user=abuser)
    assert [s["reason"] for s in data["suspensions"]] == ["Insults."]
    assert "suspended_by" not in data["suspensions"][0]
