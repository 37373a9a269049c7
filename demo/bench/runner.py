"""City-scale benchmark: seed a municipality, then time the pages and writes that matter.

    python -m demo.bench                       # 20,000 proposals, 200,000 supports
    python -m demo.bench --proposals 100000 --supports 1000000 --citizens 20000
    DATABASE_URL=postgres://user@host:5432/civic python -m demo.bench

It never touches the development data: it works in its own database, derived from the
configured one and emptied first — `var/bench.sqlite3` for SQLite, `<name>_bench` on the same
PostgreSQL server (created, or dropped and created again). BENCH_DATABASE_URL overrides
the choice. `--reuse` keeps an already seeded bench database and only measures.

It prints figures and never judges them: seed time and rows per second; p50/p95 latency and
SQL queries of the consultation list, a proposal list and proposal pages (Django's test
client, so no network); support cast/withdraw throughput through the service functions;
similar-title lookup (pg_trgm and the Python fallback) and its recall@5 and false positives
on the paraphrase set of tests/proposals/similarity_cases.py; time and memory growth of streaming
proposals.csv and ballots.csv through the open-data view; peak memory of the process.
"""

import argparse
import os
import resource
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
DEFAULTS = {"consultations": 6, "proposals": 20_000, "citizens": 5_000, "supports": 200_000}


# --- the bench database -----------------------------------------------------------------


def bench_database_url(configured: str) -> str:
    """The bench database beside the configured one (never the configured one itself)."""
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    if configured.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(configured)
        name = parts.path.lstrip("/") or "civic"
        return urlunsplit(parts._replace(path=f"/{name}_bench"))
    return f"sqlite:///{BASE_DIR / 'var' / 'bench.sqlite3'}"


