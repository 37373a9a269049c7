"""A consultation's supports, stored in a few counter shards kept in the transaction of each
change: casts, withdrawals, moderation moving a proposal in or out of the published set,
deleted accounts, the recount from rows and the migration that filled them."""

import importlib
import random

import pytest
from django.apps import apps as django_apps
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.services import account_delete
from consultations.counts import counts_for
from demo.recount import recount, support_shard_mismatches
from proposals import services
from proposals.exceptions import JourneyError
from proposals.models import SUPPORT_SHARDS, Support, SupportShard
from proposals.moderation import services as moderation
from tests.factories import DEFAULT_PASSWORD, UserFactory, make_consultation, make_proposal
from tests.proposals.staff import moderator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting():
    return make_consultation(phase="voting", max_supports_per_citizen=0)


def shown_total(consultation) -> int:
    """The supports the consultation's pages show."""
    return counts_for([consultation.pk])[consultation.pk].supports


def live_rows(consultation) -> int:
    return Support.objects.filter(
        proposal__consultation=consultation, proposal__state="published"
    ).count()


def cast(proposal, count: int) -> list:
    citizens = [UserFactory() for _ in range(count)]
    for citizen in citizens:
        services.support_cast(citizen=citizen, proposal=proposal)
    return citizens


def test_casts_and_withdrawals_move_the_consultations_total(voting):
    proposal = make_proposal(voting)
    citizens = cast(proposal, 3)
    assert shown_total(voting) == 3
    services.support_withdraw(citizen=citizens[0], proposal=proposal)
    assert shown_total(voting) == 2 == live_rows(voting)


def test_a_refused_support_changes_no_shard(voting):
    proposal = make_proposal(voting)
    (citizen,) = cast(proposal, 1)
    with pytest.raises(JourneyError):
        services.support_cast(citizen=citizen, proposal=proposal)
    with pytest.raises(JourneyError):
        services.support_withdraw(citizen=UserFactory(), proposal=proposal)
    assert shown_total(voting) == 1


def test_different_citizens_spread_over_the_shards(voting):
    proposal = make_proposal(voting)
    cast(proposal, SUPPORT_SHARDS * 2)
    shards = SupportShard.objects.filter(consultation=voting)
    assert shards.count() == SUPPORT_SHARDS
    # Consecutive account ids: every shard holds some of them, none holds all.
    assert all(0 < shard.supports < SUPPORT_SHARDS * 2 for shard in shards)


def test_each_consultation_has_its_own_total(voting):
    other = make_consultation(title="Bike lanes", phase="voting")
    cast(make_proposal(voting), 2)
    cast(make_proposal(other), 5)
    assert counts_for([voting.pk, other.pk])[voting.pk].supports == 2
    assert counts_for([voting.pk, other.pk])[other.pk].supports == 5


def test_hiding_a_proposal_takes_its_supports_out_and_restoring_brings_them_back(voting):
    kept, hidden = make_proposal(voting), make_proposal(voting, title="Rude words")
    cast(kept, 2)
    cast(hidden, 3)
    moderator = moderator_of(voting)
    moderation.moderate(item=hidden, moderator=moderator, action="hide", reason="offensive")
    assert shown_total(voting) == 2 == live_rows(voting)
    moderation.moderate(item=hidden, moderator=moderator, action="restore")
    assert shown_total(voting) == 5 == live_rows(voting)


def test_a_withdrawn_proposal_keeps_its_rows_but_leaves_the_total(voting):
    proposal = make_proposal(voting)
    cast(proposal, 2)
    services.proposal_withdraw(proposal=proposal, author=proposal.author)
    assert Support.objects.filter(proposal=proposal).count() == 2
    assert shown_total(voting) == 0


def test_a_deleted_account_s_supports_stay_counted(voting):
    proposal = make_proposal(voting)
    (citizen,) = cast(proposal, 1)
    account_delete(user=citizen, password=DEFAULT_PASSWORD)
    assert Support.objects.get(proposal=proposal).citizen_id is None
    assert shown_total(voting) == 1


@settings(max_examples=40)  # each example builds a consultation page: the slow part
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["cast", "cast", "withdraw", "hide", "restore"]),
            st.integers(0, 4),
            st.integers(0, 2),
        ),
        max_size=25,
    )
)
def test_the_shards_add_up_to_the_rows_after_any_mix(steps):
    from django.db import transaction

    with transaction.atomic():
        consultation = make_consultation(phase="voting", max_supports_per_citizen=0)
        moderator = moderator_of(consultation)
        citizens = [UserFactory() for _ in range(5)]
        proposals = [make_proposal(consultation) for _ in range(3)]
        for action, who, which in steps:
            proposal = proposals[which]
            try:
                if action == "cast":
                    services.support_cast(citizen=citizens[who], proposal=proposal)
                elif action == "withdraw":
                    services.support_withdraw(citizen=citizens[who], proposal=proposal)
                else:
                    reason = "offensive" if action == "hide" else ""
                    moderation.moderate(
                        item=proposal, moderator=moderator, action=action, reason=reason
                    )
            except JourneyError:
                pass  # refused: nothing changed, which the sums below also check
            assert shown_total(consultation) == live_rows(consultation)
        assert support_shard_mismatches() == {}
        transaction.set_rollback(True)


def test_recount_sets_the_shards_from_the_rows(voting):
    proposal = make_proposal(voting)
    cast(proposal, 6)
    SupportShard.objects.filter(consultation=voting).update(supports=42)  # drifted somehow
    assert support_shard_mismatches() == {voting.pk: (42 * SUPPORT_SHARDS, 6)}
    recount(voting.pk)
    assert support_shard_mismatches() == {}
    assert shown_total(voting) == 6


def test_recount_counts_rows_written_without_the_services(voting):
    """As the demo writes them: supports inserted in bulk, no shard touched."""
    proposals = [make_proposal(voting) for _ in range(3)]
    hidden = make_proposal(voting, state="hidden")
    citizens = [UserFactory() for _ in range(10)]
    rng = random.Random(7)
    Support.objects.bulk_create(
        [
            Support(proposal=proposal, citizen=citizen, voter_token=f"t{citizen.pk}-{proposal.pk}")
            for citizen in citizens
            for proposal in [*proposals, hidden]
            if rng.random() < 0.6
        ]
    )
    assert shown_total(voting) == 0
    recount(voting.pk)
    assert shown_total(voting) == live_rows(voting) > 0
    assert support_shard_mismatches() == {}


def test_the_migration_fills_shards_for_supports_stored_before_them(voting):
    other = make_consultation(title="Bike lanes", phase="voting")
    cast(make_proposal(voting), 4)
    cast(make_proposal(other), 3)
    hidden = make_proposal(other, title="Hidden")
    cast(hidden, 2)
    moderation.moderate(item=hidden, moderator=moderator_of(other), action="hide", reason="spam")
    SupportShard.objects.all().delete()  # as before the migration
    migration = importlib.import_module("proposals.migrations.0010_fill_support_shards")
    migration.fill(django_apps, None)
    assert support_shard_mismatches() == {}
    assert shown_total(voting) == 4
    assert shown_total(other) == 3
    assert SupportShard.objects.aggregate(n=Sum("supports"))["n"] == 7
