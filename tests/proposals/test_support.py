"""Supports: cast and withdraw in the voting phase, once, within the limit, counts exact."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proposals import services
from proposals.exceptions import (
    AlreadyDone,
    LimitReached,
    LoginRequired,
    NotAllowed,
    NotVisible,
    PhaseClosed,
    VerificationRequired,
    WrongState,
)
from proposals.models import Notification, Proposal, Support, SupportBudget
from proposals.tokens import voter_token
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting():
    return make_consultation(phase="voting", max_supports_per_citizen=2)


@pytest.fixture
def proposal(voting):
    return make_proposal(voting)


def assert_counts_exact(consultation):
    for p in Proposal.objects.filter(consultation=consultation).annotate(rows=Count("supports")):
        assert p.support_count == p.rows
    for budget in SupportBudget.objects.filter(consultation=consultation):
        rows = Support.objects.filter(
            citizen=budget.citizen, proposal__consultation=consultation
        ).count()
        assert budget.used == rows


def test_cast_adds_a_row_and_counts_it(proposal):
    citizen = UserFactory()
    services.support_cast(citizen=citizen, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert Support.objects.filter(proposal=proposal, citizen=citizen).count() == 1


def test_cast_stores_the_voter_token(proposal):
    citizen = UserFactory()
    support = services.support_cast(citizen=citizen, proposal=proposal)
    assert support.voter_token == voter_token(
        citizen_id=citizen.pk, consultation_id=proposal.consultation_id
    )


def test_voter_tokens_differ_across_consultations():
    assert voter_token(citizen_id=1, consultation_id=1) != voter_token(
        citizen_id=1, consultation_id=2
    )


def test_withdraw_removes_the_row_and_the_count(proposal):
    citizen = UserFactory()
    services.support_cast(citizen=citizen, proposal=proposal)
    services.support_withdraw(citizen=citizen, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 0
    assert not Support.objects.exists()
    assert SupportBudget.objects.get(citizen=citizen).used == 0


def test_refused_twice_and_nothing_changes(proposal):
    citizen = UserFactory()
    services.support_cast(citizen=citizen, proposal=proposal)
    with pytest.raises(AlreadyDone):
        services.support_cast(citizen=citizen, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert SupportBudget.objects.get(citizen=citizen).used == 1


def test_refused_beyond_the_limit(voting):
    citizen = UserFactory()
    first, second, third = (make_proposal(voting) for _ in range(3))
    services.support_cast(citizen=citizen, proposal=first)
    services.support_cast(citizen=citizen, proposal=second)
    with pytest.raises(LimitReached):
        services.support_cast(citizen=citizen, proposal=third)
    third.refresh_from_db()
    assert third.support_count == 0


def test_supporting_again_at_the_limit_says_it_is_already_supported(voting):
    citizen = UserFactory()
    first, second = make_proposal(voting), make_proposal(voting)
    services.support_cast(citizen=citizen, proposal=first)
    services.support_cast(citizen=citizen, proposal=second)
    with pytest.raises(AlreadyDone):
        services.support_cast(citizen=citizen, proposal=second)
    assert SupportBudget.objects.get(citizen=citizen).used == 2


def test_a_cast_leaves_its_count_and_the_supports_left_in_hand(voting):
    proposal = make_proposal(voting)
    services.support_cast(citizen=UserFactory(), proposal=proposal)
    citizen = UserFactory()
    stale = Proposal.objects.select_related("consultation").get(pk=proposal.pk)
    services.support_cast(citizen=UserFactory(), proposal=proposal)  # meanwhile, elsewhere
    support = services.support_cast(citizen=citizen, proposal=stale)
    assert stale.support_count == 3
    assert support.supports_left == 1


def test_withdrawing_frees_a_support(voting):
    citizen = UserFactory()
    first, second, third = (make_proposal(voting) for _ in range(3))
    services.support_cast(citizen=citizen, proposal=first)
    services.support_cast(citizen=citizen, proposal=second)
    services.support_withdraw(citizen=citizen, proposal=first)
    services.support_cast(citizen=citizen, proposal=third)
    assert services.supports_left(citizen, voting) == 0


def test_unlimited_when_zero():
    consultation = make_consultation(phase="voting", max_supports_per_citizen=0)
    citizen = UserFactory()
    for _ in range(5):
        services.support_cast(citizen=citizen, proposal=make_proposal(consultation))
    assert services.supports_left(citizen, consultation) is None
    assert Support.objects.filter(citizen=citizen).count() == 5


@pytest.mark.parametrize("phase", ["upcoming", "collecting", "deliberating", "closed"])
def test_refused_outside_voting(phase):
    proposal = make_proposal(make_consultation(phase=phase))
    with pytest.raises(PhaseClosed):
        services.support_cast(citizen=UserFactory(), proposal=proposal)
    assert not Support.objects.exists()


def test_withdraw_refused_outside_voting(proposal):
    from datetime import timedelta

    citizen = UserFactory()
    services.support_cast(citizen=citizen, proposal=proposal)
    after_close = proposal.consultation.voting_close + timedelta(seconds=1)
    with pytest.raises(PhaseClosed):
        services.support_withdraw(citizen=citizen, proposal=proposal, now=after_close)
    assert Support.objects.count() == 1


def test_own_proposal_refused_when_not_allowed(voting):
    author = UserFactory()
    proposal = make_proposal(voting, author=author)
    with pytest.raises(NotAllowed):
        services.support_cast(citizen=author, proposal=proposal)


def test_own_proposal_allowed_when_the_consultation_says_so():
    consultation = make_consultation(phase="voting", allow_own_support=True)
    author = UserFactory()
    proposal = make_proposal(consultation, author=author)
    services.support_cast(citizen=author, proposal=proposal)
    assert Support.objects.filter(citizen=author).count() == 1


def test_refused_without_verified_email(proposal):
    with pytest.raises(LoginRequired):
        services.support_cast(citizen=UserFactory(verified=False), proposal=proposal)


def test_refused_to_visitor(proposal):
    with pytest.raises(LoginRequired):
        services.support_cast(citizen=AnonymousUser(), proposal=proposal)


def test_refused_without_required_resident_verification():
    consultation = make_consultation(phase="voting", requires_verified_resident=True)
    proposal = make_proposal(consultation)
    with pytest.raises(VerificationRequired):
        services.support_cast(citizen=UserFactory(), proposal=proposal)
    assert not Support.objects.exists()


def test_verified_resident_may_support_where_required():
    consultation = make_consultation(phase="voting", requires_verified_resident=True)
    proposal = make_proposal(consultation)
    citizen, staff = UserFactory(), UserFactory(is_staff=True)
    services.resident_confirm(user=citizen, verified_by=staff)
    services.support_cast(citizen=citizen, proposal=proposal)
    assert Support.objects.count() == 1


def test_only_staff_confirm_residents():
    with pytest.raises(NotAllowed):
        services.resident_confirm(user=UserFactory(), verified_by=UserFactory())


@pytest.mark.parametrize("state", ["pending", "rejected", "hidden", "withdrawn"])
def test_refused_on_unpublished_proposal(voting, state):
    proposal = make_proposal(voting, state=state)
    with pytest.raises(WrongState):
        services.support_cast(citizen=UserFactory(), proposal=proposal)
    assert not Support.objects.exists()


def test_refused_when_proposal_was_hidden_meanwhile(proposal):
    stale = Proposal.objects.get(pk=proposal.pk)
    Proposal.objects.filter(pk=proposal.pk).update(state="hidden")
    with pytest.raises(WrongState):
        services.support_cast(citizen=UserFactory(), proposal=stale)
    assert not Support.objects.exists()
    assert not SupportBudget.objects.filter(used__gt=0).exists()


def test_refused_on_unpublished_consultation():
    consultation = make_consultation(phase="voting", live=False)
    proposal = make_proposal(consultation)
    with pytest.raises(NotVisible):
        services.support_cast(citizen=UserFactory(), proposal=proposal)


def test_withdraw_without_support_is_refused(proposal):
    with pytest.raises(WrongState):
        services.support_withdraw(citizen=UserFactory(), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_supports_of_a_withdrawn_proposal_are_frozen(voting):
    author, citizen = UserFactory(), UserFactory()
    proposal = make_proposal(voting, author=author)
    services.support_cast(citizen=citizen, proposal=proposal)
    services.proposal_withdraw(proposal=proposal, author=author)
    proposal.refresh_from_db()
    with pytest.raises(WrongState):
        services.support_withdraw(citizen=citizen, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_deleting_the_account_keeps_the_ballot(proposal):
    citizen = UserFactory()
    support = services.support_cast(citizen=citizen, proposal=proposal)
    citizen.delete()
    support.refresh_from_db()
    proposal.refresh_from_db()
    assert support.citizen_id is None
    assert support.voter_token
    assert proposal.support_count == 1


def test_threshold_crossing_tells_officials_once():
    consultation = make_consultation(phase="voting", response_threshold=2)
    official = UserFactory()
    grant_role(official, "official", consultation)
    proposal = make_proposal(consultation)
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    services.support_cast(citizen=a, proposal=proposal)
    services.support_cast(citizen=b, proposal=proposal)
    services.support_withdraw(citizen=b, proposal=proposal)
    services.support_cast(citizen=c, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.threshold_reached_at is not None
    assert Notification.objects.filter(recipient=official, kind="threshold").count() == 1


def test_counts_recount_against_rows(voting):
    proposals = [make_proposal(voting) for _ in range(3)]
    citizens = [UserFactory() for _ in range(4)]
    for i, citizen in enumerate(citizens):
        services.support_cast(citizen=citizen, proposal=proposals[i % 3])
        services.support_cast(citizen=citizen, proposal=proposals[(i + 1) % 3])
    services.support_withdraw(citizen=citizens[0], proposal=proposals[0])
    assert_counts_exact(voting)


# --- property: a random sequence of casts and withdrawals agrees with a model -------------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["cast", "withdraw"]), st.integers(0, 2), st.integers(0, 3)),
        max_size=30,
    )
)
def test_vote_rules_hold_for_any_sequence(steps):
    from django.db import transaction

    with transaction.atomic():
        consultation = make_consultation(phase="voting", max_supports_per_citizen=2)
        citizens = [UserFactory() for _ in range(3)]
        proposals = [make_proposal(consultation) for _ in range(4)]
        model: set[tuple[int, int]] = set()
        for action, who, which in steps:
            key = (who, which)
            held = sum(1 for c, _ in model if c == who)
            try:
                if action == "cast":
                    services.support_cast(citizen=citizens[who], proposal=proposals[which])
                else:
                    services.support_withdraw(citizen=citizens[who], proposal=proposals[which])
            except (AlreadyDone, LimitReached, WrongState):
                expected_refusal = (
                    key in model or held >= 2 if action == "cast" else key not in model
                )
                assert expected_refusal
            else:
                if action == "cast":
                    assert key not in model and held < 2
                    model.add(key)
                else:
                    assert key in model
                    model.remove(key)
            rows = {
                (citizens.index(s.citizen), proposals.index(s.proposal))
                for s in Support.objects.select_related("citizen", "proposal")
            }
            assert rows == model
        assert_counts_exact(consultation)
        transaction.set_rollback(True)