def reset_database(url: str) -> None:
    """Empty the bench database: delete the SQLite file, or drop and create the PG database."""
    if url.startswith("sqlite:"):
        path = Path(urlsplit(url).path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    conn = psycopg2.connect(maintenance)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def configure(url: str) -> None:
    """Point this process's Django at the bench database, quietly, before setup."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings.dev")
    os.environ["DEBUG"] = "0"  # production-like rendering; seed_demo then needs --force
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["EMAIL_BACKEND"] = "locmem"
    os.environ["CACHE_KEY_PREFIX"] = "civic-bench"
    os.environ.setdefault("SECRET_KEY", "bench-only-key")


# --- measuring --------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def section(self, title: str) -> None:
        self.emit(f"\n== {title}")

    def emit(self, line: str) -> None:
        self.lines.append(line)
        print(line, flush=True)

    def timings(self, label: str, seconds: list[float], queries: list[int] | None = None) -> None:
        ms = [s * 1000 for s in seconds]
        text = (
            f"  {label:<52} p50 {percentile(ms, 0.5):8.1f} ms   p95 {percentile(ms, 0.95):8.1f} ms"
            f"   n={len(ms)}"
        )
        if queries:
            text += f"   queries {min(queries)}-{max(queries)}"
        self.emit(text)


def time_get(client, url: str, requests: int) -> tuple[list[float], list[int], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _n in range(3):  # warm caches and templates
        client.get(url)
    seconds, queries, status = [], [], 0
    for _n in range(requests):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - start)
        queries.append(len(captured.captured_queries))
        status = response.status_code
    return seconds, queries, status


# --- sections ---------------------------------------------------------------------------


def seed(report: Report, args) -> None:
    import io
    from importlib import import_module

    from django.core.management.base import OutputWrapper

    from demo.context import SEED_STEPS, DemoContext
    from proposals.models import Comment, Follow, Notification, Proposal, Support

    report.section(
        f"Seed: {args.consultations} consultations, {args.proposals:,} proposals, "
        f"{args.citizens:,} citizens, {args.supports:,} supports (seed {args.seed})"
    )
    out = OutputWrapper(io.StringIO())
    ctx = DemoContext(
        consultations=args.consultations,
        proposals=args.proposals,
        citizens=args.citizens,
        supports=args.supports,
        seed=args.seed,
        password="civic-demo",  # noqa: S106 (the documented demo password)
        stdout=out,
    )
    # The steps of `seed_demo`, one by one, so each one's time shows.
    start = time.perf_counter()
    step_seconds = {}
    for dotted in SEED_STEPS:
        module = import_module(dotted)
        step_start = time.perf_counter()
        module.seed(ctx)
        step_seconds[dotted] = time.perf_counter() - step_start
        report.emit(f"  {dotted:<28} {step_seconds[dotted]:7.1f} s")
    elapsed = time.perf_counter() - start
    for line in out._out.getvalue().splitlines():
        if line.startswith(("accounts:", "consultations:", "proposals:", "moderation", "respon")):
            report.emit(f"  {line}")
    counted = {
        "proposals": Proposal.objects.count(),
        "supports": Support.objects.count(),
        "comments": Comment.objects.count(),
        "follows": Follow.objects.count(),
        "notifications": Notification.objects.count(),
    }
    rows = sum(counted.values())
    report.emit("  rows: " + ", ".join(f"{name} {n:,}" for name, n in counted.items()))
    report.emit(f"  seed time {elapsed:.1f} s in all")
    citizen_side = step_seconds.get("demo.steps.proposals")
    if citizen_side:
        report.emit(
            f"  citizen content (demo.steps.proposals): {rows:,} rows of the above (plus versions, "
            f"topics, budgets, decisions) in {citizen_side:.1f} s, "
            f"{rows / citizen_side:,.0f} rows/s"
        )


def biggest_consultation():
    from django.conf import settings
    from django.db.models import Count

    from consultations.models import ConsultationPage

    return (
        ConsultationPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .annotate(n=Count("proposals"))
        .order_by("-n", "pk")
        .first()
    )


def pages(report: Report, args) -> None:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Locale

    from accounts.models import User
    from consultations.models import ConsultationIndexPage
    from proposals.models import Proposal

    consultation = biggest_consultation()
    if consultation is None:
        report.emit("  no consultations: nothing to measure")
        return
    n_proposals = Proposal.objects.filter(consultation=consultation).count()
    report.section(
        f"Pages (anonymous unless said; {args.requests} requests each after 3 warm-ups; "
        f"biggest consultation has {n_proposals:,} proposals)"
    )
    client = Client(raise_request_exception=False)  # a failing page shows as its status
    with translation.override(settings.LANGUAGE_CODE):
        index = ConsultationIndexPage.objects.get(locale=Locale.get_default())
        list_url = reverse("proposals:list", kwargs={"slug": consultation.slug})
        published = Proposal.objects.filter(consultation=consultation, state="published")
        top = published.order_by("-support_count", "-id").first()
        busiest = published.order_by("-comment_count", "-id").first()
        urls = [
            ("consultation list", index.url),
            ("consultation page", consultation.url),
            ("proposal list (random order)", list_url),
            ("proposal list by supports", f"{list_url}?sort=supports"),
            ("proposal list by supports, page 50", f"{list_url}?sort=supports&page=50"),
            ("proposal list, words 'bike lane'", f"{list_url}?q=bike+lane"),
            ("proposal page, most supported", reverse("proposals:detail", args=[top.pk])),
            ("proposal page, most comments", reverse("proposals:detail", args=[busiest.pk])),
        ]
    for label, url in urls:
        seconds, queries, status = time_get(client, url, args.requests)
        report.timings(f"{label} [{status}]", seconds, queries)
    citizen = User.objects.filter(email="citizen@example.org").first()
    if citizen is not None:
        client.force_login(citizen)
        for label, url in urls[2:3] + urls[6:7]:
            seconds, queries, status = time_get(client, url, args.requests)
            report.timings(f"{label}, signed in [{status}]", seconds, queries)


def supports(report: Report, args) -> None:
    """Cast and withdraw through the services, by fresh citizens, in a voting consultation."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.utils import timezone

    from accounts.models import User
    from consultations.models import ConsultationPage
    from consultations.queries import voting_q
    from proposals import services
    from proposals.models import Proposal

    now = timezone.now()
    consultation = (
        ConsultationPage.objects.live()
        .filter(voting_q(now), locale__language_code=settings.LANGUAGE_CODE)
        .filter(requires_verified_resident=False)
        .order_by("pk")
        .first()
    )
    report.section("Supports through the services (support_cast / support_withdraw)")
    if consultation is None:
        report.emit("  no consultation is voting now: skipped")
        return
    per_citizen = consultation.max_supports_per_citizen or 5
    voters = []
    for n in range(args.voters):
        email = f"bench-voter{n}@example.org"
        user, _created = User.objects.get_or_create(
            email=email, defaults={"display_name": f"Bench voter {n}"}
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        voters.append(user)
    targets = list(
        Proposal.objects.filter(consultation=consultation, state="published")
        .select_related("consultation")
        .order_by("-support_count", "pk")[: per_citizen * 4]
    )
    pairs = [
        (voter, targets[(i * 7 + k) % len(targets)])
        for i, voter in enumerate(voters)
        for k in range(min(per_citizen, len(targets)))
    ]
    cast, withdraw = [], []
    start = time.perf_counter()
    for voter, proposal in pairs:
        t = time.perf_counter()
        services.support_cast(citizen=voter, proposal=proposal)
        cast.append(time.perf_counter() - t)
    cast_total = time.perf_counter() - start
    start = time.perf_counter()
    for voter, proposal in pairs:
        t = time.perf_counter()
        services.support_withdraw(citizen=voter, proposal=proposal)
        withdraw.append(time.perf_counter() - t)
    withdraw_total = time.perf_counter() - start
    report.emit(
        f"  consultation '{consultation.slug}', {len(voters)} citizens x {per_citizen} supports, "
        f"on its {len(targets)} most supported proposals"
    )
    report.timings(f"support_cast ({len(cast) / cast_total:,.0f}/s)", cast)
    report.timings(f"support_withdraw ({len(withdraw) / withdraw_total:,.0f}/s)", withdraw)


def similarity(report: Report, args) -> None:
    from demo.bench.similarity import recall_figures, similarity_figures

    consultation = biggest_consultation()
    report.section("Similar proposals while typing a title (proposals/similarity.py)")
    if consultation is None:
        report.emit("  no consultations: nothing to measure")
        return
    for label, seconds, found in similarity_figures(consultation, requests=args.requests):
        report.timings(f"{label} (avg {found:.1f} found)", seconds)
    report.emit("  Paraphrases and unrelated titles (tests/proposals/similarity_cases.py):")
    for label, language, figures in recall_figures():
        report.emit(
            f"  {label:<30} {language}  recall@5 {figures['recall']:.2f}"
            f" ({figures['queries'] - len(figures['missed'])}/{figures['queries']})"
            f"   false positives {len(figures['false_positives'])}/{figures['unrelated']}"
            f"   {figures['seconds'] * 1000:.1f} ms per lookup"
        )


def exports(report: Report, args) -> None:
    from demo.bench.exports import export_figures
    from proposals.models import Proposal, Support

    report.section(
        f"Open-data downloads streamed through the view ({Proposal.objects.count():,} proposals, "
        f"{Support.objects.count():,} supports)"
    )
    for figure in export_figures():
        rate = figure.rows / figure.seconds if figure.seconds else 0
        report.emit(
            f"  /data/{figure.name:<16} [{figure.status}] {figure.rows:>10,} rows "
            f"{figure.size / 2**20:8.1f} MB in {figure.seconds:6.1f} s ({rate:,.0f} rows/s), "
            f"first byte {figure.first_byte * 1000:.0f} ms, RSS growth "
            f"{figure.rss_growth / 2**20:.1f} MB, queries {figure.queries}"
            + ("" if figure.streaming else ", NOT streamed")
        )


SECTIONS = {
    "pages": pages,
    "supports": supports,
    "similarity": similarity,
    "exports": exports,
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m demo.bench", description=__doc__.split("\n")[0]
    )
    for name, default in DEFAULTS.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--voters", type=int, default=100, help="citizens casting supports")
    parser.add_argument("--reuse", action="store_true", help="measure an already seeded bench DB")
    parser.add_argument(
        "--only", choices=sorted(SECTIONS), action="append", help="measure only these sections"
    )
    http = parser.add_argument_group(
        "over HTTP (needs PostgreSQL in DATABASE_URL, REDIS_URL and wrk)"
    )
    http.add_argument("--no-http", action="store_true", help="only the in-process figures")
    http.add_argument("--duration", type=int, default=6, help="seconds of wrk per row")
    http.add_argument("--connections", type=int, default=16, help="wrk connections")
    http.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    http.add_argument(
        "--citizens-http", type=int, default=300, help="signed-in citizens of the POST rows"
    )
    http.add_argument(
        "--results", default=str(BASE_DIR / "bench" / "results.md"),
        help="where the HTTP run's tables are written",
    )  # fmt: skip
    http.add_argument("--keep-logs", action="store_true", help="keep the gunicorn log")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> Report:
    args = parse(argv)
    from demo.bench import overhttp

    http_missing = "" if args.no_http else overhttp.missing_services()
    if http_missing:
        print(
            f"Not measuring over HTTP: {http_missing}. The benchmark over HTTP needs "
            "DATABASE_URL=postgres://… and REDIS_URL=redis://… (and wrk: apt-get install -y "
            "wrk); only the in-process figures follow.",
            flush=True,
        )
    over_http = not args.no_http and not http_missing
    if over_http and len(os.environ.get("SECRET_KEY", "")) < 50:
        # The app servers run the production settings, which want a real key; the sessions
        # this process writes for them are signed with the same one.
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    configured = os.environ.get("DATABASE_URL", "")
    url = bench_database_url(configured)
    if configured and url == configured:
        sys.exit("The bench database must not be the configured database.")
    if not args.reuse:
        reset_database(url)
    configure(url)
    import django

    django.setup()
    import logging

    # Wagtail logs every page it creates; the figures are what we want to see.
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection

    from proposals.models import Proposal

    report = Report()
    report.emit(
        f"Civic benchmark on {connection.vendor} ({connection.settings_dict['NAME']}), "
        f"Python {sys.version.split()[0]}"
    )
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    report.emit(f"  migrate {time.perf_counter() - start:.1f} s")
    if not (args.reuse and Proposal.objects.exists()):
        seed(report, args)
    http_start = len(report.lines)
    http_lines = overhttp.run(report, args) if over_http else []
    in_process = len(report.lines)
    for name in args.only or list(SECTIONS):
        SECTIONS[name](report, args)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.section(f"Peak memory (ru_maxrss) {peak:,.0f} MB")
    if http_lines:
        before = report.lines[:http_start]
        write_results(Path(args.results), report, http_lines, before + report.lines[in_process:])
    return report


def write_results(path: Path, report: Report, http_lines: list[str], figures: list[str]) -> None:
    """bench/results.md: the HTTP table, then the in-process figures of the same run."""
    text = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m demo.bench`, demo/bench/); the latest run is "
        "committed so progress shows over time. Figures are measured, never judged here.",
        "",
        *http_lines,
        "",
        "## In process (Django's test client and the services, no network)",
        "",
        "```",
        *[line.strip("\n").rstrip() for line in figures if line.strip()],
        "```",
        "",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(text))
    report.emit(f"\nWritten to {path}")
