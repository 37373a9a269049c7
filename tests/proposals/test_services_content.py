"""Comments, reports, moderation decisions and follows."""

import pytest
from django.db.models import Count, Q

from proposals import services
from proposals.exceptions import (
    AlreadyDone,
    InvalidInput,
    LoginRequired,
    NotAllowed,
    PhaseClosed,
    WrongState,
)
from proposals.models import (
    Comment,
    ConsultationTally,
    Follow,
    ModerationDecision,
    Proposal,
    Report,
)
from proposals.moderation import services as moderation
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    return make_consultation(moderation="post", auto_hide_reports=2)


@pytest.fixture
def proposal(consultation):
    return make_proposal(consultation)


def test_comment_counts_on_proposal_and_tally(proposal):
    services.comment_post(author=UserFactory(), proposal=proposal, body="Good idea")
    proposal.refresh_from_db()
    assert proposal.comment_count == 1
    assert ConsultationTally.objects.get(pk=proposal.consultation_id).comments == 1


def test_comment_pre_moderation_waits_uncounted():
    consultation = make_consultation(moderation="pre")
    proposal = make_proposal(consultation)
    comment = services.comment_post(author=UserFactory(), proposal=proposal, body="Hm")
    proposal.refresh_from_db()
    assert comment.state == "pending"
    assert proposal.comment_count == 0


def test_reply_to_a_reply_joins_the_first_level(proposal):
    top = services.comment_post(author=UserFactory(), proposal=proposal, body="Top")
    reply = services.comment_post(author=UserFactory(), proposal=proposal, body="R", parent=top)
    deeper = services.comment_post(author=UserFactory(), proposal=proposal, body="RR", parent=reply)
    assert deeper.parent_id == top.pk


def test_comment_of_an_official_is_marked(proposal):
    official = UserFactory()
    grant_role(official, "official", proposal.consultation)
    comment = services.comment_post(author=official, proposal=proposal, body="We look at it")
    assert comment.is_official


def test_official_of_another_consultation_comments_as_citizen(proposal):
    official = UserFactory()
    grant_role(official, "official", make_consultation(title="Other"))
    comment = services.comment_post(author=official, proposal=proposal, body="Personally…")
    assert not comment.is_official


def test_comment_refused_on_hidden_proposal(consultation):
    proposal = make_proposal(consultation, state="hidden")
    with pytest.raises(WrongState):
        services.comment_post(author=UserFactory(), proposal=proposal, body="x")
    assert not Comment.objects.exists()


def test_comment_refused_empty(proposal):
    with pytest.raises(InvalidInput):
        services.comment_post(author=UserFactory(), proposal=proposal, body="  ")


def test_comment_refused_too_long(proposal):
    with pytest.raises(InvalidInput):
        services.comment_post(author=UserFactory(), proposal=proposal, body="x" * 2001)


def test_comment_refused_when_closed():
    proposal = make_proposal(make_consultation(phase="closed"))
    with pytest.raises(PhaseClosed):
        services.comment_post(author=UserFactory(), proposal=proposal, body="late")


def test_comment_refused_to_unverified(proposal):
    with pytest.raises(LoginRequired):
        services.comment_post(author=UserFactory(verified=False), proposal=proposal, body="x")


# --- reports ----------------------------------------------------------------------------


def test_report_is_stored(proposal):
    report = services.report_file(reporter=UserFactory(), proposal=proposal, reason="spam")
    assert report.reason == "spam"


def test_second_report_by_same_citizen_is_refused(proposal):
    citizen = UserFactory()
    services.report_file(reporter=citizen, proposal=proposal, reason="spam")
    with pytest.raises(AlreadyDone):
        services.report_file(reporter=citizen, proposal=proposal, reason="offensive")
    assert Report.objects.count() == 1


def test_report_other_needs_text(proposal):
    with pytest.raises(InvalidInput):
        services.report_file(reporter=UserFactory(), proposal=proposal, reason="other")


def test_report_unknown_reason_is_refused(proposal):
    with pytest.raises(InvalidInput):
        services.report_file(reporter=UserFactory(), proposal=proposal, reason="boring")


def test_reports_from_distinct_citizens_hide_the_proposal(proposal):
    services.report_file(reporter=UserFactory(), proposal=proposal, reason="spam")
    services.report_file(reporter=UserFactory(), proposal=proposal, reason="spam")
    proposal.refresh_from_db()
    decision = ModerationDecision.objects.get(proposal=proposal)
    assert proposal.state == "hidden"
    assert (decision.moderator, decision.reason, decision.to_state) == (
        None,
        "auto_hidden",
        "hidden",
    )
    assert ConsultationTally.objects.get(pk=proposal.consultation_id).proposals == 0


