"""The open-data files of a participatory budget, under /data/consultations/<id>/:
budget_projects.csv, budget_ballots.csv and the pabulib file(s) (DESIGN.md §9).

Rows come from budgets/results/queries.py (`export_*`, streamed); the .pb file is written by
budgets/pabulib.py. Ballots are published once balloting closes (the files hold the projects
before that, and no votes), so running totals never steer the vote. A budget with one heading
has `budget.pb`; one with several has `budget-<heading id>.pb` per heading instead.
"""

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from budgets import pabulib
from budgets.allocation import Rule
from budgets.models import Ballot, BudgetHeading, Project
from budgets.results import queries as budget_queries

from .dictionary import BUDGET_FILES, BUDGET_FILES_BY_NAME, SCHEMA_VERSION

HEADING_FILE = re.compile(r"^budget-(?P<heading>\d+)\.pb$")
CSV_NAMES = ("budget_projects.csv", "budget_ballots.csv")


def is_budget_file(name: str) -> bool:
    return name in BUDGET_FILES_BY_NAME or HEADING_FILE.match(name) is not None


def ballots_published(consultation, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= consultation.voting_close


def headings(consultation) -> list[BudgetHeading]:
    return list(
        BudgetHeading.objects.filter(consultation=consultation).order_by("sort_order", "pk")
    )


def pb_names(heading_list: list[BudgetHeading]) -> list[tuple[str, BudgetHeading | None]]:
    """The .pb files of a budget: `budget.pb` with one heading, one per heading with more."""
    if len(heading_list) == 1:
        return [("budget.pb", heading_list[0])]
    return [(f"budget-{heading.pk}.pb", heading) for heading in heading_list]


def heading_of_file(name: str, heading_list: list[BudgetHeading]) -> BudgetHeading | None:
    """The heading a .pb file name stands for, None when the budget has no such file."""
    return dict(pb_names(heading_list)).get(name)


# --- rows ----------------------------------------------------------------------------------


def _votes(heading_ids: list[int]) -> dict[int, int]:
    return dict(
        Project.objects.filter(heading_id__in=heading_ids)
        .annotate(n=Count("choices"))
        .values_list("pk", "n")
    )


def project_rows(consultation) -> Iterator[dict]:
    published = ballots_published(consultation)
    ids = [heading.pk for heading in headings(consultation)]
    votes = _votes(ids) if published else {}
    for pk, proposal, heading, _title, cost, _v, selected, reason in budget_queries.export_projects(
        consultation.pk
    ):
        yield {
            "project_id": pk,
            "proposal_id": proposal,
            "heading": heading,
            "cost": cost,
            "votes": votes.get(pk) if published else None,
            "selected": None if selected is None else ("true" if selected else "false"),
            "reason": reason or "",
        }


def ballot_rows(consultation) -> Iterator[dict]:
    if not ballots_published(consultation):
        return
    ids = [heading.pk for heading in headings(consultation)]
    for heading, token, chosen in budget_queries.export_ballots(ids):
        yield {
            "heading": heading,
            "voter_token": token,
            "project_ids": budget_queries.LIST_SEPARATOR.join(str(p) for p in chosen),
        }


def pb_meta(consultation, heading: BudgetHeading, heading_count: int) -> dict:
    title = consultation.title if heading_count == 1 else f"{consultation.title}: {heading.name}"
    meta = {
        "description": title,
        "instance": f"consultation {consultation.pk}, heading {heading.pk}",
        "budget": heading.amount,
        "vote_type": "approval",
        "rule": pabulib.PB_RULE[Rule(consultation.allocation_rule)],
        "currency": consultation.currency,
        "date_begin": consultation.voting_open.date().isoformat(),
        "date_end": consultation.voting_close.date().isoformat(),
        "language": consultation.locale.language_code,
        "comment": pabulib.pb_comment(Rule(consultation.allocation_rule)),
    }
    if consultation.ballot_rule == consultation.BallotRule.APPROVAL and consultation.max_choices:
        meta["max_length"] = consultation.max_choices
    else:
        meta["max_sum_cost"] = heading.amount
        if consultation.min_share:
            meta["min_sum_cost"] = heading.amount * consultation.min_share / 100
    return meta


def pb_stream(consultation, heading: BudgetHeading, heading_count: int) -> Iterator[str]:
    published = ballots_published(consultation)
    votes = _votes([heading.pk]) if published else {}
    allocated = budget_queries.latest_allocations([heading.pk]).get(heading.pk)
    selected = {}
    if allocated is not None:
        selected = dict(allocated.results.values_list("project_id", "selected"))
    projects = [
        (pk, cost, votes.get(pk, 0) if published else None, title, selected.get(pk))
        for pk, title, cost in Project.objects.filter(heading=heading)
        .order_by("pk")
        .values_list("pk", "proposal__title", "cost")
    ]
    num_votes = Ballot.objects.filter(heading=heading).count() if published else 0
    chosen = (
        (token, [str(p) for p in ids])
        for _h, token, ids in (budget_queries.export_ballots([heading.pk]) if published else ())
    )
    return pabulib.pb_chunks(
        meta=pb_meta(consultation, heading, heading_count),
        projects=projects,
        votes=chosen,
        num_votes=num_votes,
    )


# --- the listing and ETags -------------------------------------------------------------------


def row_counts(pages) -> dict[int, list[tuple[str, int]]]:
    """Per budget page: each budget file with its rows, in three grouped queries."""
    budgets = {page.pk: page for page in pages if page.is_budget}
    if not budgets:
        return {}
    heading_rows = list(
        BudgetHeading.objects.filter(consultation_id__in=budgets)
        .order_by("sort_order", "pk")
        .values_list("pk", "consultation_id")
    )
    projects = dict(
        Project.objects.filter(heading__consultation_id__in=budgets)
        .values_list("heading_id")
        .annotate(n=Count("pk"))
        .values_list("heading_id", "n")
    )
    ballots = dict(
        Ballot.objects.filter(heading__consultation_id__in=budgets)
        .values_list("heading_id")
        .annotate(n=Count("pk"))
        .values_list("heading_id", "n")
    )
    counts = {}
    now = timezone.now()
    for pk, page in budgets.items():
        own = [heading for heading, consultation in heading_rows if consultation == pk]
        shown = ballots_published(page, now)
        listed = [
            ("budget_projects.csv", sum(projects.get(h, 0) for h in own)),
            ("budget_ballots.csv", sum(ballots.get(h, 0) for h in own) if shown else 0),
        ]
        names = ["budget.pb"] if len(own) == 1 else [f"budget-{h}.pb" for h in own]
        # A .pb file's rows: its ballots (VOTES lines).
        listed += [
            (name, ballots.get(h, 0) if shown else 0) for name, h in zip(names, own, strict=True)
        ]
        counts[pk] = listed
    return counts


def stamp(consultation) -> tuple[str, datetime | None]:
    parts = budget_queries.export_stamp(consultation.pk)
    parts["published"] = ballots_published(consultation)
    parts["rules"] = [consultation.allocation_rule, consultation.ballot_rule, consultation.title]
    encoded = json.dumps(
        [SCHEMA_VERSION, "budget", consultation.pk, sorted(parts.items())], default=str
    ).encode()
    return hashlib.sha256(encoded).hexdigest()[:32], budget_queries.latest_change(parts)


def titles() -> dict[str, str]:
    return {data_file.name: str(data_file.title) for data_file in BUDGET_FILES}
