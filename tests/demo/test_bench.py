"""`python -m demo.bench`: it works on its own database, and its measuring code runs (on a
tiny seeded city here). Figures are printed, never asserted."""

import argparse
import io

import pytest
from django.core.management import call_command

from demo.bench import runner as bench
from demo.bench.similarity import python_fallback, typed_titles
from proposals.models import Support


def test_the_bench_database_is_never_the_configured_one(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    pg = "postgres://postgres@127.0.0.1:5432/civic"
    assert bench.bench_database_url(pg) == "postgres://postgres@127.0.0.1:5432/civic_bench"
    sqlite = bench.bench_database_url("sqlite:////srv/civic/db.sqlite3")
    assert sqlite.endswith("/var/bench.sqlite3")
    assert bench.bench_database_url("") == sqlite


def test_an_explicit_bench_database_wins(monkeypatch):
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://h/other")
    assert bench.bench_database_url("postgres://h/civic") == "postgres://h/other"


def test_percentiles():
    values = [float(n) for n in range(1, 101)]
    assert bench.percentile(values, 0.5) in {50.0, 51.0}
    assert bench.percentile(values, 0.95) == 95.0
    assert bench.percentile([3.0], 0.95) == 3.0


@pytest.fixture
def tiny_city(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command(
        "seed_demo", "--force", "--consultations=6", "--proposals=60", "--citizens=20",
        "--supports=200", stdout=io.StringIO(),
    )  # fmt: skip


def args(**extra):
    values = {"requests": 2, "voters": 3, **extra}
    return argparse.Namespace(**values)


def test_every_section_measures_a_tiny_city(tiny_city):
    """One seeded city for all sections (seeding is the slow part)."""
    before = Support.objects.count()
    report = bench.Report()
    for section in bench.SECTIONS.values():
        section(report, args(requests=3))
    measured = [line for line in report.lines if " p50 " in line]
    pages = [line for line in measured if "[" in line]
    assert len(pages) >= 8
    assert all("[200]" in line and "queries" in line for line in pages)
    assert any("support_cast" in line for line in measured)
    recall = [line for line in report.lines if "recall@5" in line]
    assert len(recall) >= 2
    assert all("false positives 0/" in line for line in recall)
    assert any("Python trigrams" in line for line in measured)
    # Supports cast for the figures are withdrawn again.
    assert Support.objects.count() == before
    typed = typed_titles(bench.biggest_consultation(), count=20)
    assert len(typed) == 20
    assert all(len(title.split()) >= 2 for title in typed)


def test_python_fallback_is_restored():
    from proposals import similarity

    real = similarity.connection
    with python_fallback():
        assert similarity.connection.vendor == "python"
    assert similarity.connection is real


def test_exports_stream_the_files_through_the_view(tiny_city):
    from demo.bench.exports import export_figures

    figures = {figure.name: figure for figure in export_figures()}
    assert set(figures) == {"proposals.csv", "ballots.csv"}
    assert all(figure.status == 200 and figure.streaming for figure in figures.values())
    assert (
        figures["ballots.csv"].rows
        == Support.objects.filter(
            proposal__state__in=["published", "withdrawn", "hidden", "rejected"]
        ).count()
    )
    assert figures["proposals.csv"].queries <= 6
