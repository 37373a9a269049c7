"""What the /data/ page lists: the published consultations with their files and row counts,
in a fixed number of queries whatever the number of consultations or rows."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from wagtail.models import Locale

from consultations.models import ConsultationPage
from proposals import queries as proposal_queries
from proposals.moderation import queries as moderation_queries
from proposals.responses import queries as response_queries

from . import budget
from .dictionary import CHANGELOG, FILES, SCHEMA_VERSION


@dataclass
class Listed:
    """A file as the page lists it: its name, address and number of rows."""

    name: str
    url: str
    rows: int
    title: str = ""


@dataclass
class ListedConsultation:
    pk: int
    title: str
    files: list[Listed] = field(default_factory=list)
    responses_feed: str = ""


def data_consultations() -> QuerySet:
    """Published consultations in the default language (the ones files belong to), newest
    first."""
    return (
        ConsultationPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("-first_published_at", "-pk")
    )


def row_counts(ids: list[int]) -> dict[int, dict[str, int]]:
    """Rows of each file per consultation: five grouped queries."""
    counts = proposal_queries.export_counts(ids)
    responses = response_queries.export_response_counts(ids)
    decisions = moderation_queries.export_decision_counts(ids)
    return {
        pk: {
            "proposals.csv": counts[pk]["proposals"],
            "proposals.json": counts[pk]["proposals"],
            "supports_daily.csv": counts[pk]["supports_daily"],
            "ballots.csv": counts[pk]["ballots"],
            "responses.csv": responses[pk],
            "moderation.csv": decisions[pk],
        }
        for pk in ids
    }


def _titles(pages: list[ConsultationPage]) -> dict[int, str]:
    """Each page's title in the reader's language when a live translation exists."""
    active = Locale.get_active()
    titles = {page.pk: page.title for page in pages}
    if active.language_code == settings.LANGUAGE_CODE:
        return titles
    keys = {page.translation_key: page.pk for page in pages}
    for key, title in (
        ConsultationPage.objects.live()
        .filter(translation_key__in=keys, locale=active)
        .values_list("translation_key", "title")
    ):
        titles[keys[key]] = title
    return titles


def with_files(pages: list[ConsultationPage], counts: dict) -> list[ListedConsultation]:
    """One page of consultations with their files; `counts` from `row_counts`."""
    titles = _titles(pages)
    budget_counts = budget.row_counts(pages)
    listed = []
    for page in pages:
        item = ListedConsultation(pk=page.pk, title=titles[page.pk])
        item.responses_feed = reverse("response:consultation_feed", kwargs={"slug": page.slug})
        for data_file in FILES:
            url = reverse(
                "data:consultation_file",
                kwargs={"consultation_id": page.pk, "filename": data_file.name},
            )
            item.files.append(Listed(data_file.name, url, counts[page.pk][data_file.name]))
        for name, rows in budget_counts.get(page.pk, []):
            url = reverse(
                "data:consultation_file", kwargs={"consultation_id": page.pk, "filename": name}
            )
            item.files.append(Listed(name, url, rows))
        listed.append(item)
    return listed


def all_counts() -> dict[int, dict[str, int]]:
    """Rows of each file of every published consultation."""
    return row_counts(list(data_consultations().values_list("pk", flat=True)))


def site_files(counts: dict) -> list[Listed]:
    """The site-wide files with their rows: the sums over every published consultation."""
    ids = list(counts)
    return [
        Listed(
            data_file.name,
            reverse("data:file", kwargs={"filename": data_file.name}),
            sum(counts[pk][data_file.name] for pk in ids),
            title=str(data_file.title),
        )
        for data_file in FILES
    ]


def about() -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "changelog": CHANGELOG,
        "licence": settings.CONTENT_LICENCE,
        "licence_url": settings.CONTENT_LICENCE_URL,
        "datapackage_url": reverse("data:datapackage"),
        "responses_feed": reverse("response:feed"),
    }
