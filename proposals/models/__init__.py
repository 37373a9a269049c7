"""Citizen content: proposals, supports, comments, reports, follows and resident verification,
one module per concern. The staff domains built on it keep their models in their own homes
(`proposals.moderation`, `proposals.responses`, `proposals.notifications`, same app label); they
are re-exported here so the app registry loads every model of the app from one place."""

from .states import ModerationState, Outcome, ReasonCode, ReportReason  # isort: skip
from .comments import Comment
from .follows import Follow
from .proposals import Proposal, ProposalTopic, ProposalVersion
from .reports import Report
from .residents import ResidentVerification
from .supports import Support, SupportBudget
from .tally import SUPPORT_SHARDS, ConsultationTally, SupportShard

# The staff domains' models, after the citizen content they point at.
from proposals.moderation.models import (  # isort: skip
    Appeal,
    AppealState,
    ModerationDecision,
    ModerationReason,
)
from proposals.notifications.models import Notification  # isort: skip
from proposals.responses.models import (  # isort: skip
    AssignmentReason,
    OfficialResponse,
    ResponseAssignment,
)

__all__ = [
    "SUPPORT_SHARDS",
    "Appeal",
    "AppealState",
    "AssignmentReason",
    "Comment",
    "ConsultationTally",
    "Follow",
    "ModerationDecision",
    "ModerationReason",
    "ModerationState",
    "Notification",
    "OfficialResponse",
    "Outcome",
    "Proposal",
    "ProposalTopic",
    "ProposalVersion",
    "ReasonCode",
    "Report",
    "ReportReason",
    "ResidentVerification",
    "ResponseAssignment",
    "Support",
    "SupportBudget",
    "SupportShard",
]
