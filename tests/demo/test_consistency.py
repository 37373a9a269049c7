"""A seeded demo is consistent: every stored count equals its rows, no citizen goes past a
consultation's support limit, and nobody supports a proposal twice."""

from collections import Counter

import pytest
from django.db.models import Count

from consultations.models import ConsultationPage
from proposals.models import (
    Comment,
    ConsultationTally,
    OfficialResponse,
    Proposal,
    Support,
    SupportBudget,
)

pytestmark = pytest.mark.django_db


def live_supports() -> Counter:
    """(citizen, consultation) -> supports in the rows."""
    rows = Support.objects.filter(citizen__isnull=False).values_list(
        "citizen_id", "proposal__consultation_id"
    )
    return Counter(rows)


def test_the_demo_has_content_to_check(seeded):
    assert Proposal.objects.count() >= 100
    assert Support.objects.count() >= 500
    assert Comment.objects.filter(state="published").exists()
    assert OfficialResponse.objects.filter(live=True).exists()


def test_each_proposals_counts_equal_its_rows(seeded):
    supports = dict(Support.objects.values_list("proposal").annotate(n=Count("id")))
    comments = dict(
        Comment.objects.filter(state="published").values_list("proposal").annotate(n=Count("id"))
    )
    for pk, support_count, comment_count in Proposal.objects.values_list(
        "pk", "support_count", "comment_count"
    ):
        assert (support_count, comment_count) == (supports.get(pk, 0), comments.get(pk, 0)), pk


def test_each_consultations_tally_equals_its_rows(seeded):
    with_proposals = set(Proposal.objects.values_list("consultation_id", flat=True))
    tallies = {t.consultation_id: t for t in ConsultationTally.objects.all()}
    assert with_proposals <= set(tallies)
    for consultation_id, tally in tallies.items():
        proposals = Proposal.objects.filter(consultation_id=consultation_id)
        assert tally.proposals == proposals.filter(state="published").count()
        assert tally.comments == (
            Comment.objects.filter(proposal__in=proposals, state="published").count()
        )
        assert tally.responses == (
            OfficialResponse.objects.filter(
                proposal__in=proposals, first_published_at__isnull=False
            ).count()
        )


def test_each_citizens_support_budget_equals_their_supports(seeded):
    live = live_supports()
    budgets = {(b.citizen_id, b.consultation_id): b.used for b in SupportBudget.objects.all()}
    assert set(live) <= set(budgets)
    for key, used in budgets.items():
        assert used == live.get(key, 0), key


def test_no_citizen_goes_past_a_consultations_limit(seeded):
    limits = dict(
        ConsultationPage.objects.filter(max_supports_per_citizen__gt=0).values_list(
            "pk", "max_supports_per_citizen"
        )
    )
    assert limits
    used = {key: n for key, n in live_supports().items() if key[1] in limits}
    assert all(n <= limits[consultation] for (_citizen, consultation), n in used.items())
    # The limit was reached, so it is what held the numbers down.
    assert any(n == limits[consultation] for (_citizen, consultation), n in used.items())


def test_nobody_supports_a_proposal_twice(seeded):
    pairs = Counter(Support.objects.values_list("proposal_id", "citizen_id"))
    tokens = Counter(Support.objects.values_list("proposal_id", "voter_token"))
    assert max(pairs.values()) == 1
    assert max(tokens.values()) == 1
