"""Bulk inserts for the demo's citizen content: batches, creation times we choose, and COPY
(one prepared statement off PostgreSQL) for supports, the biggest table.

Bulk inserts bypass the services, so they never keep stored counts: whoever inserts in bulk
calls `demo.recount.recount` afterwards.
"""

import io
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import connection

from proposals.models import (
    Comment,
    Follow,
    ModerationDecision,
    Notification,
    Proposal,
    ResidentVerification,
    Support,
)

BATCH = 2000

TIMESTAMPED = [
    (Proposal, "created_at"),
    (Support, "created_at"),
    (Comment, "created_at"),
    (Follow, "created_at"),
    (Notification, "created_at"),
    (ModerationDecision, "created_at"),
    (ResidentVerification, "created_at"),
]


@contextmanager
def given_timestamps() -> Iterator[None]:
    """Let bulk inserts keep the creation times we give (spread over each schedule) instead
    of `auto_now_add`'s "now"; restored afterwards."""
    fields = [model._meta.get_field(name) for model, name in TIMESTAMPED]
    saved = [field.auto_now_add for field in fields]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in zip(fields, saved, strict=True):
            field.auto_now_add = value


def between(rng: random.Random, start: datetime, end: datetime, skew: float = 1.0) -> datetime:
    """A moment in [start, end); skew > 1 favours the start (activity fades over time)."""
    span = (end - start).total_seconds()
    if span <= 0:
        return start
    return start + timedelta(seconds=span * (rng.random() ** skew))


def insert(model, rows: list, *, ignore_conflicts: bool = False) -> list:
    """Bulk insert in batches; returns the rows (with primary keys where the database tells)."""
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(
            rows[start : start + BATCH], batch_size=BATCH, ignore_conflicts=ignore_conflicts
        )
    return rows


def insert_supports(rows: list[tuple]) -> None:
    """Insert (proposal id, citizen id, voter token, cast at) rows with one prepared statement:
    supports are the biggest table, and model instances would cost more than the insert."""
    if not rows:
        return
    meta = Support._meta
    columns = ("proposal_id", "citizen_id", "voter_token", "created_at")
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(meta.db_table),
        ", ".join(quote(meta.get_field(c.removesuffix("_id")).column) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    if connection.vendor == "postgresql":
        # COPY: one stream for the whole batch instead of one round trip per row.
        text = io.StringIO("".join(f"{p}\t{c}\t{t}\t{at.isoformat()}\n" for p, c, t, at in rows))
        copy = "COPY {} ({}) FROM STDIN".format(
            quote(meta.db_table),
            ", ".join(quote(meta.get_field(c.removesuffix("_id")).column) for c in columns),
        )
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(copy, text)
        return
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(statement, [(p, c, t, adapt(at)) for p, c, t, at in rows])
