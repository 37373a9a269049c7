"""The moderation table: every row, for proposals and comments, writes exactly one decision and
one audit-log entry through the one mechanism, and tells the author once (never for their own
withdrawal)."""

import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

import proposals
from proposals import services
from proposals.exceptions import InvalidInput, WrongState
from proposals.models import ModerationDecision, Notification, Report
from proposals.moderation import queries
from proposals.moderation import services as moderation
from proposals.moderation.models import LOG_ACTION_PREFIX, DecisionAction
from tests.factories import UserFactory, make_consultation, make_proposal
from tests.proposals.staff import english, moderator_of, staff_admin_backend  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "staff_admin_backend")]

# Offered actions: (name, state the item starts in, state it ends in).
OFFERED = [
    ("publish", "pending", "published"),
    ("reject", "pending", "rejected"),
    ("hide", "published", "hidden"),
    ("restore", "hidden", "published"),
    ("dismiss", "published", "published"),
]


@pytest.fixture
def consultation():
    return make_consultation(phase="collecting", auto_hide_reports=2)


@pytest.fixture
def first(consultation):
    return moderator_of(consultation, display_name="First moderator")


@pytest.fixture
def second(consultation):
    return moderator_of(consultation, display_name="Second moderator")


def make_item(kind: str, consultation, state: str):
    proposal = make_proposal(consultation, title="Shade for the playground")
    if kind == "proposal":
        return make_proposal(consultation, state=state, title="Benches by the pond")
    comment = services.comment_post(author=UserFactory(), proposal=proposal, body="Yes please")
    type(comment).objects.filter(pk=comment.pk).update(state=state)
    comment.refresh_from_db()
    return comment


def report(item, reason="spam"):
    return services.report_file(reporter=UserFactory(), reason=reason, **item.as_target())


def log_entries(item, action: str):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=str(item.pk),
        action=LOG_ACTION_PREFIX + action,
    )


def decision_notes(author):
    return Notification.objects.filter(recipient=author, kind=Notification.Kind.DECISION)


@pytest.mark.parametrize("kind", ["proposal", "comment"])
@pytest.mark.parametrize(("action", "start", "end"), OFFERED)
def test_each_offered_action_writes_one_decision_one_log_entry_and_tells_the_author_once(
    consultation, first, kind, action, start, end
):
    item = make_item(kind, consultation, start)
    if action == "dismiss":
        report(item)
    decisions_before = ModerationDecision.objects.count()
    decision = moderation.moderate(
        item=item, moderator=first, action=action, reason="spam", text="Advertising."
    )
    item.refresh_from_db()
    assert item.state == end
    assert ModerationDecision.objects.count() == decisions_before + 1
    assert (decision.action, decision.from_state, decision.to_state) == (action, start, end)
    assert decision.moderator == first
    assert log_entries(item, action).count() == 1
    assert log_entries(item, action).get().user == first
    assert decision_notes(item.author).count() == 1


@pytest.mark.parametrize("kind", ["proposal", "comment"])
def test_reports_from_enough_citizens_hide_the_item_once_through_the_table(consultation, kind):
    item = make_item(kind, consultation, "published")
    report(item)
    assert not ModerationDecision.objects.filter(**item.as_target()).exists()
    report(item, reason="offensive")
    item.refresh_from_db()
    decision = ModerationDecision.objects.get(**item.as_target())
    assert item.state == "hidden"
    assert (decision.action, decision.moderator, decision.reason) == (
        DecisionAction.AUTO_HIDE,
        None,
        "auto_hidden",
    )
    assert log_entries(item, "auto_hide").count() == 1
    assert decision_notes(item.author).count() == 1


def test_withdrawal_is_a_row_of_the_table_logged_as_the_author_who_is_not_told(consultation):
    proposal = make_proposal(consultation)
    services.proposal_withdraw(proposal=proposal, author=proposal.author)
    decision = ModerationDecision.objects.get(proposal=proposal)
    assert (decision.action, decision.from_state, decision.to_state) == (
        "withdraw",
        "published",
        "withdrawn",
    )
    assert log_entries(proposal, "withdraw").get().user == proposal.author
    assert decision_notes(proposal.author).count() == 0


