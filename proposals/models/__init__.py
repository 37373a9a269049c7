"""Citizen content: proposals, supports, comments, reports, moderation decisions, follows,
notifications and resident verification. One module per concern, re-exported here."""

from .appeals import Appeal, AppealState, ModerationReason
from .comments import Comment
from .follows import Follow
from .moderation import ModerationDecision, Report
from .notifications import Notification
from .proposals import Proposal, ProposalTopic, ProposalVersion
from .residents import ResidentVerification
from .responses import AssignmentReason, OfficialResponse, ResponseAssignment
from .states import ModerationState, Outcome, ReasonCode, ReportReason
from .supports import Support, SupportBudget
from .tally import ConsultationTally

__all__ = [
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
]
