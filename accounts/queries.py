"""Reads on accounts: everything Civic holds about one person (DESIGN.md §7)."""

from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import User

EXPORT_FORMAT = "civic-personal-data/1"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(*, user: User) -> dict[str, Any]:
    """A JSON-ready record of the person's account and everything tied to it.

    A fixed number of queries, whatever the number of rows (each list is one query, with
    its related rows fetched alongside).
    """
    from allauth.account.models import EmailAddress

    from proposals.models import (
        Appeal,
        Comment,
        Follow,
        Notification,
        Proposal,
        Report,
        ResidentVerification,
        Support,
    )

    proposals = (
        Proposal.objects.filter(author=user)
        .select_related("consultation", "area")
        .prefetch_related("versions", "topics")
        .order_by("created_at", "pk")
    )
    comments = Comment.objects.filter(author=user).order_by("created_at", "pk")
    supports = (
        Support.objects.filter(citizen=user)
        .select_related("proposal__consultation")
        .order_by("created_at", "pk")
    )
    reports = Report.objects.filter(reporter=user).order_by("created_at", "pk")
    appeals = Appeal.objects.filter(author=user).order_by("created_at", "pk")
    follows = (
        Follow.objects.filter(follower=user)
        .select_related("proposal", "consultation")
        .order_by("created_at", "pk")
    )
    notifications = Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    verification = ResidentVerification.objects.filter(user=user).first()

    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_active": user.is_active,
            "is_staff": user.is_staff,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "display_name": user.display_name,
        "profile": {
            "language": user.language,
            "email_notifications": user.email_notifications,
        },
        "consents": {
            "terms_and_content_licence_accepted_at": _iso(user.accepted_terms_at),
            "content_licence": settings.CONTENT_LICENCE,
            "content_licence_url": settings.CONTENT_LICENCE_URL,
        },
        "proposals": [
            {
                "id": p.pk,
                "consultation": {"id": p.consultation_id, "title": p.consultation.title},
                "title": p.title,
                "body": p.body,
                "topics": sorted(tag.name for tag in p.topics.all()),
                "area": p.area.name if p.area else None,
                "latitude": str(p.latitude) if p.latitude is not None else None,
                "longitude": str(p.longitude) if p.longitude is not None else None,
                "image": p.image.name or None,
                "image_alt": p.image_alt,
                "state": p.state,
                "public_reason": p.public_reason,
                "outcome": p.outcome,
                "support_count": p.support_count,
                "created_at": _iso(p.created_at),
                "published_at": _iso(p.published_at),
                "edited_at": _iso(p.edited_at),
                "versions": [
                    {
                        "number": v.number,
                        "title": v.title,
                        "body": v.body,
                        "topics": v.topics,
                        "edited_at": _iso(v.edited_at),
                    }
                    for v in p.versions.all()
                ],
            }
            for p in proposals
        ],
        "comments": [
            {
                "id": c.pk,
                "proposal_id": c.proposal_id,
                "in_reply_to": c.parent_id,
                "body": c.body,
                "official": c.is_official,
                "state": c.state,
                "public_reason": c.public_reason,
                "created_at": _iso(c.created_at),
                "published_at": _iso(c.published_at),
            }
            for c in comments
        ],
        "supports": [
            {
                "proposal": {"id": s.proposal_id, "title": s.proposal.title},
                "consultation": {
                    "id": s.proposal.consultation_id,
                    "title": s.proposal.consultation.title,
                },
                "cast_at": _iso(s.created_at),
            }
            for s in supports
        ],
        "reports": [
            {
                "proposal_id": r.proposal_id,
                "comment_id": r.comment_id,
                "reason": r.reason,
                "text": r.text,
                "created_at": _iso(r.created_at),
                "resolved_at": _iso(r.resolved_at),
            }
            for r in reports
        ],
        "appeals": [
            {
                "proposal_id": a.proposal_id,
                "comment_id": a.comment_id,
                "text": a.text,
                "state": a.state,
                "created_at": _iso(a.created_at),
                "decided_at": _iso(a.decided_at),
            }
            for a in appeals
        ],
        "follows": [
            {
                "proposal": (
                    {"id": f.proposal_id, "title": f.proposal.title} if f.proposal_id else None
                ),
                "consultation": (
                    {"id": f.consultation_id, "title": f.consultation.title}
                    if f.consultation_id
                    else None
                ),
                "since": _iso(f.created_at),
            }
            for f in follows
        ],
        "notifications": [
            {
                "kind": n.kind,
                "message": n.message,
                "link": n.link,
                "email": n.email,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in notifications
        ],
        "resident_verification": (
            {"method": verification.method, "verified_at": _iso(verification.created_at)}
            if verification
            else None
        ),
        # Who suspended the account stays private to staff; why and when are the person's.
        "suspensions": [
            {
                "reason": s.reason,
                "suspended_at": _iso(s.created_at),
                "lifted_at": _iso(s.lifted_at),
                "lift_note": s.lift_note,
            }
            for s in user.suspensions.order_by("created_at", "pk")
        ],
    }
