"""Results pages, "You said, we did" and the embeds: thin views over opendata/queries.py.

Every figure is computed once per request in `figures()`; the charts' geometry comes from
opendata/charts.py. The embeds use a minimal template without forms, never touch the
session and set no cookie, and are the only views other sites may frame (`@embeddable`).
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from civic.routing import page_links
from civic.security import embeddable
from consultations.pagecache import consultation_page, site_page
from opendata import charts, queries
from opendata.queries import ResponseFilters, Scope
from proposals.queries import consultation_for_slug

RANKING_PER_PAGE = 25
RESPONSES_PER_PAGE = 20

CHARTS = {
    "outcomes": gettext_lazy("Proposals by outcome"),
    "supports": gettext_lazy("Supports per day"),
    "topics": gettext_lazy("Proposals by topic"),
    "areas": gettext_lazy("Proposals by area"),
    "timing": gettext_lazy("Official responses on time and late"),
}


@dataclass
class Figure:
    """One chart: its key, title, a sentence describing it, its rows and geometry."""

    key: str
    title: str
    description: str
    rows: list[dict]
    bars: charts.BarChart | None = None
    line: charts.LineChart | None = None
    column: str = ""  # the table's heading of the counted column
    embed_url: str = ""


def _bar_figure(key: str, rows: list[dict], description: str, column: str) -> Figure:
    return Figure(
        key=key,
        title=str(CHARTS[key]),
        description=description,
        rows=rows,
        bars=charts.bar_chart(rows) if rows else None,
        column=column,
    )


def _largest(rows: list[dict]) -> str:
    if not rows:
        return _("There is nothing to count yet.")
    top = max(rows, key=lambda row: row["count"])
    return _("The largest group is “%(label)s” with %(count)s.") % {
        "label": top["label"],
        "count": charts.localize_digits(top["count"]),
    }


def figures(scope: Scope) -> dict[str, Figure]:
    """Every chart of a results page, from the aggregates of opendata/queries.py."""
    proposals = _("Proposals")
    outcomes = queries.outcome_counts(scope)
    topics = queries.topic_counts(scope)
    areas = queries.area_counts(scope)
    timing = queries.response_timing(scope)
    timing_rows = [
        {"key": "on_time", "label": _("Answered on time"), "count": timing["on_time"]},
        {"key": "late", "label": _("Answered late"), "count": timing["late"]},
        {"key": "overdue", "label": _("Overdue, not answered"), "count": timing["overdue"]},
        {"key": "waiting", "label": _("Not yet due"), "count": timing["waiting"]},
    ]
    days = queries.supports_per_day(scope)
    total = sum(day["count"] for day in days)
    if days:
        busiest = max(days, key=lambda day: day["count"])
        supports_text = _(
            "%(total)s supports over %(days)s days, from %(first)s to %(last)s; the busiest "
            "day was %(busiest)s with %(count)s."
        ) % {
            "total": charts.localize_digits(total),
            "days": charts.localize_digits(len(days)),
            "first": charts.day_label(days[0]["day"]),
            "last": charts.day_label(days[-1]["day"]),
            "busiest": charts.day_label(busiest["day"]),
            "count": charts.localize_digits(busiest["count"]),
        }
    else:
        supports_text = _("No supports have been cast yet.")
    result = {
        "outcomes": _bar_figure(
            "outcomes",
            outcomes,
            _("Published proposals by outcome.") + " " + _largest(outcomes),
            proposals,
        ),
        "supports": Figure(
            key="supports",
            title=str(CHARTS["supports"]),
            description=supports_text,
            rows=[
                {"key": day["day"].isoformat(), "label": charts.day_label(day["day"]), **day}
                for day in days
            ],
            line=charts.line_chart(days, date_label=charts.day_label),
            column=_("Supports"),
        ),
        "topics": _bar_figure(
            "topics",
            topics,
            _("Published proposals by topic; a proposal with several topics counts in each.")
            + " "
            + _largest(topics),
            proposals,
        ),
        "areas": _bar_figure(
            "areas", areas, _("Published proposals by area.") + " " + _largest(areas), proposals
        ),
        "timing": _bar_figure(
            "timing",
            [row for row in timing_rows if row["count"]],
            _("Proposals assigned an official response, by whether it came on time.")
            + " "
            + str(queries.ON_TIME_RULE),
            proposals,
        ),
    }
    return result


def _consultation_or_404(slug: str):
    page = consultation_for_slug(slug)
    if page is None:
        raise Http404
    return page


def _urls(slug: str | None) -> dict:
    """The page, its embeds and their absolute forms for the "embed this" snippets."""
    if slug:
        page = reverse("results:consultation", kwargs={"slug": slug})
        summary = reverse("results:consultation_embed", kwargs={"slug": slug})
        chart = {
            key: reverse("results:consultation_chart_embed", kwargs={"slug": slug, "chart": key})
            for key in CHARTS
        }
    else:
        page = reverse("results:site")
        summary = ""
        chart = {key: reverse("results:site_chart_embed", kwargs={"chart": key}) for key in CHARTS}
    return {"page": page, "summary": summary, "charts": chart}


def _results(request: HttpRequest, scope: Scope, *, page=None, slug: str | None = None):
    urls = _urls(slug)
    all_figures = figures(scope)
    for key, figure in all_figures.items():
        figure.embed_url = urls["charts"][key]
    ranking = Paginator(queries.ranking(scope), RANKING_PER_PAGE)
    # Every outcome is counted, so the outcomes add up to the ranked (published) proposals:
    # the paginator needs no count query of its own.
    ranking.count = sum(row["count"] for row in all_figures["outcomes"].rows)
    ranked = ranking.get_page(request.GET.get("page"))
    if scope.site_wide:
        titles = queries.consultation_titles({p.consultation_id for p in ranked.object_list})
        for proposal in ranked.object_list:
            proposal.consultation_title = titles[proposal.consultation_id]
    crumbs = []
    if page is not None:
        # The ancestors' titles and addresses change only with the page tree: cached.
        crumbs = [*page_links(request, page).crumbs, (page.title, page.url)]
    return render(
        request,
        "opendata/results.html",
        {
            "page": page,
            "scope": scope,
            "crumbs": crumbs,
            "figures": all_figures,
            "ranked": ranked,
            "rank_start": ranked.start_index(),
            "support_total": queries.support_total(scope),
            "response_total": queries.response_count(scope),
            "record": queries.moderation(scope),
            "on_time_rule": queries.ON_TIME_RULE,
            "urls": urls,
        },
    )


@require_GET
def site_results(request: HttpRequest) -> HttpResponse:
    site_page(request)
    return _results(request, queries.site_scope())


@require_GET
def consultation_results(request: HttpRequest, slug: str) -> HttpResponse:
    page = _consultation_or_404(slug)
    consultation_page(request, page.canonical)
    return _results(request, queries.consultation_scope(page), page=page, slug=slug)


def _embed(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    response = render(request, template, context)
    response["Cache-Control"] = "public, max-age=300"
    return response


def _chart_embed(request, scope: Scope, chart: str, *, page=None, slug=None) -> HttpResponse:
    if chart not in CHARTS:
        raise Http404
    figure = figures(scope)[chart]
    return _embed(
        request,
        "opendata/embed_chart.html",
        {"page": page, "figure": figure, "urls": _urls(slug)},
    )


@require_GET
@embeddable
def site_chart_embed(request: HttpRequest, chart: str) -> HttpResponse:
    return _chart_embed(request, queries.site_scope(), chart)


@require_GET
@embeddable
def consultation_chart_embed(request: HttpRequest, slug: str, chart: str) -> HttpResponse:
    page = _consultation_or_404(slug)
    scope = queries.consultation_scope(page)
    return _chart_embed(request, scope, chart, page=page, slug=slug)


@require_GET
@embeddable
def consultation_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """A consultation's summary in numbers, for newspapers to frame."""
    page = _consultation_or_404(slug)
    scope = queries.consultation_scope(page)
    all_figures = figures(scope)
    return _embed(
        request,
        "opendata/embed_summary.html",
        {
            "page": page,
            "proposals": sum(row["count"] for row in all_figures["outcomes"].rows),
            "supports": queries.support_total(scope),
            "responses": queries.response_timing(scope),
            "figure": all_figures["outcomes"],
            "top": list(queries.ranking(scope)[:3]),
            "urls": _urls(slug),
        },
    )


