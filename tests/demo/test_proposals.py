"""The demo's citizen content (demo.steps.proposals): every citizen-side state, rules kept, stored
counts equal to the rows, idempotent and deterministic, and correct at a medium scale."""

import io
from collections import Counter

import pytest
from django.db.models import Count, Max

from demo.context import DemoContext
from demo.steps import proposals as demo
from proposals.models import (
    Comment,
    ConsultationTally,
    Follow,
    ModerationDecision,
    Notification,
    Proposal,
    ProposalVersion,
    ResidentVerification,
    ResponseAssignment,
    Support,
    SupportBudget,
)
from proposals.tokens import voter_token
from tests.factories import AreaFactory, UserFactory, grant_role, make_consultation

pytestmark = pytest.mark.django_db


def consultation(title, phase, *, topics=("Trees", "Traffic"), areas=(), **rules):
    page = make_consultation(title=title, phase=phase, **rules)
    page.topics.add(*topics)
    page.areas.set(areas)
    page.save()
    return page


@pytest.fixture
def city():
    """A small municipality: consultations in each phase and rule set, staff, citizens."""
    areas = [AreaFactory(name=f"District {n}", slug=f"district-{n}") for n in range(3)]
    moderator, official = UserFactory(email="mod@example.org"), UserFactory(email="off@example.org")
    pages = {
        "collecting_pre": consultation("Library hours", "collecting", moderation="pre"),
        "voting": consultation(
            "Bike lanes", "voting", areas=areas, max_supports_per_citizen=3, response_threshold=4
        ),
        "voting_own": consultation("Parks", "voting", allow_own_support=True),
        "residents": consultation("Budget", "voting", requires_verified_resident=True),
        "closed_pre": consultation("Old market", "closed", moderation="pre", areas=areas),
        "upcoming": consultation("Schools", "upcoming"),
    }
    for page in pages.values():
        grant_role(moderator, "moderator", page)
        grant_role(official, "official", page)
    citizens = [UserFactory(email=f"resident{n}@example.org") for n in range(30)]
    sara = UserFactory(email="citizen@example.org", display_name="Sara")
    return {"pages": pages, "citizens": citizens, "sara": sara, "official": official}


def run(city, *, proposals=80, supports=400, seed=7) -> DemoContext:
    ctx = DemoContext(
        consultations=len(city["pages"]),
        proposals=proposals,
        citizens=len(city["citizens"]),
        supports=supports,
        seed=seed,
        password="x",
        stdout=io.StringIO(),
    )
    ctx.created["citizens"] = city["citizens"]
    ctx.accounts["citizen"] = city["sara"]
    demo.seed(ctx)
    return ctx


def rows() -> dict[str, int]:
    models = [
        Proposal, ProposalVersion, Support, SupportBudget, Comment, Follow, Notification,
        ModerationDecision, ConsultationTally, ResponseAssignment, ResidentVerification,
    ]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def assert_counts_equal_rows():
    supports = dict(Support.objects.values_list("proposal").annotate(n=Count("id")))
    comments = dict(
        Comment.objects.filter(state="published").values_list("proposal").annotate(n=Count("id"))
    )
    for pk, support_count, comment_count in Proposal.objects.values_list(
        "pk", "support_count", "comment_count"
    ):
        assert support_count == supports.get(pk, 0), pk
        assert comment_count == comments.get(pk, 0), pk
    live = {
        (row["citizen_id"], row["proposal__consultation_id"]): row["n"]
        for row in Support.objects.values("citizen_id", "proposal__consultation_id").annotate(
            n=Count("id")
        )
    }
    budgets = {
        (b.citizen_id, b.consultation_id): b.used for b in SupportBudget.objects.filter(used__gt=0)
    }
    assert budgets == live
    for budget in SupportBudget.objects.filter(used=0):
        assert (budget.citizen_id, budget.consultation_id) not in live
    for tally in ConsultationTally.objects.all():
        mine = Proposal.objects.filter(consultation_id=tally.consultation_id)
        assert tally.proposals == mine.filter(state="published").count()
        assert tally.comments == (
            Comment.objects.filter(proposal__in=mine, state="published").count()
        )


