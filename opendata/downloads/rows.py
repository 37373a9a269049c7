"""Row readers of the open-data files: the domains' queries.py give the rows (one query per
file, streamed with `.iterator()`), this module turns each into the values of its columns,
in the order `dictionary.py` documents.

Each reader yields dicts with typed values (int, str, list, None); `csv_cells` and
`json_value` write them. Text passes through `xml_safe`: rows stored before input was cleaned
may hold control characters that would break a CSV reader (NUL) or the feeds.
"""

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from civic.text import xml_safe
from proposals import queries as proposal_queries
from proposals.models import ModerationState
from proposals.moderation import queries as moderation_queries
from proposals.responses import queries as response_queries

from .dictionary import FILES_BY_NAME, SCHEMA_VERSION

CHUNK_SIZE = 2000
CONTENT_HIDDEN = {ModerationState.HIDDEN, ModerationState.REJECTED}


def iso_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_day(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date()
    return value.isoformat()


def _text(value) -> str:
    return xml_safe(value) if value else ""


def permalink_pattern() -> str:
    """The absolute permanent address of a proposal, with `{}` for its id."""
    return settings.SITE_URL + reverse("permalink", kwargs={"pk": 0}).replace("/0/", "/{}/")


def proposal_rows(consultation_id: int | None) -> Iterator[dict]:
    url = permalink_pattern()
    fields = proposal_queries.EXPORT_PROPOSAL_FIELDS
    for row in proposal_queries.export_proposals(consultation_id).iterator(CHUNK_SIZE):
        values = dict(zip(fields, row, strict=True))
        shown = values["state"] not in CONTENT_HIDDEN
        topics = sorted(values["topic_slugs"].split(";")) if values["topic_slugs"] else []
        yield {
            "id": values["id"],
            "consultation_id": values["consultation_id"],
            "state": values["state"],
            "title": _text(values["title"]) if shown else "",
            "body": _text(values["body"]) if shown else "",
            "author": _text(values["author__display_name"])
            if shown and values["author_id"]
            else "",
            "topics": topics if shown else [],
            "area": (values["area__slug"] or "") if shown else "",
            "latitude": values["latitude"] if shown else None,
            "longitude": values["longitude"] if shown else None,
            "outcome": values["outcome"],
            "merged_into_id": values["merged_into_id"],
            "support_count": values["support_count"],
            "comment_count": values["comment_count"],
            "public_reason": _text(values["public_reason"]),
            "published_at": iso_datetime(values["published_at"]),
            "edited_at": iso_datetime(values["edited_at"]) if shown else None,
            "url": url.format(values["id"]),
        }


def supports_daily_rows(consultation_id: int | None) -> Iterator[dict]:
    for consultation, proposal, day, supports in proposal_queries.export_supports_daily(
        consultation_id
    ).iterator(CHUNK_SIZE):
        yield {
            "consultation_id": consultation,
            "proposal_id": proposal,
            "day": iso_day(day),
            "supports": supports,
        }


def ballot_rows(consultation_id: int | None) -> Iterator[dict]:
    for proposal, cast_at, token in proposal_queries.export_supports(consultation_id).iterator(
        CHUNK_SIZE
    ):
        yield {"proposal_id": proposal, "day": iso_day(cast_at), "voter_token": token}


def response_rows(consultation_id: int | None) -> Iterator[dict]:
    fields = response_queries.EXPORT_RESPONSE_FIELDS
    for row in response_queries.export_responses(consultation_id).iterator(CHUNK_SIZE):
        values = dict(zip(fields, row, strict=True))
        yield {
            "id": values["id"],
            "proposal_id": values["proposal_id"],
            "consultation_id": values["proposal__consultation_id"],
            "outcome": values["outcome"],
            "merged_into_id": values["merged_into_id"],
            "text": _text(values["text"]),
            "cost_estimate": values["cost_estimate"],
            "timeline": _text(values["timeline"]),
            "department": _text(values["department__name"]),
            "first_published_at": iso_datetime(values["first_published_at"]),
            "last_published_at": iso_datetime(values["last_published_at"]),
        }


def moderation_rows(consultation_id: int | None) -> Iterator[dict]:
    fields = moderation_queries.EXPORT_DECISION_FIELDS
    for row in moderation_queries.export_decisions(consultation_id).iterator(CHUNK_SIZE):
        values = dict(zip(fields, row, strict=True))
        yield {
            "id": values["id"],
            "consultation_id": values["consultation_id"],
            "proposal_id": values["proposal_id"] or values["comment__proposal_id"],
            "comment_id": values["comment_id"],
            "action": values["action"],
            "from_state": values["from_state"],
            "to_state": values["to_state"],
            "reason": values["reason"] or "",
            "decided_at": iso_datetime(values["created_at"]),
        }


READERS = {
    "proposals.csv": proposal_rows,
    "proposals.json": proposal_rows,
    "supports_daily.csv": supports_daily_rows,
    "ballots.csv": ballot_rows,
    "responses.csv": response_rows,
    "moderation.csv": moderation_rows,
}


def rows(name: str, consultation_id: int | None) -> Iterator[dict]:
    return READERS[name](consultation_id)


# --- writing values ---------------------------------------------------------------------------


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return proposal_queries.LIST_SEPARATOR.join(value)
    return str(value)


def csv_cells(name: str, row: dict) -> list[str]:
    return [csv_cell(row[column]) for column in FILES_BY_NAME[name].column_names]


def json_value(row: dict) -> dict:
    return {
        key: float(value) if isinstance(value, Decimal) else value for key, value in row.items()
    }


# --- what changed: ETag and Last-Modified ----------------------------------------------------


def stamp(consultation_id: int | None) -> tuple[str, datetime | None]:
    """A version of every file of one scope and their latest change, in four aggregate
    queries whatever the number of rows: counts, sums and highest ids change with every
    insert, withdrawal or edit; the latest times give Last-Modified (a withdrawn support has
    no time of its own, so the ETag is what a client should send back)."""
    parts = {
        **proposal_queries.export_stamp(consultation_id),
        **response_queries.export_responses_stamp(consultation_id),
        **moderation_queries.export_decisions_stamp(consultation_id),
    }
    times = [value for value in parts.values() if isinstance(value, datetime)]
    encoded = json.dumps(
        [SCHEMA_VERSION, consultation_id, sorted(parts.items())], default=str
    ).encode()
    return hashlib.sha256(encoded).hexdigest()[:32], max(times) if times else None
