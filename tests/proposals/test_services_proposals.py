"""Proposal services: submit, edit, withdraw, and the refusals that change nothing."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from proposals import services
from proposals.exceptions import (
    InvalidInput,
    LoginRequired,
    NotAllowed,
    NotVisible,
    PhaseClosed,
    WrongState,
)
from proposals.models import ConsultationTally, Follow, ModerationDecision, Proposal
from proposals.moderation import services as moderation
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal

pytestmark = pytest.mark.django_db


def submit(consultation, author=None, **fields):
    values = {"title": "More bike lanes", "body": "Paint lanes on Main Street.", **fields}
    return services.proposal_submit(
        author=author or UserFactory(), consultation=consultation, **values
    )


def test_submit_post_moderation_publishes_and_counts():
    consultation = make_consultation(moderation="post")
    proposal = submit(consultation)
    assert proposal.state == "published"
    assert ConsultationTally.objects.get(pk=consultation.pk).proposals == 1


def test_submit_pre_moderation_waits_without_counting():
    consultation = make_consultation(moderation="pre")
    proposal = submit(consultation)
    assert proposal.state == "pending"
    assert not ConsultationTally.objects.filter(pk=consultation.pk, proposals__gt=0).exists()


def test_submit_pre_moderation_tells_the_moderators():
    consultation = make_consultation(moderation="pre")
    moderator = UserFactory()
    grant_role(moderator, "moderator", consultation)
    submit(consultation)
    assert moderator.notifications.filter(kind="pending").count() == 1


def test_submit_keeps_first_version():
    proposal = submit(make_consultation())
    assert list(proposal.versions.values_list("number", "title")) == [(1, "More bike lanes")]


def test_author_follows_own_proposal():
    author = UserFactory()
    proposal = submit(make_consultation(), author=author)
    assert Follow.objects.filter(follower=author, proposal=proposal).exists()


def test_submit_refused_outside_collecting():
    consultation = make_consultation(phase="deliberating")
    with pytest.raises(PhaseClosed):
        submit(consultation)
    assert not Proposal.objects.exists()


def test_submit_refused_to_visitor():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(LoginRequired):
        submit(make_consultation(), author=AnonymousUser())


def test_submit_refused_without_verified_email():
    with pytest.raises(LoginRequired):
        submit(make_consultation(), author=UserFactory(verified=False))
    assert not Proposal.objects.exists()


def test_submit_refused_on_unpublished_consultation():
    with pytest.raises(NotVisible):
        submit(make_consultation(live=False))


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", ""), ("title", "   "), ("title", "x" * 151), ("body", ""), ("body", "y" * 5001)],
)
def test_submit_refuses_empty_or_too_long_fields(field, value):
    with pytest.raises(InvalidInput) as error:
        submit(make_consultation(), **{field: value})
    assert error.value.field == field
    assert not Proposal.objects.exists()


def test_submit_accepts_limits_exactly():
    proposal = submit(make_consultation(), title="x" * 150, body="y" * 5000)
    assert len(proposal.title) == 150


def test_submit_refuses_topic_outside_consultation():
    consultation = make_consultation()
    consultation.topics.add("Parks")
    consultation.save()
    with pytest.raises(InvalidInput):
        submit(consultation, topics=["Taxes"])


def test_submit_uses_consultation_topics():
    consultation = make_consultation()
    consultation.topics.add("Parks")
    consultation.save()
    proposal = submit(consultation, topics=["parks"])
    assert list(proposal.topics.names()) == ["Parks"]


def test_submit_refuses_location_off_the_map():
    with pytest.raises(InvalidInput):
        submit(make_consultation(), latitude=91, longitude=10)


def test_submit_stores_location():
    proposal = submit(make_consultation(), latitude="35.6892", longitude="51.3890")
    assert (float(proposal.latitude), float(proposal.longitude)) == (35.6892, 51.389)


def _jpeg_with_exif() -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    out = BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def test_submit_image_is_reencoded_without_exif():
    upload = _jpeg_with_exif()
    assert b"SecretCamera" in upload.read()
    proposal = submit(make_consultation(), image=upload)
    data = proposal.image.read()
    assert b"SecretCamera" not in data
    assert Image.open(BytesIO(data)).size == (40, 30)


def test_submit_refuses_a_file_that_is_not_an_image():
    upload = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(InvalidInput) as error:
        submit(make_consultation(), image=upload)
    assert error.value.field == "image"


def test_body_html_is_inert_with_links_and_breaks():
    proposal = make_proposal(
        make_consultation(), body="<script>x</script>\nsee https://example.org"
    )
    html = proposal.body_html
    assert "<script>" not in html
    assert "<br>" in html
    assert 'href="https://example.org"' in html


# --- edit -------------------------------------------------------------------------------


def test_edit_keeps_a_version():
    author = UserFactory()
    proposal = submit(make_consultation(), author=author)
    services.proposal_edit(proposal=proposal, editor=author, title="Safer bike lanes")
    proposal.refresh_from_db()
    assert proposal.title == "Safer bike lanes"
    assert list(proposal.versions.values_list("title", flat=True)) == [
        "More bike lanes",
        "Safer bike lanes",
    ]


def test_edit_refused_after_collecting():
    author = UserFactory()
    proposal = make_proposal(make_consultation(phase="deliberating"), author=author)
    with pytest.raises(PhaseClosed):
        services.proposal_edit(proposal=proposal, editor=author, title="Changed")


def test_edit_refused_to_someone_else():
    proposal = submit(make_consultation())
    with pytest.raises(NotAllowed):
        services.proposal_edit(proposal=proposal, editor=UserFactory(), title="Mine now")
    proposal.refresh_from_db()
    assert proposal.title == "More bike lanes"


def test_edit_refused_after_first_support():
    author = UserFactory()
    # Collecting and voting overlap: the proposal could still be edited but for the support.
    overlap = make_consultation(phase="voting", proposals_close=timezone.now() + timedelta(days=5))
    proposal = make_proposal(overlap, author=author)
    services.support_cast(citizen=UserFactory(), proposal=proposal)
    with pytest.raises(WrongState):
        services.proposal_edit(proposal=proposal, editor=author, title="Changed")


def test_edit_refused_after_moderation_decision():
    consultation = make_consultation(moderation="pre")
    author, moderator = UserFactory(), UserFactory()
    grant_role(moderator, "moderator", consultation)
    proposal = submit(consultation, author=author)
    moderation.moderate(action="publish", item=proposal, moderator=moderator)
    with pytest.raises(WrongState):
        services.proposal_edit(proposal=proposal, editor=author, title="Changed")


# --- withdraw ---------------------------------------------------------------------------


def test_withdraw_leaves_the_published_count_and_logs():
    author = UserFactory()
    consultation = make_consultation()
    proposal = submit(consultation, author=author)
    services.proposal_withdraw(proposal=proposal, author=author)
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn"
    assert ConsultationTally.objects.get(pk=consultation.pk).proposals == 0
    assert ModerationDecision.objects.get(proposal=proposal).reason == "withdrawn"


def test_withdraw_refused_to_someone_else():
    proposal = submit(make_consultation())
    with pytest.raises(NotAllowed):
        services.proposal_withdraw(proposal=proposal, author=UserFactory())


def test_withdraw_refused_twice():
    author = UserFactory()
    proposal = submit(make_consultation(), author=author)
    services.proposal_withdraw(proposal=proposal, author=author)
    with pytest.raises(WrongState):
        services.proposal_withdraw(proposal=proposal, author=author)
