"""Public views of consultations (served by the Wagtail index page's routes)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .forms import ConsultationFilterForm
from .queries import (
    area_choices,
    filter_consultations,
    public_consultations,
    topic_choices,
    with_counts,
)

PER_PAGE = 12


def consultation_list(request: HttpRequest, index_page) -> HttpResponse:
    now = timezone.now()
    locale_id = index_page.locale_id
    form = ConsultationFilterForm(
        request.GET or None, topics=topic_choices(locale_id), areas=area_choices()
    )
    filters = form.filters()
    consultations = filter_consultations(public_consultations(locale_id), now=now, **filters)
    page_obj = Paginator(consultations, PER_PAGE).get_page(request.GET.get("page"))
    items = with_counts(page_obj.object_list, now)
    return index_page.render(
        request,
        context_overrides={
            "form": form,
            "filtered": any(filters.get(key) for key in ("query", "phase", "topic", "area")),
            "page_obj": page_obj,
            "consultations": items,
            "now": now,
        },
    )