# --- "You said, we did" --------------------------------------------------------------------


def _response_filters(request: HttpRequest) -> ResponseFilters:
    values = {name: request.GET.get(name, "").strip()[:100] for name in queries.FACETS}
    if values["timing"] not in {"", queries.ON_TIME, queries.LATE}:
        values["timing"] = ""
    return ResponseFilters(**values)


FACET_LABELS = {
    "consultation": gettext_lazy("Consultation"),
    "outcome": gettext_lazy("Outcome"),
    "department": gettext_lazy("Department"),
    "topic": gettext_lazy("Topic"),
    "timing": gettext_lazy("On time or late"),
}


@require_GET
def responses(request: HttpRequest) -> HttpResponse:
    """Every published official response with its outcome, filterable, with counts."""
    site_page(request)
    filters = _response_filters(request)
    paginator = Paginator(queries.published_responses(filters), RESPONSES_PER_PAGE)
    shown = paginator.get_page(request.GET.get("page"))
    facets = queries.response_facets(filters)
    ids = {int(o["value"]) for o in facets["consultation"]}
    ids |= {r.proposal.consultation_id for r in shown.object_list}
    titles = queries.consultation_titles(ids)
    for option in facets["consultation"]:
        option["label"] = titles.get(int(option["value"]), option["label"])
    for response in shown.object_list:
        response.consultation_title = titles[response.proposal.consultation_id]
    groups = [
        {
            "name": name,
            "label": FACET_LABELS[name],
            "selected": getattr(filters, name),
            "options": facets[name],
        }
        for name in queries.FACETS
    ]
    return render(
        request,
        "opendata/responses.html",
        {
            "filters": filters,
            "groups": groups,
            "shown": shown,
            "on_time_rule": queries.ON_TIME_RULE,
        },
    )
