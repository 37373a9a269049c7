"""The open-data files, the /data/ page that lists them and `datapackage.json`.

Files stream (StreamingHttpResponse over the readers in rows.py): one query per file read in
chunks, so the server's memory stays flat whatever the size. CSV is written by csv.writer on a
pseudo-buffer; proposals.json is one JSON array, written an element at a time. Every file has an
ETag and Last-Modified from `rows.stamp` and answers 304 when the client has it already.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from consultations.pagecache import site_page

from . import budget, datapackage, listing, rows
from .dictionary import BUDGET_BALLOTS_NOTE, BUDGET_FILES, FILES, FILES_BY_NAME

ROWS_PER_WRITE = 500
CONSULTATIONS_PER_PAGE = 20


class _Echo:
    """A file-like object whose write() hands back what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_stream(
    name: str, records: Iterable[dict], columns: list[str] | None = None
) -> Iterator[str]:
    writer = csv.writer(_Echo())
    columns = columns or FILES_BY_NAME[name].column_names
    yield writer.writerow(columns)
    batch: list[str] = []
    for record in records:
        batch.append(writer.writerow([rows.csv_cell(record[column]) for column in columns]))
        if len(batch) >= ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def json_stream(records: Iterable[dict]) -> Iterator[str]:
    yield "["
    separator = "\n"
    batch: list[str] = []
    for record in records:
        batch.append(separator + json.dumps(rows.json_value(record), ensure_ascii=False))
        separator = ",\n"
        if len(batch) >= ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "\n]\n"


def _consultation_or_404(consultation_id: int):
    from consultations.models import ConsultationPage

    page = ConsultationPage.objects.live().filter(pk=consultation_id).first()
    if page is None:
        raise Http404
    return page


def _streamed(request, content, *, content_type, download_name, etag, modified):
    last_modified = int(modified.timestamp()) if modified else None
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def budget_file(request: HttpRequest, filename: str, consultation_id: int) -> HttpResponseBase:
    """A budget's file (budget_projects.csv, budget_ballots.csv, budget.pb, budget-<id>.pb)."""
    page = _consultation_or_404(consultation_id)
    canonical = page.canonical
    if not canonical.is_budget:
        raise Http404
    if canonical.pk != consultation_id:
        return redirect("data:consultation_file", consultation_id=canonical.pk, filename=filename)
    heading = None
    if filename.endswith(".pb"):
        headings = budget.headings(canonical)
        heading = budget.heading_of_file(filename, headings)
        if heading is None:
            raise Http404
    version, modified = budget.stamp(canonical)
    etag = f'"{filename}-{version}"'
    last_modified = int(modified.timestamp()) if modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    if heading is not None:
        content_type = "text/plain; charset=utf-8"
        content = budget.pb_stream(canonical, heading, len(headings))
    else:
        content_type = "text/csv; charset=utf-8"
        readers = {
            "budget_projects.csv": budget.project_rows,
            "budget_ballots.csv": budget.ballot_rows,
        }
        columns = next(f for f in BUDGET_FILES if f.name == filename).column_names
        content = csv_stream(filename, readers[filename](canonical), columns)
    return _streamed(
        request,
        content,
        content_type=content_type,
        download_name=f"consultation-{consultation_id}-{filename}",
        etag=etag,
        modified=modified,
    )


@require_safe
def data_file(
    request: HttpRequest, filename: str, consultation_id: int | None = None
) -> HttpResponseBase:
    if consultation_id is not None and budget.is_budget_file(filename):
        return budget_file(request, filename, consultation_id)
    data_file = FILES_BY_NAME.get(filename)
    if data_file is None:
        raise Http404
    download_name = filename
    if consultation_id is not None:
        canonical = _consultation_or_404(consultation_id).canonical
        if canonical.pk != consultation_id:
            # A translation's id: the files belong to the default-language page.
            return redirect(
                "data:consultation_file", consultation_id=canonical.pk, filename=filename
            )
        download_name = f"consultation-{consultation_id}-{filename}"
    version, modified = rows.stamp(consultation_id)
    etag = f'"{filename}-{version}"'
    last_modified = int(modified.timestamp()) if modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    records = rows.rows(filename, consultation_id)
    if data_file.format == "json":
        content_type, content = "application/json", json_stream(records)
    else:
        content_type, content = "text/csv; charset=utf-8", csv_stream(filename, records)
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


@require_safe
def datapackage_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        datapackage.describe(base_url=settings.SITE_URL + reverse("data:index")),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'inline; filename="datapackage.json"'
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    site_page(request)
    consultations = listing.data_consultations()
    page_obj = Paginator(consultations, CONSULTATIONS_PER_PAGE).get_page(request.GET.get("page"))
    counts = listing.all_counts()
    listed = listing.with_files(list(page_obj.object_list), counts)
    return render(
        request,
        "opendata/data.html",
        {
            "files": FILES,
            "budget_files": BUDGET_FILES,
            "budget_ballots_note": BUDGET_BALLOTS_NOTE,
            "site_files": listing.site_files(counts),
            "consultations": listed,
            "page_obj": page_obj,
            **listing.about(),
        },
    )
