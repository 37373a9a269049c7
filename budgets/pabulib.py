"""The pabulib `.pb` file format: the whole election in one text file anyone can recount.

A `.pb` file (https://pabulib.org/format) has three sections, each a line with its name then a
header row, fields separated by `;` (CSV quoting with `"` when a field holds `;`):

    META                      key;value lines: description, num_projects, num_votes, budget,
    key;value                 vote_type (approval), rule, currency, and optionally min_length,
    ...                       max_length, min_sum_cost, max_sum_cost (the ballot's limits)
    PROJECTS
    project_id;cost;votes;name;selected
    ...
    VOTES
    voter_id;vote             vote: the chosen project ids separated by commas
    ...

`pb_chunks()` writes one as a stream of text chunks (a view can stream 100,000 ballots with
flat memory); `read_pb()` parses one, tolerating a byte-order mark, CRLF line ends, blank lines,
quoted fields, `None` for an empty value and a decimal comma; `instance_from_pb()` turns the
parsed file into what `budgets.allocation.allocate` takes, so a published result can be
recomputed from the file alone.

Rule names are pabulib's: `greedy` for greedy by votes and `equalshares/add1` for the Method of
Equal Shares with the Add1 completion (see budgets/allocation.py); `pb_comment()` gives the
`comment` line that says which utility, completion and tie-break were used. Pabulib's checker
also expects country, unit, instance, date_begin and date_end in META: pass them in `meta`.
`instance_from_pb()` recounts Equal Shares with cost utilities, Civic's default.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from budgets.allocation import CODE_VERSION, Project, Rule, Utility, as_money

PB_RULE = {Rule.GREEDY: "greedy", Rule.EQUAL_SHARES: "equalshares/add1"}
RULE_FROM_PB = {
    "greedy": Rule.GREEDY,
    "equalshares/add1": Rule.EQUAL_SHARES,
    "equal_shares": Rule.EQUAL_SHARES,
}
REQUIRED_META = ("description", "budget", "vote_type", "rule", "currency")
PROJECT_COLUMNS = ("project_id", "cost", "votes", "name", "selected")
VOTE_COLUMNS = ("voter_id", "vote")


class PbFormatError(ValueError):
    """The text is not a pabulib file this reader understands."""


@dataclass(frozen=True)
class PbProject:
    project_id: str
    cost: Fraction
    votes: int | None = None
    name: str = ""
    selected: bool | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PbVote:
    voter_id: str
    vote: tuple[str, ...]


@dataclass(frozen=True)
class PbFile:
    meta: dict[str, str]
    projects: list[PbProject]
    votes: list[PbVote]


# --- writing -----------------------------------------------------------------------------------


def pb_comment(rule: Rule, utility: Utility = Utility.COST) -> str:
    """The META comment (pabulib's `#1: ` form) saying exactly how the count was made."""
    if Rule(rule) is Rule.GREEDY:
        how = "greedy by votes, skipping projects that no longer fit"
    else:
        how = (
            f"Method of Equal Shares with {Utility(utility).value} utilities, completion: "
            "Add1 (every share raised by one currency unit while the outcome fits the budget), "
            "then greedy by votes with the money left"
        )
    return (
        f"#1: Counted by Civic (allocation code version {CODE_VERSION}): {how}. "
        "Ties: more votes, then lower cost, then lower project id"
    )


def format_money(value: int | Decimal | Fraction | str) -> str:
    """`1500`, `1500.5`: a plain decimal, never a float's rounding or an exponent."""
    amount = as_money(value)
    if amount.denominator == 1:
        return str(amount.numerator)
    scaled = Decimal(amount.numerator) / Decimal(amount.denominator)
    if Fraction(scaled) != amount:
        raise ValueError(f"{value} has no finite decimal form")
    return format(scaled.normalize(), "f")


def _text(value: object) -> str:
    """One line, so a tool that splits the file into lines first still reads it."""
    return " ".join(str(value).split())


def _project_row(row: PbProject | Sequence) -> list[str]:
    if isinstance(row, PbProject):
        project_id, cost, votes, name, selected = (
            row.project_id,
            row.cost,
            row.votes,
            row.name,
            row.selected,
        )
    else:
        project_id, cost, votes, name, selected = row
    return [
        _text(project_id),
        format_money(cost),
        "None" if votes is None else str(int(votes)),
        _text(name),
        "None" if selected is None else str(int(bool(selected))),
    ]


def _vote_row(row: PbVote | Sequence) -> list[str]:
    voter_id, vote = (row.voter_id, row.vote) if isinstance(row, PbVote) else row
    return [_text(voter_id), ",".join(_text(project_id) for project_id in vote)]


def pb_chunks(
    *,
    meta: Mapping[str, object],
    projects: Iterable[PbProject | Sequence],
    votes: Iterable[PbVote | Sequence],
    num_votes: int,
    lines_per_chunk: int = 1000,
) -> Iterator[str]:
    """The file as text chunks of about `lines_per_chunk` lines each.

    `meta` needs at least description, budget, vote_type, rule and currency (num_projects and
    num_votes are written from the data); `projects` are rows (project_id, cost, votes, name,
    selected) or PbProject; `votes` rows (voter_id, chosen project ids) or PbVote, read once as
    they stream. `num_votes` is written in META before the votes; a different number of vote
    rows raises ValueError at the end rather than publish a file that contradicts itself.
    """
    missing = [key for key in REQUIRED_META if meta.get(key) in (None, "")]
    if missing:
        raise ValueError(f"META needs {', '.join(missing)}")
    if meta["vote_type"] != "approval":
        raise ValueError("only approval ballots are written (vote_type approval)")
    project_rows = [_project_row(row) for row in projects]
    head = {
        "description": meta["description"],
        "num_projects": len(project_rows),
        "num_votes": num_votes,
        "budget": format_money(meta["budget"]),
    }
    ordered = {**head, **{k: v for k, v in meta.items() if k not in head}}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    buffer.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in ordered.items():
        if value is None:
            continue
        if key in ("min_sum_cost", "max_sum_cost"):
            value = format_money(value)
        writer.writerow([_text(key), _text(value)])
    buffer.write("PROJECTS\n")
    writer.writerow(PROJECT_COLUMNS)
    writer.writerows(project_rows)
    buffer.write("VOTES\n")
    writer.writerow(VOTE_COLUMNS)
    yield flush()
    written = 0
    for row in votes:
        writer.writerow(_vote_row(row))
        written += 1
        if written % lines_per_chunk == 0:
            yield flush()
    tail = flush()
    if tail:
        yield tail
    if written != num_votes:
        raise ValueError(f"META said {num_votes} votes but {written} were written")


def write_pb(**kwargs) -> str:
    """The whole file as one string (for small elections and tests); see pb_chunks()."""
    return "".join(pb_chunks(**kwargs))


# --- reading -----------------------------------------------------------------------------------


def _value(text: str) -> str | None:
    text = text.strip()
    return None if text == "" or text.lower() == "none" else text


def _number(text: str, what: str) -> Fraction:
    try:
        return Fraction(text.replace(",", ".").replace(" ", ""))
    except (ValueError, ZeroDivisionError) as error:
        raise PbFormatError(f"{what}: {text!r} is not a number") from error


def read_pb(text: str | bytes) -> PbFile:
    """Parse a `.pb` file's text (or bytes, read as UTF-8)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    meta: dict[str, str] = {}
    projects: list[PbProject] = []
    votes: list[PbVote] = []
    section = None
    header: list[str] | None = None
    for number, row in enumerate(csv.reader(lines, delimiter=";"), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        first = row[0].strip().lower()
        if first in ("meta", "projects", "votes") and len(row) == 1:
            section, header = first, None
            continue
        if section is None:
            raise PbFormatError(f"line {number}: data before the META section")
        if header is None:
            header = [cell.strip().lower() for cell in row]
            continue
        if section == "meta":
            if len(row) < 2:
                raise PbFormatError(f"line {number}: a META line needs key;value")
            meta[row[0].strip()] = row[1].strip()
            continue
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        if section == "projects":
            projects.append(_parse_project(cells, number))
        else:
            voter_id = cells.get("voter_id")
            if not voter_id:
                raise PbFormatError(f"line {number}: a vote needs a voter_id")
            chosen = _value(cells.get("vote", "")) or ""
            votes.append(PbVote(voter_id, tuple(p.strip() for p in chosen.split(",") if p.strip())))
    if "budget" not in meta:
        raise PbFormatError("META has no budget")
    return PbFile(meta=meta, projects=projects, votes=votes)


def _parse_project(cells: dict[str, str], number: int) -> PbProject:
    project_id = cells.get("project_id")
    cost = _value(cells.get("cost", ""))
    if not project_id or cost is None:
        raise PbFormatError(f"line {number}: a project needs project_id and cost")
    votes = _value(cells.get("votes", ""))
    selected = _value(cells.get("selected", ""))
    known = {"project_id", "cost", "votes", "name", "selected"}
    return PbProject(
        project_id=project_id,
        cost=_number(cost, f"line {number}, cost"),
        votes=None if votes is None else int(votes),
        name=_value(cells.get("name", "")) or "",
        selected=None if selected is None else selected != "0",
        extra={
            key: value
            for key, value in cells.items()
            if key not in known and _value(value) is not None
        },
    )


def instance_from_pb(parsed: PbFile) -> tuple[Fraction, list[Project], list[frozenset[int]], Rule]:
    """(amount, projects, ballots, rule) to give to `allocate`, from a parsed file."""
    if parsed.meta.get("vote_type", "approval") not in ("approval", "choose-1"):
        raise PbFormatError("only approval ballots can be recounted")
    rule_name = parsed.meta.get("rule", "")
    if rule_name not in RULE_FROM_PB:
        raise PbFormatError(f"rule {rule_name!r} is not one Civic counts")
    amount = _number(parsed.meta["budget"], "budget")

    def as_id(text: str) -> int:
        try:
            return int(text)
        except ValueError as error:
            raise PbFormatError(f"project id {text!r} is not a number") from error

    projects = [Project(as_id(p.project_id), p.cost) for p in parsed.projects]
    ballots = [frozenset(as_id(p) for p in vote.vote) for vote in parsed.votes]
    return amount, projects, ballots, RULE_FROM_PB[rule_name]
