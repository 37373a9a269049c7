"""The budget's results page: per heading the winners, the money line, every loser with its
reason in words, the rule, and charts with their tables. A thin view over queries.py and
explain.py; the charts' geometry is opendata/charts.py's."""

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from budgets import allocation
from budgets.money import format_money
from budgets.phases import BudgetPhase, budget_phase
from civic.i18n import localize_digits
from opendata import charts
from proposals.queries import consultation_for_slug

from . import explain, queries, services
from .permissions import may_count

TITLE_ROOM = 48  # characters of a project's title in a chart label
# "With the other rule": recounted on the page only for headings this small, so a large
# budget's page never waits on a second count.
OTHER_RULE_MAX_BALLOTS = 20_000


@dataclass
class Chart:
    key: str
    title: str
    description: str
    bars: charts.BarChart
    rows: list[dict]
    column: str
    label_column: str
    line_y: float | None = None  # the money line, drawn above the first project that lost


def _short(title: str) -> str:
    return title if len(title) <= TITLE_ROOM else title[: TITLE_ROOM - 1] + "…"


def votes_chart(result: queries.HeadingResult, currency: str) -> Chart | None:
    if not result.rows:
        return None
    rows = [
        {
            "key": str(row.project_id),
            "label": ("✓ " if row.selected else "✗ ") + _short(row.title),
            "count": row.votes,
            "selected": row.selected,
        }
        for row in result.rows
    ]
    bars = charts.bar_chart(rows)
    for bar, row in zip(bars.bars, rows, strict=True):
        bar.css = "chart__bar--selected" if row["selected"] else "chart__bar--lost"
    line_y = None
    line = result.money_line
    if line is not None:
        index = next(n for n, row in enumerate(result.rows) if row.project_id == line.project_id)
        line_y = round(bars.bars[index].y - charts.LABEL_GAP - charts.ROW_GAP / 2, 2)
    return Chart(
        key=f"votes-{result.heading.pk}",
        title=_("Votes per project, in the order of counting"),
        description=_(
            "Each bar is a project's votes, most first; ✓ marks a selected project, ✗ one that "
            "lost. The dashed line is where the money ran out."
        )
        if line is not None
        else _("Each bar is a project's votes, most first; ✓ marks a selected project."),
        bars=bars,
        rows=[{**row, "shown": localize_digits(row["count"])} for row in rows],
        column=_("Votes"),
        label_column=_("Project"),
        line_y=line_y,
    )


def money_chart(result: queries.HeadingResult, currency: str) -> Chart | None:
    counted = result.allocation
    if counted is None:
        return None
    values = [
        ("amount", _("Amount of the heading"), counted.amount),
        ("spent", _("Cost of the selected projects"), counted.spent),
        ("left", _("Left unspent"), result.left),
    ]
    rows = [{"key": key, "label": label, "count": int(value)} for key, label, value in values]
    bars = charts.bar_chart(rows)
    shown = [format_money(value, currency) for _key, _label, value in values]
    for bar, text, (key, _label, _value) in zip(bars.bars, shown, values, strict=True):
        bar.shown = text
        bar.css = f"chart__bar--{key}"
    return Chart(
        key=f"money-{result.heading.pk}",
        title=_("The money: amount, spent and left"),
        description=_("%(spent)s of %(amount)s went to the selected projects; %(left)s is left.")
        % {"spent": shown[1], "amount": shown[0], "left": shown[2]},
        bars=_narrowed(bars),
        rows=[{**row, "shown": text} for row, text in zip(rows, shown, strict=True)],
        column=_("Money"),
        label_column=_("Part"),
    )


def _narrowed(bars: charts.BarChart) -> charts.BarChart:
    """Bars at two thirds of their length, leaving room for a money figure after them."""
    for bar in bars.bars:
        full = bar.width
        bar.width = round(full * 2 / 3, 2)
        if bars.rtl:
            bar.x = round(bar.x + full - bar.width, 2)
            bar.value_x = round(bar.value_x + full - bar.width, 2)
        else:
            bar.value_x = round(bar.value_x - full + bar.width, 2)
    return bars


def data_files(consultation, headings: list) -> list[dict]:
    """The budget's open-data files, with their titles, for the page's download list."""
    from opendata.downloads import budget as budget_files

    titles = budget_files.titles()
    names = [
        ("budget_projects.csv", titles["budget_projects.csv"]),
        ("budget_ballots.csv", titles["budget_ballots.csv"]),
    ]
    for name, heading in budget_files.pb_names(headings):
        title = titles["budget.pb"]
        if len(headings) > 1:
            title = f"{title}: {heading.display_name}"
        names.append((name, title))
    return [
        {
            "name": name,
            "title": title,
            "url": reverse(
                "data:consultation_file",
                kwargs={"consultation_id": consultation.pk, "filename": name},
            ),
        }
        for name, title in names
    ]


def other_rule(result: queries.HeadingResult, rule: str) -> dict | None:
    """What the other rule would have selected from the same ballots: the projects it adds
    and the ones it drops. None when it is the same, or the heading is too large to recount
    here, or the allocation was made by another version of the counting code."""
    counted = result.allocation
    if (
        counted is None
        or counted.ballots > OTHER_RULE_MAX_BALLOTS
        or counted.code_version != allocation.CODE_VERSION
    ):
        return None
    other = (
        allocation.Rule.GREEDY
        if rule == allocation.Rule.EQUAL_SHARES
        else allocation.Rule.EQUAL_SHARES
    )
    selected = set(services.compute(result.heading, other).selected)
    published = {row.project_id for row in result.winners}
    if selected == published:
        return None
    titles = {row.project_id: row.title for row in result.rows}
    return {
        "rule": allocation.Rule(other),
        "added": [titles[pk] for pk in sorted(selected - published, key=titles.get)],
        "dropped": [titles[pk] for pk in sorted(published - selected, key=titles.get)],
    }


def _page_or_404(slug: str):
    page = consultation_for_slug(slug)
    if page is None or not page.is_budget:
        raise Http404
    return page


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page_or_404(slug)
    consultation = page.canonical
    currency = consultation.currency
    now = timezone.now()
    headings = queries.heading_results(consultation)
    allocated = bool(headings) and all(h.allocation is not None for h in headings)
    phase = budget_phase(consultation.schedule, now, allocated=allocated)
    counted = phase in (BudgetPhase.COUNTING, BudgetPhase.FINISHED)
    ballot_totals = queries.ballot_totals(consultation) if not allocated else {}
    sections = []
    for result in headings:
        for row in result.rows:
            row.explanation = explain.explain(row, result, currency)
        sections.append(
            {
                "result": result,
                "money_line": explain.money_line_in_words(result, currency),
                "votes_chart": votes_chart(result, currency),
                "money_chart": money_chart(result, currency),
                "other_rule": other_rule(result, consultation.allocation_rule),
            }
        )
    for result in headings:
        result.cast = ballot_totals.get(result.heading.pk, 0)
    crumbs = [(a.title, a.url) for a in page.get_ancestors() if a.depth > 1]
    crumbs.append((page.title, page.url))
    return render(
        request,
        "budgets/results/results.html",
        {
            "page": page,
            "consultation": consultation,
            "crumbs": crumbs,
            "phase": phase,
            "counted": counted,
            "sections": sections,
            "rule_text": explain.rule_in_words(consultation.allocation_rule),
            "rule_label": consultation.get_allocation_rule_display(),
            "data_files": data_files(consultation, [r.heading for r in headings]),
            "may_count": counted and may_count(request.user, consultation),
        },
    )