def test_seeded_city_has_every_citizen_side_state(city):
    run(city)
    states = set(Proposal.objects.values_list("state", flat=True))
    assert states == {"published", "pending", "withdrawn"}
    # Pending proposals only where moderators check them first, each announced to them.
    assert not Proposal.objects.filter(state="pending", consultation__moderation="post").exists()
    pending = Proposal.objects.filter(state="pending").count()
    assert Notification.objects.filter(kind="pending").count() >= pending > 0
    # Edited proposals keep their history: two versions, the first one different.
    edited = Proposal.objects.filter(edited_at__isnull=False)
    assert edited.exists()
    for proposal in edited:
        first, second = proposal.versions.order_by("number")
        assert (first.number, second.number) == (1, 2)
        assert second.body == proposal.body != first.body
        if proposal.author != city["sara"]:  # her edit (through the service) kept the title
            # The edit added the place to the title.
            assert proposal.title.startswith(first.title) and proposal.title != first.title
    assert not Proposal.objects.annotate(n=Count("versions")).filter(n=0).exists()
    # Withdrawals are in the audit trail, by the author (no moderator).
    for proposal in Proposal.objects.filter(state="withdrawn"):
        decision = proposal.moderation_decisions.get(to_state="withdrawn")
        assert decision.moderator is None and decision.reason == "withdrawn"


def test_content_is_in_english_and_persian_with_topics_areas_and_places(city):
    run(city)
    titles = list(Proposal.objects.values_list("title", flat=True))
    persian = [t for t in titles if any("\u0600" <= ch <= "\u06ff" for ch in t)]
    assert 0 < len(persian) < len(titles)
    assert all(len(t) <= 150 for t in titles)
    voting = city["pages"]["voting"]
    allowed = {"Trees", "Traffic"}
    for proposal in Proposal.objects.prefetch_related("topics"):
        assert {tag.name for tag in proposal.topics.all()} <= allowed
    areas_used = set(
        Proposal.objects.filter(consultation=voting, area__isnull=False).values_list(
            "area_id", flat=True
        )
    )
    assert areas_used and areas_used <= set(voting.areas.values_list("pk", flat=True))
    located = Proposal.objects.filter(latitude__isnull=False)
    assert located.exists()
    assert not Proposal.objects.filter(latitude__isnull=True, longitude__isnull=False).exists()


def test_no_proposals_before_a_consultation_opens(city):
    run(city)
    assert not Proposal.objects.filter(consultation=city["pages"]["upcoming"]).exists()
    assert not Support.objects.filter(proposal__consultation=city["pages"]["collecting_pre"])


def test_supports_keep_every_rule_of_their_consultation(city):
    run(city)
    assert Support.objects.count() > 300
    for support in Support.objects.select_related("proposal__consultation"):
        page, proposal = support.proposal.consultation, support.proposal
        assert page.voting_open <= support.created_at <= page.voting_close
        assert support.created_at >= proposal.published_at
        assert support.voter_token == voter_token(
            citizen_id=support.citizen_id, consultation_id=page.pk
        )
        if not page.allow_own_support:
            assert support.citizen_id != proposal.author_id
    per_citizen = Support.objects.filter(proposal__consultation=city["pages"]["voting"]).values(
        "citizen"
    )
    assert per_citizen.annotate(n=Count("id")).aggregate(m=Max("n"))["m"] <= 3
    residents = set(ResidentVerification.objects.values_list("user_id", flat=True))
    voters = Support.objects.filter(proposal__consultation=city["pages"]["residents"])
    assert voters.exists()
    assert set(voters.values_list("citizen_id", flat=True)) <= residents
    # Only published proposals (or ones withdrawn after being supported) have supports.
    assert not Support.objects.exclude(proposal__state__in=["published", "withdrawn"]).exists()


def test_stored_counts_equal_the_rows(city):
    run(city)
    assert_counts_equal_rows()


