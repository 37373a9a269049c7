"""The citizen journey through HTTP: what a person sees and what each refusal tells them.

Every action is a plain form POST (no JavaScript); supporting also answers a fetch request
with the re-rendered support widget. Each refusal shows its reason and changes nothing.
"""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from proposals import services
from proposals.models import Comment, Follow, Proposal, Report, Support
from proposals.moderation import services as moderation
from tests.factories import (
    UserFactory,
    grant_role,
    make_consultation,
    make_proposal,
)

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def url(name: str, **kwargs) -> str:
    return reverse(f"proposals:{name}", kwargs=kwargs)


def logged_in(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


def text_of(response) -> str:
    return response.content.decode()


def png_bytes(size=(40, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (20, 120, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def collecting():
    return make_consultation(title="Park renewal", moderation="post")


@pytest.fixture
def voting():
    return make_consultation(title="Bike lanes", phase="voting", max_supports_per_citizen=2)


@pytest.fixture
def proposal(voting):
    return make_proposal(voting, title="Safe crossing at the school")


def proposal_data(**overrides) -> dict:
    return {
        "title": "A bench by the pond",
        "body": "Old people need somewhere to rest.",
        "token": "form-token-1",
        **overrides,
    }


# --- proposing ----------------------------------------------------------------------------


def test_visitor_is_sent_to_log_in_before_proposing(client, collecting):
    response = client.get(url("create", slug=collecting.slug))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unverified_account_is_told_to_confirm_its_address(client, collecting):
    logged_in(client, UserFactory(verified=False))
    response = client.get(url("create", slug=collecting.slug))
    assert response.status_code == 403
    assert "your e-mail address is not confirmed yet" in text_of(response)


def test_form_shows_the_fields_with_labels(client, collecting):
    logged_in(client)
    response = client.get(url("create", slug=collecting.slug))
    assert response.status_code == 200
    html = text_of(response)
    for label in ("Title", "Your proposal", "Area", "Latitude", "Longitude", "Image"):
        assert f">{label}" in html


def test_proposing_publishes_under_post_moderation(client, collecting):
    author = logged_in(client)
    response = client.post(url("create", slug=collecting.slug), proposal_data(), follow=True)
    proposal = Proposal.objects.get()
    assert proposal.author == author
    assert proposal.state == "published"
    assert response.redirect_chain[-1][0] == url("detail", pk=proposal.pk)
    assert "Your proposal is published." in text_of(response)
    assert Follow.objects.filter(follower=author, proposal=proposal).exists()


def test_proposing_under_pre_moderation_shows_awaiting_moderation(client):
    consultation = make_consultation(moderation="pre")
    logged_in(client)
    response = client.post(url("create", slug=consultation.slug), proposal_data(), follow=True)
    html = text_of(response)
    assert Proposal.objects.get().state == "pending"
    assert "awaiting moderation" in html
    assert "Only you can see this proposal" in html


def test_pending_proposal_is_not_shown_to_others(client):
    proposal = make_proposal(make_consultation(moderation="pre"), state="pending")
    logged_in(client)
    assert client.get(url("detail", pk=proposal.pk)).status_code == 404


def test_proposing_outside_collecting_is_refused(client, voting):
    logged_in(client)
    response = client.post(url("create", slug=voting.slug), proposal_data())
    assert response.status_code == 409
    assert "Proposals can only be sent while the consultation collects them." in text_of(response)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required."),
        ("title", "x" * 151, "at most 150 characters"),
        ("body", "   ", "This field is required."),
        ("body", "x" * 5001, "at most 5000 characters"),
    ],
)
def test_empty_or_too_long_fields_are_refused(client, collecting, field, value, message):
    logged_in(client)
    response = client.post(url("create", slug=collecting.slug), proposal_data(**{field: value}))
    assert response.status_code == 400
    html = text_of(response)
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert not Proposal.objects.exists()


def test_script_in_text_is_shown_as_text(client, collecting):
    logged_in(client)
    evil = '<script>alert("x")</script><b onclick="steal()">bold</b>'
    client.post(url("create", slug=collecting.slug), proposal_data(title=f"Hi {evil}", body=evil))
    proposal = Proposal.objects.get()
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "<script>alert" not in html
    assert "<b onclick" not in html
    assert "&lt;script&gt;alert" in html
    listing = text_of(client.get(url("list", slug=collecting.slug)))
    assert "<script>alert" not in listing


def test_links_in_text_become_safe_links(client, collecting):
    logged_in(client)
    client.post(
        url("create", slug=collecting.slug),
        proposal_data(body="See https://example.org/plan\nSecond line"),
    )
    html = text_of(client.get(url("detail", pk=Proposal.objects.get().pk)))
    assert 'href="https://example.org/plan"' in html
    assert "<br>" in html


def test_double_submitted_form_creates_one_proposal(client, collecting):
    logged_in(client)
    first = client.post(url("create", slug=collecting.slug), proposal_data())
    second = client.post(url("create", slug=collecting.slug), proposal_data(), follow=True)
    assert Proposal.objects.count() == 1
    assert first["Location"] == url("detail", pk=Proposal.objects.get().pk)
    assert "nothing was sent twice" in text_of(second)


def test_a_corrected_form_can_be_sent_after_a_refusal(client, collecting):
    logged_in(client)
    client.post(url("create", slug=collecting.slug), proposal_data(title=""))
    client.post(url("create", slug=collecting.slug), proposal_data())
    assert Proposal.objects.count() == 1


def test_image_is_stored_re_encoded(client, collecting):
    logged_in(client)
    image = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    client.post(
        url("create", slug=collecting.slug),
        proposal_data(image=image, image_alt="The pond in spring"),
    )
    proposal = Proposal.objects.get()
    assert proposal.image.name.endswith(".png")
    assert "photo" not in proposal.image.name
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert 'alt="The pond in spring"' in html


def test_a_file_that_is_not_an_image_is_refused(client, collecting):
    logged_in(client)
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    response = client.post(
        url("create", slug=collecting.slug), proposal_data(image=fake, image_alt="A photo")
    )
    assert response.status_code == 400
    assert "This file is not an image we can read." in text_of(response)
    assert not Proposal.objects.exists()


def test_a_too_large_image_is_refused(client, collecting):
    logged_in(client)
    big = SimpleUploadedFile(
        "big.png", png_bytes() + b"\0" * (5 * 1024 * 1024), content_type="image/png"
    )
    response = client.post(
        url("create", slug=collecting.slug), proposal_data(image=big, image_alt="A photo")
    )
    assert response.status_code == 400
    assert "The image is larger than 5 MB." in text_of(response)
    assert not Proposal.objects.exists()


def test_image_needs_a_description(client, collecting):
    logged_in(client)
    image = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    response = client.post(url("create", slug=collecting.slug), proposal_data(image=image))
    assert response.status_code == 400
    assert "Describe the image" in text_of(response)


def test_half_a_location_is_refused(client, collecting):
    logged_in(client)
    response = client.post(url("create", slug=collecting.slug), proposal_data(latitude="35.7"))
    assert response.status_code == 400
    assert "Give both latitude and longitude, or neither." in text_of(response)


def test_topic_and_area_are_saved(client):
    from tests.factories import AreaFactory

    consultation = make_consultation(moderation="post")
    consultation.topics.add("Parks")
    area = AreaFactory(name="North")
    consultation.areas.add(area)
    consultation.save()
    logged_in(client)
    client.post(
        url("create", slug=consultation.slug),
        proposal_data(topics=["Parks"], area=str(area.pk), latitude="35.7", longitude="51.4"),
    )
    proposal = Proposal.objects.get()
    assert list(proposal.topics.names()) == ["Parks"]
    assert proposal.area == area
    assert proposal.has_location


def test_similar_proposals_without_javascript(client, collecting):
    make_proposal(collecting, title="More trees in the park")
    logged_in(client)
    response = client.post(
        url("create", slug=collecting.slug),
        proposal_data(title="more trees in the parks", check_similar="1"),
    )
    html = text_of(response)
    assert response.status_code == 200
    assert "More trees in the park" in html
    assert 'value="more trees in the parks"' in html
    assert Proposal.objects.count() == 1


def test_similar_fragment_for_the_script(client, collecting):
    make_proposal(collecting, title="درختان بیشتر در پارک")
    response = client.get(url("similar", slug=collecting.slug), {"title": "درختان بیشتر پارک"})
    assert "درختان بیشتر در پارک" in text_of(response)
    response = client.get(url("similar", slug=collecting.slug), {"title": "Swimming pool"})
    assert "No similar proposals found." in text_of(response)


def test_unpublished_consultation_cannot_be_acted_on(client):
    hidden = make_consultation(title="Draft plan", live=False)
    logged_in(client)
    assert client.get(url("list", slug=hidden.slug)).status_code == 404
    assert client.get(url("create", slug=hidden.slug)).status_code == 404
    assert client.post(url("create", slug=hidden.slug), proposal_data()).status_code == 404
    assert not Proposal.objects.exists()


def test_proposal_of_an_unpublished_consultation_cannot_be_supported(client, proposal):
    consultation = proposal.consultation
    consultation.unpublish()
    logged_in(client)
    assert client.get(url("detail", pk=proposal.pk)).status_code == 404
    assert client.post(url("support", pk=proposal.pk)).status_code == 404
    assert client.post(url("comment", pk=proposal.pk), {"body": "Hi"}).status_code == 404
    assert not Support.objects.exists()
    assert not Comment.objects.exists()


# --- editing and withdrawing ----------------------------------------------------------------


def test_author_edits_and_the_page_shows_edited_with_history(client, collecting):
    author = logged_in(client)
    proposal = make_proposal(collecting, author=author, title="First title")
    response = client.post(
        url("edit", pk=proposal.pk),
        {"title": "Better title", "body": "Clearer text."},
        follow=True,
    )
    html = text_of(response)
    assert "Your changes are saved" in html
    assert "Edited" in html
    assert "Edit history" in html
    assert "First title" in html
    assert "Version 2" in html
    assert proposal.versions.count() == 2


def test_someone_else_cannot_edit(client, collecting):
    proposal = make_proposal(collecting, title="Mine")
    logged_in(client)
    response = client.post(url("edit", pk=proposal.pk), {"title": "Yours", "body": "x"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "Mine"


def test_edit_refused_after_a_moderation_decision(client, collecting):
    author = logged_in(client)
    proposal = make_proposal(collecting, author=author, title="Mine")
    moderator = UserFactory()
    grant_role(moderator, "moderator", collecting)
    moderation.moderate(action="hide", item=proposal, moderator=moderator, reason="spam")
    moderation.moderate(action="restore", item=proposal, moderator=moderator)
    response = client.post(url("edit", pk=proposal.pk), {"title": "Changed", "body": "x"})
    assert response.status_code == 409
    assert "A proposal cannot be edited once a moderator has decided on it." in text_of(response)
    proposal.refresh_from_db()
    assert proposal.title == "Mine"


def test_author_withdraws_and_it_stays_visible(client, proposal):
    logged_in(client, proposal.author)
    response = client.post(url("withdraw", pk=proposal.pk), follow=True)
    html = text_of(response)
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn"
    assert "Withdrawn by the author" in html
    assert "Safe crossing at the school" in html


def test_only_the_author_withdraws(client, proposal):
    logged_in(client)
    response = client.post(url("withdraw", pk=proposal.pk))
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == "published"


# --- supports -------------------------------------------------------------------------------


def test_support_with_a_plain_form(client, proposal):
    logged_in(client)
    response = client.post(url("support", pk=proposal.pk))
    assert response.status_code == 302
    assert response["Location"] == url("detail", pk=proposal.pk) + "#support"
    page = text_of(client.get(response["Location"]))
    assert "Thank you for your support." in page
    assert "You support this proposal." in page
    assert "You have 1 support left in this consultation." in page
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_support_with_fetch_returns_the_widget(client, proposal):
    logged_in(client)
    response = client.post(url("support", pk=proposal.pk), **FETCH)
    html = text_of(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="support-widget"')
    assert "<html" not in html
    assert "Thank you for your support." in html
    assert "Withdraw my support" in html
    assert "You have 1 support left" in html


def test_withdraw_support_with_fetch(client, proposal):
    citizen = logged_in(client)
    services.support_cast(citizen=citizen, proposal=proposal)
    response = client.post(url("unsupport", pk=proposal.pk), **FETCH)
    assert response.status_code == 200
    assert "Your support is withdrawn." in text_of(response)
    assert "You have 2 supports left" in text_of(response)
    assert not Support.objects.exists()


# The support POST reads only what the rules ask, and answers a fetch with the support box
# alone: no redirect, no page. Pinned, for a citizen who opened the proposal page first (so
# their holding no staff role is remembered: no permission query): the user, the proposal
# with its consultation, the verified address, the outer savepoint (2), the budget's guarded
# update (which locks it), the support, the count, the shard, and the count and budget as
# this support left them, which the answer shows: nothing is read again for it (10). A
# citizen's first support in a consultation creates the budget row (3 more); the first
# support of a consultation also creates its shards.
SUPPORT_FETCH_QUERIES = 10
FIRST_SUPPORT_FETCH_QUERIES = SUPPORT_FETCH_QUERIES + 3
PERMISSION_TABLES = ("auth_permission", "guardian_", "auth_group")


def _support_queries(client, proposal, **extra):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.post(url("support", pk=proposal.pk), **extra)
    return response, [query["sql"] for query in captured.captured_queries]


def test_support_post_loads_no_text_author_area_or_topics(client, proposal):
    services.support_cast(citizen=UserFactory(), proposal=proposal)  # the shards exist
    logged_in(client)
    client.get(url("detail", pk=proposal.pk))
    response, queries = _support_queries(client, proposal, **FETCH)
    assert response.status_code == 200
    everything = " ".join(queries)
    assert "proposals_proposaltopic" not in everything
    assert "consultations_area" not in everything
    assert '"proposals_proposal"."body"' not in everything
    assert not any(table in everything for table in PERMISSION_TABLES)
    assert len(queries) == FIRST_SUPPORT_FETCH_QUERIES


def test_support_post_query_count_does_not_grow_with_supports(client, voting):
    few, many = make_proposal(voting), make_proposal(voting, title="Popular")
    for _ in range(12):
        services.support_cast(citizen=UserFactory(), proposal=many)
    logged_in(client)
    client.get(url("detail", pk=few.pk))
    _response, on_few = _support_queries(client, few, **FETCH)
    response, on_many = _support_queries(client, many, **FETCH)
    assert response.status_code == 200
    assert "13" in text_of(response)
    assert len(on_few) == FIRST_SUPPORT_FETCH_QUERIES
    assert len(on_many) == SUPPORT_FETCH_QUERIES


def test_the_support_box_shows_what_the_cast_left_without_reading_it_again(client, voting):
    first, second = make_proposal(voting), make_proposal(voting, title="Second")
    services.support_cast(citizen=UserFactory(), proposal=second)
    logged_in(client)
    client.post(url("support", pk=first.pk), **FETCH)
    response, queries = _support_queries(client, second, **FETCH)
    html = text_of(response)
    assert "Thank you for your support." in html
    assert 'support-widget__number">2<' in html  # its two supports, this one with them
    assert "You have 0 supports left in this consultation." in html  # the limit is 2
    assert len(queries) == SUPPORT_FETCH_QUERIES


def test_support_without_javascript_still_redirects_to_the_page(client, proposal):
    logged_in(client)
    response, _queries = _support_queries(client, proposal)
    assert response.status_code in {302, 303}
    assert response["Location"].endswith("#support")
    assert "Thank you for your support." in text_of(client.get(response["Location"]))


def test_page_shows_supports_left(client, voting, proposal):
    citizen = logged_in(client)
    services.support_cast(citizen=citizen, proposal=make_proposal(voting, title="Other"))
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "You have 1 support left in this consultation." in html
    assert "Support this proposal" in html


def test_visitor_is_asked_to_log_in_to_support(client, proposal):
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "Log in to support" in html
    response = client.post(url("support", pk=proposal.pk))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    response = client.post(url("support", pk=proposal.pk), **FETCH)
    assert response.status_code == 403
    assert "Sign in with a confirmed e-mail address" in text_of(response)
    assert not Support.objects.exists()


def assert_refused(client, proposal, message, status, *, fetch=False, action="support"):
    before = Support.objects.count()
    extra = FETCH if fetch else {}
    response = client.post(url(action, pk=proposal.pk), **extra)
    assert response.status_code == status
    assert message in text_of(response)
    assert Support.objects.count() == before
    return response


@pytest.mark.parametrize("fetch", [False, True])
def test_support_twice_is_refused(client, proposal, fetch):
    citizen = logged_in(client)
    services.support_cast(citizen=citizen, proposal=proposal)
    assert_refused(client, proposal, "already", 409, fetch=fetch)
    proposal.refresh_from_db()
    assert proposal.support_count == 1


@pytest.mark.parametrize("fetch", [False, True])
def test_support_beyond_the_limit_is_refused(client, voting, fetch):
    citizen = logged_in(client)
    for n in range(2):
        services.support_cast(citizen=citizen, proposal=make_proposal(voting, title=f"P{n}"))
    third = make_proposal(voting, title="Third")
    assert_refused(client, third, "You have used all your supports", 409, fetch=fetch)


def test_page_tells_when_supports_are_used_up(client, voting):
    citizen = logged_in(client)
    for n in range(2):
        services.support_cast(citizen=citizen, proposal=make_proposal(voting, title=f"P{n}"))
    html = text_of(client.get(url("detail", pk=make_proposal(voting, title="Third").pk)))
    assert "You have used all your supports in this consultation." in html
    assert "You have 0 supports left" in html


@pytest.mark.parametrize("phase", ["collecting", "deliberating", "closed"])
def test_support_outside_voting_is_refused(client, phase):
    proposal = make_proposal(make_consultation(phase=phase))
    logged_in(client)
    response = assert_refused(
        client, proposal, "Supports can only be given or withdrawn while voting is open.", 409
    )
    assert "Thank you" not in text_of(response)


def test_own_proposal_support_is_refused(client, proposal):
    logged_in(client, proposal.author)
    assert_refused(client, proposal, "own proposal", 403)
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "You cannot support your own proposal in this consultation." in html


def test_support_without_required_verification_is_refused(client):
    consultation = make_consultation(phase="voting", requires_verified_resident=True)
    proposal = make_proposal(consultation)
    logged_in(client)
    assert_refused(client, proposal, "Only verified residents", 403)


@pytest.mark.parametrize("state", ["hidden", "withdrawn", "rejected"])
def test_support_on_a_proposal_that_is_not_published_is_refused(client, voting, state):
    proposal = make_proposal(voting, state=state)
    logged_in(client)
    assert_refused(client, proposal, "Only published proposals can be supported.", 409)
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "Supports of this proposal are frozen." in html


def test_unverified_account_cannot_support(client, proposal):
    logged_in(client, UserFactory(verified=False))
    response = assert_refused(client, proposal, "not confirmed yet", 403)
    assert response.status_code == 403


# --- hidden and rejected content ------------------------------------------------------------


@pytest.mark.parametrize("state", ["hidden", "rejected"])
def test_hidden_or_rejected_proposal_shows_its_reason_never_its_content(client, voting, state):
    proposal = make_proposal(
        voting, state=state, title="Secret title", body="Secret text", public_reason="Spam."
    )
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "Secret title" not in html
    assert "Secret text" not in html
    assert "Reason: Spam." in html
    listing = text_of(client.get(url("list", slug=voting.slug), {"state": state}))
    assert "Secret title" not in listing
    assert "Spam." in listing


# --- comments -------------------------------------------------------------------------------


def test_comment_and_reply(client, proposal):
    logged_in(client)
    response = client.post(
        url("comment", pk=proposal.pk), {"body": "Good idea", "token": "c1"}, follow=True
    )
    top = Comment.objects.get()
    assert "Your comment is published." in text_of(response)
    other = UserFactory(display_name="Replier")
    client.force_login(other)
    client.post(url("comment", pk=proposal.pk), {"body": "Agreed", "parent": top.pk})
    reply = Comment.objects.get(parent=top)
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert f'id="comment-{top.pk}"' in html
    assert f'id="comment-{reply.pk}"' in html
    assert html.index("Good idea") < html.index("Agreed")
    assert "comments--replies" in html
    proposal.refresh_from_db()
    assert proposal.comment_count == 2


def test_a_reply_to_a_reply_stays_on_the_first_level(client, proposal):
    logged_in(client)
    top = services.comment_post(author=UserFactory(), proposal=proposal, body="Top")
    reply = services.comment_post(author=UserFactory(), proposal=proposal, body="R", parent=top)
    client.post(url("comment", pk=proposal.pk), {"body": "Deeper", "parent": reply.pk})
    assert Comment.objects.get(body="Deeper").parent_id == top.pk


def test_comment_by_an_official_is_marked(client, proposal):
    official = UserFactory(display_name="City Hall")
    grant_role(official, "official", proposal.consultation)
    logged_in(client, official)
    client.post(url("comment", pk=proposal.pk), {"body": "We are studying it."})
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "comment--official" in html
    assert ">Official</span>" in html


def test_empty_or_long_comment_is_refused(client, proposal):
    logged_in(client)
    response = client.post(url("comment", pk=proposal.pk), {"body": "  "})
    assert response.status_code == 400
    assert "This field is required." in text_of(response)
    response = client.post(url("comment", pk=proposal.pk), {"body": "x" * 2001})
    assert response.status_code == 400
    assert "at most 2000 characters" in text_of(response)
    assert not Comment.objects.exists()


def test_double_submitted_comment_is_stored_once(client, proposal):
    logged_in(client)
    for _ in range(2):
        client.post(url("comment", pk=proposal.pk), {"body": "Once", "token": "same"})
    assert Comment.objects.count() == 1


def test_comment_html_is_inert(client, proposal):
    logged_in(client)
    client.post(url("comment", pk=proposal.pk), {"body": "<img src=x onerror=alert(1)>"})
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_comment_refused_on_a_withdrawn_proposal(client, voting):
    proposal = make_proposal(voting, state="withdrawn")
    logged_in(client)
    response = client.post(url("comment", pk=proposal.pk), {"body": "Still?"})
    assert response.status_code == 409
    assert "Only published proposals can be commented on." in text_of(response)
    assert not Comment.objects.exists()


# --- reports --------------------------------------------------------------------------------


def test_report_a_proposal_once(client, proposal):
    logged_in(client)
    response = client.post(
        url("report", pk=proposal.pk), {"reason": "spam", "text": ""}, follow=True
    )
    assert "Moderators will look at your report." in text_of(response)
    response = client.post(url("report", pk=proposal.pk), {"reason": "offensive"})
    assert response.status_code == 409
    assert "already" in text_of(response)
    assert Report.objects.count() == 1


def test_report_other_needs_a_text(client, proposal):
    logged_in(client)
    response = client.post(url("report", pk=proposal.pk), {"reason": "other", "text": ""})
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_report_a_comment(client, proposal):
    comment = services.comment_post(author=UserFactory(), proposal=proposal, body="Rude")
    logged_in(client)
    response = client.post(url("report_comment", pk=comment.pk), {"reason": "offensive"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert Report.objects.get().comment == comment


def test_enough_reports_hide_the_proposal(client):
    consultation = make_consultation(phase="voting", auto_hide_reports=2)
    proposal = make_proposal(consultation, title="Buy my product")
    for _ in range(2):
        logged_in(client)
        client.post(url("report", pk=proposal.pk), {"reason": "spam"})
    proposal.refresh_from_db()
    assert proposal.state == "hidden"
    assert "Buy my product" not in text_of(client.get(url("detail", pk=proposal.pk)))


# --- follows --------------------------------------------------------------------------------


def test_follow_and_unfollow_a_proposal(client, proposal):
    citizen = logged_in(client)
    html = text_of(client.post(url("follow", pk=proposal.pk), follow=True))
    assert "You follow this now." in html
    assert "Stop following" in html
    assert Follow.objects.filter(follower=citizen, proposal=proposal).exists()
    html = text_of(client.post(url("unfollow", pk=proposal.pk), follow=True))
    assert "You no longer follow this." in html
    assert not Follow.objects.filter(follower=citizen).exists()


def test_follow_a_consultation(client, voting):
    citizen = logged_in(client)
    client.post(url("follow_consultation", slug=voting.slug))
    assert Follow.objects.filter(follower=citizen, consultation=voting).exists()
    client.post(url("unfollow_consultation", slug=voting.slug))
    assert not Follow.objects.filter(follower=citizen).exists()


def test_follow_needs_login(client, proposal):
    response = client.post(url("follow", pk=proposal.pk))
    assert reverse("account_login") in response["Location"]
    assert not Follow.objects.exists()


def test_follow_ignores_a_foreign_next(client, proposal):
    logged_in(client)
    response = client.post(url("follow", pk=proposal.pk), {"next": "https://evil.example/"})
    assert response["Location"] == url("detail", pk=proposal.pk)


def test_get_never_changes_anything(client, proposal):
    logged_in(client)
    for name in ("support", "unsupport", "follow", "unfollow", "comment"):
        assert client.get(url(name, pk=proposal.pk)).status_code == 405
    assert not Support.objects.exists()


def test_hidden_comment_shows_its_reason_not_its_text_or_author(client, proposal):
    author = UserFactory(display_name="Troll Name")
    comment = services.comment_post(author=author, proposal=proposal, body="Nasty words")
    moderator = UserFactory()
    grant_role(moderator, "moderator", proposal.consultation)
    moderation.moderate(action="hide", item=comment, moderator=moderator, reason="offensive")
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "This comment is hidden by the moderators." in html
    assert "Nasty words" not in html
    assert "Troll Name" not in html


def test_unverified_account_is_not_asked_to_log_in_again(client, proposal):
    logged_in(client, UserFactory(verified=False))
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "Log in to support" not in html
    assert "Sign in with a confirmed e-mail address to take part." in html
    assert reverse("account_email") in html