def test_reports_hide_a_comment_and_uncount_it(proposal):
    comment = services.comment_post(author=UserFactory(), proposal=proposal, body="Buy pills")
    services.report_file(reporter=UserFactory(), comment=comment, reason="spam")
    services.report_file(reporter=UserFactory(), comment=comment, reason="spam")
    comment.refresh_from_db()
    proposal.refresh_from_db()
    assert comment.state == "hidden"
    assert proposal.comment_count == 0


def test_report_of_hidden_item_is_refused(consultation):
    proposal = make_proposal(consultation, state="hidden")
    with pytest.raises(WrongState):
        services.report_file(reporter=UserFactory(), proposal=proposal, reason="spam")


# --- moderation -------------------------------------------------------------------------


@pytest.fixture
def moderator(consultation):
    user = UserFactory()
    grant_role(user, "moderator", consultation)
    return user


def test_publish_pending_counts_and_logs(consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    moderation.moderate(action="publish", item=proposal, moderator=moderator)
    proposal.refresh_from_db()
    assert proposal.state == "published"
    assert proposal.published_at is not None
    assert ModerationDecision.objects.get(proposal=proposal).moderator == moderator


def test_reject_needs_a_reason(consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    with pytest.raises(InvalidInput):
        moderation.moderate(action="reject", item=proposal, moderator=moderator, reason="")
    proposal.refresh_from_db()
    assert proposal.state == "pending"


def test_reject_sets_public_reason(consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    moderation.moderate(
        action="reject",
        item=proposal,
        moderator=moderator,
        reason="off_topic",
        text="Not about parks.",
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.public_reason) == ("rejected", "Not about parks.")


def test_hide_then_restore_keeps_counts(consultation, moderator, proposal):
    moderation.moderate(action="hide", item=proposal, moderator=moderator, reason="offensive")
    moderation.moderate(action="restore", item=proposal, moderator=moderator)
    proposal.refresh_from_db()
    assert proposal.state == "published"
    assert ConsultationTally.objects.get(pk=consultation.pk).proposals == 1
    assert ModerationDecision.objects.filter(proposal=proposal).count() == 2


def test_moderator_of_another_consultation_is_refused(proposal):
    other = UserFactory()
    grant_role(other, "moderator", make_consultation(title="Other"))
    with pytest.raises(NotAllowed):
        moderation.moderate(action="hide", item=proposal, moderator=other, reason="spam")


def test_hide_of_pending_is_refused(consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    with pytest.raises(WrongState):
        moderation.moderate(action="hide", item=proposal, moderator=moderator, reason="spam")


def test_decision_tells_the_author(consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    moderation.moderate(action="publish", item=proposal, moderator=moderator)
    assert proposal.author.notifications.filter(kind="decision").count() == 1


def test_decisions_are_append_only(consultation, moderator):
    from django.core.exceptions import ValidationError

    proposal = make_proposal(consultation, state="pending")
    decision = moderation.moderate(action="publish", item=proposal, moderator=moderator)
    decision.public_text = "rewritten"
    with pytest.raises(ValidationError):
        decision.save()
    with pytest.raises(ValidationError):
        decision.delete()


def test_comment_moderation_keeps_counts(proposal, moderator):
    comment = services.comment_post(author=UserFactory(), proposal=proposal, body="Rude")
    moderation.moderate(action="hide", item=comment, moderator=moderator, reason="offensive")
    proposal.refresh_from_db()
    assert proposal.comment_count == 0
    moderation.moderate(action="restore", item=comment, moderator=moderator)
    proposal.refresh_from_db()
    assert proposal.comment_count == 1


def test_comment_counts_recount_against_rows(proposal, moderator):
    comments = [
        services.comment_post(author=UserFactory(), proposal=proposal, body=f"c{i}")
        for i in range(4)
    ]
    moderation.moderate(action="hide", item=comments[0], moderator=moderator, reason="spam")
    rows = Proposal.objects.annotate(
        rows=Count("comments", filter=Q(comments__state="published"))
    ).get(pk=proposal.pk)
    assert rows.comment_count == rows.rows == 3
    assert ConsultationTally.objects.get(pk=proposal.consultation_id).comments == 3


# --- follows ----------------------------------------------------------------------------


def test_follow_is_idempotent(proposal):
    citizen = UserFactory()
    services.follow(follower=citizen, proposal=proposal)
    services.follow(follower=citizen, proposal=proposal)
    assert Follow.objects.filter(follower=citizen).count() == 1


def test_unfollow_consultation(consultation):
    citizen = UserFactory()
    services.follow(follower=citizen, consultation=consultation)
    services.unfollow(follower=citizen, consultation=consultation)
    assert not Follow.objects.filter(follower=citizen).exists()