def test_threshold_crossings_have_their_moment_assignment_and_notice(city):
    run(city)
    voting = city["pages"]["voting"]
    crossed = Proposal.objects.filter(consultation=voting, support_count__gte=4)
    assert crossed.exists()
    assert not crossed.filter(threshold_reached_at__isnull=True).exists()
    assert not Proposal.objects.filter(
        consultation=voting, support_count__lt=4, threshold_reached_at__isnull=False
    ).exists()
    for proposal in crossed:
        fourth = proposal.supports.order_by("created_at")[3].created_at
        assert proposal.threshold_reached_at == fourth
        assignment = ResponseAssignment.objects.get(proposal=proposal)
        assert assignment.official == city["official"]
    notices = Notification.objects.filter(kind="threshold", recipient=city["official"])
    assert notices.count() == crossed.count()


def test_comments_have_one_level_of_replies_some_official(city):
    run(city)
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert not Comment.objects.filter(parent__parent__isnull=False).exists()
    assert not Comment.objects.filter(parent__state__in=["pending"]).exists()
    official = Comment.objects.filter(is_official=True)
    assert official.exists()
    assert set(official.values_list("author", flat=True)) == {city["official"].pk}
    assert not official.exclude(state="published").exists()
    assert Comment.objects.filter(state="pending", proposal__consultation__moderation="pre")
    assert not Comment.objects.filter(state="pending", proposal__consultation__moderation="post")
    # Pre-moderation: a moderator's decision behind each published citizen comment.
    for comment in Comment.objects.filter(
        proposal__consultation__moderation="pre", state="published", is_official=False
    ).exclude(author__email="mod@example.org"):
        assert comment.moderation_decisions.filter(to_state="published").exists()


def test_follows_and_inboxes(city):
    run(city)
    # Every author follows their proposals, as on submission.
    for proposal in Proposal.objects.all():
        assert Follow.objects.filter(proposal=proposal, follower_id=proposal.author_id).exists()
    assert Follow.objects.filter(consultation__isnull=False).exists()
    assert Notification.objects.filter(read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=False).exists()


def test_the_demo_citizen_acts_through_the_services(city):
    run(city)
    sara = city["sara"]
    mine = Proposal.objects.filter(author=sara)
    pending = mine.get(state="pending")
    assert pending.versions.count() == 2
    assert mine.filter(state="withdrawn").exists()
    # Her supports went through support_cast: the budget row counts them.
    voting = city["pages"]["voting"]
    assert Support.objects.filter(citizen=sara, proposal__consultation=voting).count() == 2
    assert SupportBudget.objects.get(citizen=sara, consultation=voting).used == 2
    assert Comment.objects.filter(author=sara).exists()
    assert_counts_equal_rows()


def test_second_run_adds_nothing(city):
    run(city)
    first = rows()
    run(city)
    assert rows() == first


def test_same_seed_same_content(city):
    def snapshot():
        return sorted(
            Proposal.objects.values_list("consultation_id", "title", "state", "support_count")
        )

    run(city, seed=11)
    first = snapshot()
    Proposal.objects.all().delete()
    Notification.objects.all().delete()
    Follow.objects.all().delete()
    SupportBudget.objects.all().delete()
    run(city, seed=11)
    assert snapshot() == first
    Proposal.objects.all().delete()
    SupportBudget.objects.all().delete()
    run(city, seed=12)
    assert snapshot() != first


def test_no_consultations_no_proposals():
    citizens = [UserFactory(email=f"resident{n}@example.org") for n in range(3)]
    ctx = DemoContext(
        consultations=0, proposals=10, citizens=3, supports=10, seed=1, password="x",
        stdout=io.StringIO(),
    )  # fmt: skip
    ctx.created["citizens"] = citizens
    demo.seed(ctx)
    assert not Proposal.objects.exists()
    assert "skipped" in ctx.stdout.getvalue()


def test_medium_scale_is_exact(city):
    """2,000 proposals and 20,000 supports: the bulk path keeps every rule and count."""
    city["citizens"] += [UserFactory(email=f"resident{n}@example.org") for n in range(30, 400)]
    run(city, proposals=2000, supports=20000)
    assert Proposal.objects.count() >= 2000
    assert Support.objects.count() >= 19000
    assert_counts_equal_rows()
    by_pair = Counter(Support.objects.values_list("proposal_id", "citizen_id"))
    assert max(by_pair.values()) == 1