@pytest.mark.parametrize("kind", ["proposal", "comment"])
@pytest.mark.parametrize(
    ("overturn", "action", "end"),
    [(True, "appeal_overturned", "published"), (False, "appeal_upheld", "rejected")],
)
def test_each_appeal_outcome_writes_one_decision_one_log_entry_and_tells_the_author_once(
    consultation, first, second, kind, overturn, action, end
):
    item = make_item(kind, consultation, "pending")
    moderation.moderate(item=item, moderator=first, action="reject", reason="off_topic")
    item.refresh_from_db()
    appeal = moderation.appeal_file(author=item.author, item=item, text="It is on topic.")
    told_before = decision_notes(item.author).count()
    decisions_before = ModerationDecision.objects.count()
    decision = moderation.appeal_decide(appeal=appeal, moderator=second, overturn=overturn)
    item.refresh_from_db()
    assert item.state == end
    assert ModerationDecision.objects.count() == decisions_before + 1
    assert decision.action == action
    assert log_entries(item, action).count() == 1
    assert decision_notes(item.author).count() == told_before + 1


def test_an_action_from_the_wrong_state_is_refused_and_writes_nothing(consultation, first):
    proposal = make_proposal(consultation, state="published")
    with pytest.raises(WrongState):
        moderation.moderate(item=proposal, moderator=first, action="publish")
    assert not ModerationDecision.objects.exists()
    assert not log_entries(proposal, "publish").exists()


def test_dismissing_without_open_reports_is_refused_and_writes_nothing(consultation, first):
    proposal = make_proposal(consultation)
    with pytest.raises(WrongState):
        moderation.moderate(item=proposal, moderator=first, action="dismiss")
    assert not ModerationDecision.objects.exists()


def test_moderators_cannot_pick_rows_reserved_for_the_author_or_the_crowd(consultation, first):
    proposal = make_proposal(consultation)
    for name in ("withdraw", "auto_hide", "appeal_overturned"):
        with pytest.raises(InvalidInput):
            moderation.moderate(item=proposal, moderator=first, action=name)
    assert not ModerationDecision.objects.exists()


def test_restoring_closes_the_open_reports(consultation, first):
    proposal = make_proposal(consultation)
    report(proposal)
    report(proposal, reason="offensive")
    moderation.moderate(item=proposal, moderator=first, action="restore")
    assert not Report.objects.filter(proposal=proposal, resolved_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("state", "offered"),
    [
        ("pending", ["publish", "reject"]),
        ("published", ["hide", "dismiss"]),
        ("hidden", ["restore"]),
        ("rejected", []),
        ("withdrawn", []),
    ],
)
def test_item_page_and_queue_offer_the_tables_actions(state, offered):
    assert [a.name for a in moderation.offered_actions(state)] == offered


@pytest.mark.parametrize(
    ("queue", "offered"),
    [
        ("pending", ["publish", "reject"]),
        ("reported", ["hide", "dismiss"]),
        ("auto_hidden", ["restore"]),
        ("hidden", ["restore"]),
        ("appeals", []),
    ],
)
def test_each_queue_offers_the_actions_of_its_state(queue, offered):
    assert [a.name for a in queries.queue_actions(queue)] == offered


def test_decisions_are_written_by_one_function():
    """Only the mechanism creates decisions: no other module of the domain code writes them."""
    root = Path(proposals.__file__).parent.parent
    writes = re.compile(r"ModerationDecision(\.objects\.(bulk_)?create|\(\s*\w+=)")
    writers = sorted(
        path.relative_to(root).as_posix()
        for app in ("proposals", "consultations", "accounts", "civic")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts and writes.search(path.read_text())
    )
    assert writers == ["proposals/moderation/services.py"]
