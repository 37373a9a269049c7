"""The campaign demo step leaves one possible campaign of proposals and one of comments."""

import io

import pytest

from demo.context import DemoContext
from demo.steps import campaigns as campaigns_demo
from proposals.models import Comment, Proposal
from proposals.moderation.campaigns import consultation_campaigns
from tests.factories import UserFactory, make_consultation, make_proposal

pytestmark = pytest.mark.django_db


def context():
    ctx = DemoContext(
        consultations=1, proposals=0, citizens=10, supports=0, seed=1, password="x",
        stdout=io.StringIO(),
    )  # fmt: skip
    ctx.created["citizens"] = [UserFactory() for _ in range(10)]
    return ctx


def test_seed_leaves_a_campaign_of_proposals_and_one_of_comments():
    consultation = make_consultation(phase="collecting", moderation="pre")
    make_proposal(consultation)
    campaigns_demo.seed(context())
    found = {c.kind: c for c in consultation_campaigns(consultation)}
    assert set(found) == {"proposal", "comment"}
    assert (found["proposal"].accounts, found["comment"].accounts) == (3, 5)
    assert {m.state for c in found.values() for m in c.members} == {"pending"}


def test_seed_twice_adds_nothing():
    consultation = make_consultation(phase="collecting")
    make_proposal(consultation)
    campaigns_demo.seed(context())
    counts = (Proposal.objects.count(), Comment.objects.count())
    campaigns_demo.seed(context())
    assert counts == (Proposal.objects.count(), Comment.objects.count())
