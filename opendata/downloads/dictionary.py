"""The data dictionary of the open-data files: every file, every column, its type, meaning and
an example. The /data/ page, `datapackage.json` and the writers of the files all read it, so
the documentation cannot drift from what the files hold (a test compares them).

Types are Frictionless Table Schema types. Times are ISO 8601 in UTC (`2026-05-04T09:30:00Z`),
days are UTC dates (`2026-05-04`); ids are the stable integer ids the pages and the API use.
No file holds an e-mail address, a user id or an IP address: an author is shown by the display
name the citizen chose, and is empty when the account was deleted.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SCHEMA_VERSION = "1.0.0"

# Newest first: (version, date, what changed).
CHANGELOG = [
    (
        "1.0.0",
        "2026-12-01",
        _(
            "First release: proposals, supports per day, ballots, official responses and "
            "moderation decisions, site-wide and per consultation."
        ),
    ),
]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type in the CSV file
    description: Promise
    example: str
    json_type: str = ""  # in proposals.json, when it differs (topics are a list there)

    @property
    def type_in_json(self) -> str:
        return self.json_type or self.type


@dataclass(frozen=True)
class DataFile:
    name: str  # the file name, as in DESIGN.md §6
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    # Columns that hold the id of a row of proposals.csv.
    proposal_keys: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.name.replace(".", "-")

    @property
    def media_type(self) -> str:
        if self.name.endswith(".pb"):
            return "text/plain"
        return "application/json" if self.name.endswith(".json") else "text/csv"

    @property
    def format(self) -> str:
        return self.name.rsplit(".", 1)[1]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _consultation_id() -> Column:
    return Column(
        "consultation_id",
        "integer",
        _("Id of the consultation (its page in the default language)."),
        "12",
    )


PROPOSAL_COLUMNS = (
    Column("id", "integer", _("Id of the proposal, as in its address /p/<id>/."), "4711"),
    _consultation_id(),
    Column(
        "state",
        "string",
        _(
            "Moderation state: published, withdrawn (by the author), hidden or rejected. "
            "Hidden and rejected proposals keep their number, state and public reason only."
        ),
        "published",
    ),
    Column("title", "string", _("Title as the author wrote it."), "More trees on Elm Street"),
    Column("body", "string", _("Text as the author wrote it (line breaks kept)."), "Plant ..."),
    Column(
        "author",
        "string",
        _("Public display name of the author; empty when the account was deleted."),
        "Ava",
    ),
    Column(
        "topics",
        "string",
        _("Topic slugs separated by “;” (a list in the JSON file)."),
        "parks;trees",
        json_type="array",
    ),
    Column("area", "string", _("Slug of the district, if any."), "north-district"),
    Column("latitude", "number", _("Latitude (WGS 84), if located."), "35.699700"),
    Column("longitude", "number", _("Longitude (WGS 84), if located."), "51.337800"),
    Column(
        "outcome",
        "string",
        _(
            "Outcome set by the official response: none, under_review, accepted, "
            "partially_accepted, rejected, implemented or merged."
        ),
        "accepted",
    ),
    Column("merged_into_id", "integer", _("Id of the proposal it was merged into, if merged."), ""),
    Column(
        "support_count",
        "integer",
        _("Live supports; equals this proposal's rows in ballots.csv."),
        "152",
    ),
    Column("comment_count", "integer", _("Published comments."), "9"),
    Column(
        "public_reason",
        "string",
        _("Public reason of the last moderation decision that hid or rejected it."),
        "",
    ),
    Column(
        "published_at",
        "datetime",
        _("When it was published (UTC)."),
        "2026-05-04T09:30:00Z",
    ),
    Column("edited_at", "datetime", _("Last edit by the author (UTC), if any."), ""),
    Column("url", "string", _("Permanent address of the proposal's page."), "https://…/p/4711/"),
)

FILES = (
    DataFile(
        "proposals.csv",
        _("Proposals"),
        _(
            "Every proposal the public pages list, one row each: published, withdrawn, and "
            "hidden or rejected ones without their content."
        ),
        PROPOSAL_COLUMNS,
        primary_key=("id",),
    ),
    DataFile(
        "proposals.json",
        _("Proposals (JSON)"),
        _(
            "The same rows as proposals.csv, as one JSON array of objects with the same keys; "
            "missing numbers and times are null, missing text is empty, topics are a list."
        ),
        PROPOSAL_COLUMNS,
        primary_key=("id",),
    ),
    DataFile(
        "supports_daily.csv",
        _("Supports per day"),
        _(
            "Live supports per proposal per UTC day they were cast (days without supports "
            "are left out). Summed per proposal it gives its support_count."
        ),
        (
            _consultation_id(),
            Column("proposal_id", "integer", _("Id of the proposal."), "4711"),
            Column("day", "date", _("UTC day the supports were cast."), "2026-05-04"),
            Column(
                "supports",
                "integer",
                _("Supports cast that day and not withdrawn since."),
                "17",
            ),
        ),
        primary_key=("proposal_id", "day"),
        proposal_keys=("proposal_id",),
    ),
    DataFile(
        "ballots.csv",
        _("Ballots"),
        _(
            "One row per live support, so anyone can recount every proposal and check that "
            "no one supported twice or beyond the limit. The voter token is a keyed hash of "
            "the citizen and the consultation: the same person has the same token within a "
            "consultation and unrelated tokens in different ones."
        ),
        (
            Column("proposal_id", "integer", _("Id of the supported proposal."), "4711"),
            Column("day", "date", _("UTC day the support was cast."), "2026-05-04"),
            Column(
                "voter_token",
                "string",
                _("Keyed hash of the citizen and the consultation (64 hexadecimal digits)."),
                "3f9c…e21a",
            ),
        ),
        primary_key=("proposal_id", "voter_token"),
        proposal_keys=("proposal_id",),
    ),
    DataFile(
        "responses.csv",
        _("Official responses"),
        _(
            "The live revision of every published official response to a public proposal "
            "(published or withdrawn), one row each."
        ),
        (
            Column("id", "integer", _("Id of the response."), "318"),
            Column("proposal_id", "integer", _("Id of the proposal it answers."), "4711"),
            _consultation_id(),
            Column("outcome", "string", _("Outcome the response decides."), "accepted"),
            Column("merged_into_id", "integer", _("Proposal it was merged into, if merged."), ""),
            Column("text", "string", _("The response as published."), "We will plant …"),
            Column(
                "cost_estimate",
                "number",
                _("Estimated cost, if given, in the city's currency."),
                "18000.00",
            ),
            Column("timeline", "string", _("Timeline, if given."), "Spring 2027"),
            Column("department", "string", _("Responsible department, if any."), "Parks"),
            Column(
                "first_published_at",
                "datetime",
                _("When the first revision was published (UTC)."),
                "2026-06-01T08:00:00Z",
            ),
            Column(
                "last_published_at",
                "datetime",
                _("When the live revision was published (UTC)."),
                "2026-06-03T10:15:00Z",
            ),
        ),
        primary_key=("id",),
        proposal_keys=("proposal_id",),
    ),
    DataFile(
        "moderation.csv",
        _("Moderation decisions"),
        _(
            "Every moderation decision about a listed proposal or its comments: what changed "
            "and why, never who decided nor the content of a hidden item."
        ),
        (
            Column("id", "integer", _("Id of the decision."), "901"),
            _consultation_id(),
            Column(
                "proposal_id",
                "integer",
                _("The proposal decided on, or the one the comment belongs to."),
                "4711",
            ),
            Column("comment_id", "integer", _("The comment decided on, if any."), ""),
            Column(
                "action",
                "string",
                _(
                    "publish, reject, hide, auto_hide (after reports), restore, dismiss "
                    "(reports dismissed), withdraw (by the author), appeal_upheld or "
                    "appeal_overturned."
                ),
                "hide",
            ),
            Column("from_state", "string", _("State before the decision."), "published"),
            Column("to_state", "string", _("State after the decision."), "hidden"),
            Column(
                "reason",
                "string",
                _(
                    "Reason code: spam, offensive, off_topic, personal_data, duplicate, "
                    "auto_hidden, withdrawn, other, or empty."
                ),
                "spam",
            ),
            Column("decided_at", "datetime", _("When (UTC)."), "2026-05-05T14:02:11Z"),
        ),
        primary_key=("id",),
        proposal_keys=("proposal_id",),
    ),
)

FILES_BY_NAME = {data_file.name: data_file for data_file in FILES}

# --- participatory budgets (DESIGN.md §9): per consultation only, for budgets -------------

BUDGET_BALLOTS_NOTE = _(
    "Ballots are published once balloting closes, so running totals never steer the vote."
)

BUDGET_FILES = (
    DataFile(
        "budget_projects.csv",
        _("Budget projects"),
        _(
            "Every project of the budget (a proposal reviewed feasible and costed), one row "
            "each, with its votes and whether the published count selected it."
        ),
        (
            Column("project_id", "integer", _("Id of the project."), "87"),
            Column("proposal_id", "integer", _("Id of its proposal, as in /p/<id>/."), "4711"),
            Column("heading", "integer", _("Id of the heading it stands under."), "3"),
            Column("cost", "number", _("Its cost, in the budget's currency."), "90000.00"),
            Column(
                "votes",
                "integer",
                _("Ballots that chose it; empty until balloting closes."),
                "180",
            ),
            Column(
                "selected",
                "boolean",
                _("true when the published count selected it; empty before counting."),
                "true",
            ),
            Column(
                "reason",
                "string",
                _(
                    "Why, in the published count: selected, did_not_fit (cost above the money "
                    "left when its turn came), fewer_votes, or supporters_could_not_afford "
                    "(Method of Equal Shares); empty before counting."
                ),
                "did_not_fit",
            ),
        ),
        primary_key=("project_id",),
        proposal_keys=("proposal_id",),
    ),
    DataFile(
        "budget_ballots.csv",
        _("Budget ballots"),
        _(
            "One row per ballot: the heading, the voter token (the same keyed hash of the "
            "citizen and the consultation as in ballots.csv) and the chosen projects."
        ),
        (
            Column("heading", "integer", _("Id of the heading."), "3"),
            Column(
                "voter_token",
                "string",
                _("Keyed hash of the citizen and the consultation (64 hexadecimal digits)."),
                "3f9c…e21a",
            ),
            Column(
                "project_ids",
                "string",
                _("Ids of the chosen projects separated by “;”, lowest first."),
                "87;91",
            ),
        ),
        primary_key=("heading", "voter_token"),
    ),
    DataFile(
        "budget.pb",
        _("The whole election (pabulib)"),
        _(
            "The budget in pabulib's .pb format, which tools for participatory budgeting "
            "read: META (description, budget, rule, currency, ballot limits), PROJECTS and "
            "VOTES (the voter id is the voter token). With several headings there is one file "
            "per heading, budget-<heading id>.pb. Recounting it with the declared rule gives "
            "the published winners."
        ),
        (
            Column("project_id", "integer", _("PROJECTS: id of the project."), "87"),
            Column("cost", "number", _("PROJECTS: its cost."), "90000"),
            Column("votes", "integer", _("PROJECTS: ballots that chose it."), "180"),
            Column("name", "string", _("PROJECTS: the proposal's title."), "New playground"),
            Column("selected", "integer", _("PROJECTS: 1 when selected, 0 when not."), "1"),
            Column("voter_id", "string", _("VOTES: the voter token."), "3f9c…e21a"),
            Column(
                "vote",
                "string",
                _("VOTES: ids of the chosen projects separated by commas."),
                "87,91",
            ),
        ),
    ),
)

BUDGET_FILES_BY_NAME = {data_file.name: data_file for data_file in BUDGET_FILES}
