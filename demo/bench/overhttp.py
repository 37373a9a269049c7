"""The benchmark over HTTP: gunicorn with production settings on loopback, driven by wrk.

Part of `python -m demo.bench` (`make bench`) when DATABASE_URL is PostgreSQL and REDIS_URL is
set; runs on the bench database once it is seeded. Every row is a wrk run of `--duration`
seconds over `--connections` connections (demo/bench/wrk/civic.lua), its requests/s compared
with the floor, `/healthz` through the whole middleware stack, measured at the start and at the
end of the same run. SQL queries per request are counted separately, by sending each request
once through Django's test client in this process. `proposals.csv` is fetched whole over HTTP
(its time, and the growth of the serving worker's peak memory, VmHWM). Afterwards the supports
are recounted from the rows.

Signed-in rows use sessions written here before the server starts (Django's session engine, so
they sit in Redis and in the database like a real sign-in's), one per citizen, each with its
own CSRF token and client address.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parents[2]
LUA = Path(__file__).resolve().parent / "wrk" / "civic.lua"
HOST = "127.0.0.1"
THREADS = 2
WRK_MISSING = (
    "wrk is not installed: the benchmark over HTTP needs it (Debian: apt-get install -y wrk).\n"
    "Only the in-process figures follow."
)


def missing_services() -> str:
    """Why the HTTP benchmark cannot run here ('' when it can)."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL is not PostgreSQL"
    if not os.environ.get("REDIS_URL"):
        return "REDIS_URL is not set"
    if shutil.which("wrk") is None:
        return "wrk is not installed (Debian: apt-get install -y wrk)"
    return ""


# --- the server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    workers: int
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    def environment(self) -> dict[str, str]:
        """This process's database, Redis, cache prefix and key (the sessions written here are
        the servers'), with the production settings."""
        from django.conf import settings

        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(
            DJANGO_SETTINGS_MODULE="demo.bench.settings",
            DATABASE_URL=database_url(),
            REDIS_URL=settings.REDIS_URL,
            CACHE_KEY_PREFIX=settings.CACHES["default"].get("KEY_PREFIX", ""),
            SECRET_KEY=settings.SECRET_KEY,
            ALLOWED_HOSTS=f"{HOST},testserver,localhost",
            TRUSTED_PROXY_COUNT="1",
            TASKS_BACKEND="immediate",
            EMAIL_BACKEND="locmem",
            LOG_LEVEL="WARNING",
            DEBUG="0",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 90.0) -> None:
        command = [
            sys.executable, "-m", "gunicorn", "civic.wsgi",
            f"--bind={HOST}:{self.port}", f"--workers={self.workers}", "--worker-class=sync",
            "--timeout=120", "--graceful-timeout=5", "--backlog=2048",
        ]  # fmt: skip
        with self.log.open("a") as handle:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line)
                command, cwd=BASE_DIR, env=self.environment(), stdout=handle,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                if fetch(self.port, "/healthz").status == 200 and len(self.worker_pids()) >= 1:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz:\n{self.log.read_text()[-3000:]}")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def stop(self) -> None:
        if not self.process or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def database_url() -> str:
    """The database this process uses, as a URL for the servers."""
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or HOST, db.get("PORT") or 5432
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{host}:{port}/{db['NAME']}"


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident set) of a process, in bytes."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _colon, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) * 1024
    except OSError:
        pass
    return values


@dataclass
class Answer:
    status: int
    size: int
    seconds: float
    lines: int


def fetch(port: int, path: str, headers: dict | None = None, timeout: float = 300) -> Answer:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    base = {"Host": f"{HOST}:{port}", "X-Forwarded-Proto": "https", "X-Forwarded-For": "10.9.9.9"}
    start = time.perf_counter()
    try:
        conn.request("GET", path, headers={**base, **(headers or {})})
        response = conn.getresponse()
        size = lines = 0
        while chunk := response.read(65536):
            size += len(chunk)
            lines += chunk.count(b"\r\n")
        return Answer(response.status, size, time.perf_counter() - start, lines)
    finally:
        conn.close()


# --- wrk --------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    ok: int
    refused: int
    failed: int
    socket_errors: int
    queries: str = ""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Lua string for our ASCII values


def write_data(folder: Path, method: str, port: int, entries: list[dict]) -> Path:
    parts = []
    for entry in entries:
        fields = ", ".join(f"{name} = {lua_string(value)}" for name, value in entry.items())
        parts.append("{" + fields + "}")
    path = folder / f"data-{secrets.token_hex(4)}.lua"
    path.write_text(
        "return {\n"
        f"  method = {lua_string(method)},\n"
        f"  host = {lua_string(f'{HOST}:{port}')},\n"
        f"  origin = {lua_string(f'https://{HOST}:{port}')},\n"
        "  entries = {\n    " + ",\n    ".join(parts) + "\n  }\n}\n"
    )
    return path


def wrk(label: str, port: int, folder: Path, entries: list[dict], args, method="GET") -> Row:
    data = write_data(folder, method, port, entries)
    if method == "GET":
        fetch(port, entries[0]["path"], {"Cookie": entries[0].get("cookie", "")})  # warm
    env = {**os.environ, "CIVIC_BENCH_DATA": str(data), "CIVIC_BENCH_THREADS": str(THREADS)}
    command = [
        "wrk", f"-t{THREADS}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout=30s",
        "-s", str(LUA), f"http://{HOST}:{port}",
    ]  # fmt: skip
    done = subprocess.run(  # noqa: S603 (our own command line)
        command, env=env, capture_output=True, text=True, timeout=args.duration + 120, check=False
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("CIVIC-BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary for {label}:\n{done.stdout}\n{done.stderr}")
    figures = json.loads(line.removeprefix("CIVIC-BENCH "))
    seconds = figures["duration_us"] / 1e6
    # wrk stops sending, but the server still answers what its queue holds: let it finish
    # so the next row starts on an idle server (and POST rows' rows are all written).
    drain(figures["p99_us"] / 1e6, watch_supports=method == "POST")
    return Row(
        label=label,
        rps=figures["requests"] / seconds if seconds else 0.0,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        requests=figures["requests"],
        ok=figures["ok"],
        refused=figures["refused"],
        failed=figures["failed"],
        socket_errors=figures["socket_errors"],
    )


def drain(latest: float, *, watch_supports: bool) -> None:
    time.sleep(min(latest + 0.5, 30))
    if not watch_supports:
        return
    from proposals.models import Support

    deadline, last = time.monotonic() + 60, -1
    while time.monotonic() < deadline:
        now = Support.objects.count()
        if now == last:
            return
        last = now
        time.sleep(1)


# --- what is measured -------------------------------------------------------------------


def count_queries(client, method: str, path: str, **extra) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = client.post if method == "POST" else client.get
    with CaptureQueriesContext(connection) as captured:
        response = call(path, **extra)
        if getattr(response, "streaming", False):
            for _chunk in response.streaming_content:
                pass
    if response.status_code >= 400:
        return -response.status_code
    return len(captured.captured_queries)


def public_urls(consultation) -> list[tuple[str, str]]:
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from demo.bench.similarity import typed_titles
    from proposals.models import Proposal
    from proposals.views import PER_PAGE

    published = Proposal.objects.filter(consultation=consultation, state="published")
    n_pages = max(1, -(-published.count() // PER_PAGE))
    deep = max(1, int(n_pages * 0.9))
    top = published.order_by("-support_count", "-id").first()
    typed = typed_titles(consultation, count=1)[0]
    with translation.override(settings.LANGUAGE_CODE):
        index = consultation.get_parent().specific
        list_url = reverse("proposals:list", kwargs={"slug": consultation.slug})
        similar = reverse("proposals:similar", kwargs={"slug": consultation.slug})
        return [
            ("home", f"/{settings.LANGUAGE_CODE}/"),
            ("consultation list", index.url),
            ("consultation page", consultation.url),
            ("proposal list, most supported, page 1", f"{list_url}?sort=supports"),
            (
                f"proposal list, most supported, page {deep}",
                f"{list_url}?sort=supports&page={deep}",
            ),
            ("proposal list, random order, page 1", list_url),
            (f"proposal list, random order, page {deep}", f"{list_url}?page={deep}"),
            ("proposal page (most supported)", reverse("proposals:detail", args=[top.pk])),
            (
                "results page",
                reverse("results:consultation", kwargs={"slug": consultation.slug}),
            ),
            ("API proposal list", f"/api/v1/proposals/?consultation={consultation.pk}"),
            ("similar-title lookup", f"{similar}?{urlencode({'title': typed})}"),
        ]


@dataclass
class Citizen:
    user: object
    session_key: str
    csrf: str
    address: str

    @property
    def cookie(self) -> str:
        from django.conf import settings

        return f"{settings.SESSION_COOKIE_NAME}={self.session_key}; csrftoken={self.csrf}"


def signed_in(user, n: int) -> Citizen:
    """A session for `user` as a sign-in leaves it (cached_db: Redis and the database)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    address = f"10.{200 + n // 65536}.{(n // 256) % 256}.{n % 256}"
    return Citizen(user, session.session_key, secrets.token_hex(16), address)


def bench_voters(consultation, count: int) -> list:
    """Citizens of the bench's own, with verified addresses and no supports left over."""
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from demo.recount import recount
    from proposals.models import Support

    voters = []
    for n in range(count):
        email = f"bench-http{n}@example.org"
        user, _created = User.objects.get_or_create(
            email=email, defaults={"display_name": f"Bench citizen {n}"}
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        voters.append(user)
    if Support.objects.filter(citizen__in=voters).delete()[0]:
        recount(consultation.pk)
    return voters


def voting_consultation():
    from django.conf import settings
    from django.utils import timezone

    from consultations.models import ConsultationPage
    from consultations.queries import voting_q

    return (
        ConsultationPage.objects.live()
        .filter(voting_q(timezone.now()), locale__language_code=settings.LANGUAGE_CODE)
        .filter(requires_verified_resident=False)
        .order_by("pk")
        .first()
    )


def integrity() -> dict[str, int]:
    """Supports recounted from the rows: stored counts, duplicates, per-citizen limits."""
    from django.db.models import Count, F, OuterRef, Q, Subquery
    from django.db.models.functions import Coalesce

    from proposals.models import Proposal, Support, SupportBudget

    rows = (
        Support.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(n=Count("*"))
        .values("n")
    )
    wrong_counts = (
        Proposal.objects.annotate(rows=Coalesce(Subquery(rows), 0))
        .exclude(support_count=F("rows"))
        .count()
    )
    duplicates = (
        Support.objects.filter(citizen__isnull=False)
        .values("proposal", "citizen")
        .annotate(n=Count("*"))
        .filter(n__gt=1)
        .count()
    )
    used = (
        Support.objects.filter(
            citizen=OuterRef("citizen"), proposal__consultation=OuterRef("consultation")
        )
        .order_by()
        .values("citizen")
        .annotate(n=Count("*"))
        .values("n")
    )
    budgets = SupportBudget.objects.annotate(rows=Coalesce(Subquery(used), 0))
    wrong_budgets = budgets.exclude(used=F("rows")).count()
    over_limit = budgets.filter(
        Q(consultation__max_supports_per_citizen__gt=0)
        & Q(rows__gt=F("consultation__max_supports_per_citizen"))
    ).count()
    return {
        "proposals whose count differs from its rows": wrong_counts,
        "duplicate supports": duplicates,
        "budgets that differ from the rows": wrong_budgets,
        "citizens over the consultation's limit": over_limit,
        "supports": Support.objects.count(),
    }


def machine(consultation_rows: dict[str, int]) -> list[str]:
    from django.db import connection
    from django_redis import get_redis_connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    try:
        redis_version = get_redis_connection("default").info("server")["redis_version"]
    except Exception:  # the machine's description only
        redis_version = "unknown"
    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = os.getloadavg()
    return [
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} cores ({cpu}), {memory_kb / 2**20:.1f} GB RAM, "
        f"{platform.system()} {platform.release()}, load average {load[0]:.1f} at the start",
        f"- PostgreSQL {pg}, Redis {redis_version}, Python {platform.python_version()}",
        "- Data: " + ", ".join(f"{n:,} {name}" for name, n in consultation_rows.items()),
    ]


# --- the run ----------------------------------------------------------------------------


def run(report, args) -> list[str]:
    """Measure over HTTP; returns the Markdown of the results (also printed)."""
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from demo.bench.runner import biggest_consultation
    from proposals.models import Proposal, Support

    consultation = biggest_consultation()
    voting = voting_consultation()
    data_rows = {
        "proposals": Proposal.objects.count(),
        "supports": Support.objects.count(),
        "citizens": User.objects.count(),
    }
    header = machine(data_rows)
    report.section(
        f"Over HTTP: gunicorn {args.workers} sync workers, production settings, wrk "
        f"{THREADS} threads x {args.connections} connections x {args.duration} s per row"
    )
    urls = public_urls(consultation)
    voters = bench_voters(voting, args.citizens_http + 1) if voting else []
    citizens = [signed_in(user, n) for n, user in enumerate(voters[1:])]
    per_citizen = (voting.max_supports_per_citizen or 5) if voting else 0
    targets = (
        list(
            Proposal.objects.filter(consultation=voting, state="published")
            .order_by("-support_count", "pk")
            .values_list("pk", flat=True)[: max(per_citizen * 8, 40)]
        )
        if voting
        else []
    )

    # SQL per request, once each through the test client (anonymous, then a citizen).
    client = Client(raise_request_exception=False)
    queries = {"floor": count_queries(client, "GET", "/healthz")}
    for label, url in urls:
        count_queries(client, "GET", url)  # warm
        queries[label] = count_queries(client, "GET", url)
    queries["proposals.csv"] = count_queries(client, "GET", "/data/proposals.csv")
    if voters and targets:
        client.force_login(voters[0])
        fetch_header = {"HTTP_X_REQUESTED_WITH": "fetch"}
        detail = reverse("proposals:detail", args=[targets[0]])
        queries["proposal page, signed in"] = count_queries(client, "GET", detail)
        support = reverse("proposals:support", args=[targets[0]])
        unsupport = reverse("proposals:unsupport", args=[targets[0]])
        queries["support cast"] = count_queries(client, "POST", support, **fetch_header)
        queries["support withdraw"] = count_queries(client, "POST", unsupport, **fetch_header)

    folder = Path(tempfile.mkdtemp(prefix="civic-bench-"))
    server = Server(workers=args.workers, log=folder / "gunicorn.log")
    rows: list[Row] = []
    csv_lines: list[str] = []
    try:
        server.start()
        for _n in range(20):
            fetch(server.port, "/healthz")
        fetch(server.port, "/data/responses.csv")  # every worker's imports and connections
        # proposals.csv first, on fresh workers: its time and what it costs in memory.
        before = {pid: memory(pid) for pid in server.worker_pids()}
        answer = fetch(server.port, "/data/proposals.csv")
        after = {pid: memory(pid) for pid in server.worker_pids()}
        growth = max(
            (after[pid].get("VmHWM", 0) - before[pid].get("VmRSS", 0) for pid in before),
            default=0,
        )
        again = fetch(server.port, "/data/proposals.csv")
        csv_lines = [
            f"- `proposals.csv` [{answer.status}]: {max(answer.lines - 1, 0):,} rows, "
            f"{answer.size / 2**20:.1f} MB in {answer.seconds:.2f} s "
            f"(again: {again.seconds:.2f} s); growth of the serving worker's peak memory "
            f"(VmHWM after - VmRSS before): {growth / 2**20:.1f} MB; "
            f"{queries['proposals.csv']} SQL queries",
        ]
        for line in csv_lines:
            report.emit("  " + line)
        floor_entries = [{"path": "/healthz"}]
        rows.append(wrk("floor (/healthz), start", server.port, folder, floor_entries, args))
        report.emit("  " + _text(rows[-1], rows[0].rps))
        for label, url in urls:
            rows.append(wrk(label, server.port, folder, [{"path": url}], args))
            rows[-1].queries = str(queries.get(label, ""))
            report.emit("  " + _text(rows[-1], rows[0].rps))
        if citizens and targets:
            detail_entries = [
                {
                    "path": reverse("proposals:detail", args=[targets[i % len(targets)]]),
                    "cookie": c.cookie,
                    "addr": c.address,
                }
                for i, c in enumerate(citizens)
            ]
            row = wrk("proposal page, signed in", server.port, folder, detail_entries, args)
            row.queries = str(queries.get("proposal page, signed in", ""))
            rows.append(row)
            report.emit("  " + _text(row, rows[0].rps))
            n_targets = len(targets)
            cast_entries = [
                {
                    "path": reverse("proposals:support", args=[targets[(i * 7 + k) % n_targets]]),
                    "cookie": c.cookie,
                    "csrf": c.csrf,
                    "addr": c.address,
                }
                for k in range(per_citizen)
                for i, c in enumerate(citizens)
            ]
            row = wrk(
                "support cast (fetch POST, distinct citizens)",
                server.port, folder, cast_entries, args, method="POST",
            )  # fmt: skip
            row.queries = str(queries.get("support cast", ""))
            rows.append(row)
            report.emit("  " + _text(row, rows[0].rps))
            by_user = {c.user.pk: c for c in citizens}
            cast = list(
                Support.objects.filter(citizen__in=[c.user for c in citizens]).values_list(
                    "proposal_id", "citizen_id"
                )
            )
            withdraw_entries = [
                {
                    "path": reverse("proposals:unsupport", args=[proposal]),
                    "cookie": by_user[citizen].cookie,
                    "csrf": by_user[citizen].csrf,
                    "addr": by_user[citizen].address,
                }
                for proposal, citizen in sorted(cast, key=lambda pair: (pair[1] % 97, pair))
            ]
            if withdraw_entries:
                row = wrk(
                    "support withdraw (fetch POST, distinct citizens)",
                    server.port, folder, withdraw_entries, args, method="POST",
                )  # fmt: skip
                row.queries = str(queries.get("support withdraw", ""))
                rows.append(row)
                report.emit("  " + _text(row, rows[0].rps))
            report.emit(
                f"  supports cast by the {len(citizens)} bench citizens: {len(cast):,}; "
                f"left after the withdrawals: "
                f"{Support.objects.filter(citizen__in=[c.user for c in citizens]).count():,}"
            )
        rows.append(wrk("floor (/healthz), end", server.port, folder, floor_entries, args))
        report.emit("  " + _text(rows[-1], rows[0].rps))
        peak = {pid: memory(pid).get("VmHWM", 0) for pid in server.worker_pids()}
        master = memory(server.process.pid).get("VmHWM", 0)
    finally:
        server.stop()
        if args.keep_logs:
            report.emit(f"  gunicorn log: {server.log}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    uncached = uncached_rows(urls, queries, folder_args=args)
    floor = (rows[0].rps + rows[-1].rps) / 2
    checks = integrity()
    failed = sum(row.failed for row in rows + uncached)
    sockets = sum(row.socket_errors for row in rows + uncached)
    lines = [
        "## Over HTTP",
        "",
        *header,
        f"- Server: gunicorn {args.workers} sync workers on loopback, settings "
        "`demo.bench.settings` (production's, static files by WhiteNoise from the source "
        "folders), PostgreSQL and Redis on the same machine",
        f"- Load: wrk {THREADS} threads, {args.connections} connections, {args.duration} s per "
        "row; anonymous rows give each request its own client address (X-Forwarded-For), "
        f"signed-in rows use {len(citizens)} distinct citizens' sessions",
        f"- Floor: `/healthz` through the whole middleware stack, {rows[0].rps:,.0f} req/s at "
        f"the start and {rows[-1].rps:,.0f} at the end; ratios are to their mean, {floor:,.0f}",
        "",
        *TABLE_HEAD,
    ]
    lines += table_lines(rows, floor, queries)
    if uncached:
        uncached_floor = (uncached[0].rps + uncached[-1].rps) / 2
        lines += [
            "",
            "Without the page cache (a second server, `PAGE_CACHE=off`, same data; ratios to "
            f"its own floor, {uncached_floor:,.0f} req/s):",
            "",
            *TABLE_HEAD,
            *table_lines(uncached, uncached_floor, queries),
        ]
    lines += [
        "",
        *csv_lines,
        "- Peak memory (VmHWM): workers "
        + ", ".join(f"{value / 2**20:.0f} MB" for value in peak.values())
        + f"; master {master / 2**20:.0f} MB",
        f"- Errors: {failed} answers 5xx, {sockets} socket errors or timeouts",
        "- Supports recounted after the run: "
        + "; ".join(f"{name} {value:,}" for name, value in checks.items()),
        "",
        "SQL/request: each request once through Django's test client (a negative number is the "
        "status of a refused request). The support rows POST as the page's script does "
        "(`X-Requested-With: fetch`); a 4xx there is a request the rules refused (a citizen's "
        "limit, or a pair already cast once the list of pairs came round again).",
    ]
    report.emit("")
    for line in lines[lines.index("") + 1 :]:
        report.emit("  " + line if line else "")
    return lines


TABLE_HEAD = (
    "| row | req/s | p50 ms | p99 ms | ratio to floor | SQL/request | requests | 4xx | 5xx |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
)
UNCACHED_LABELS = ("proposal list, most supported, page 1", "proposal page (most supported)")


def uncached_rows(urls, queries, folder_args) -> list[Row]:
    """The anonymous proposal list and page again on a server without the page cache, between
    two floors of its own: what a visitor meets right after a change, or with the cache off."""
    args = folder_args
    chosen = [(label, url) for label, url in urls if label in UNCACHED_LABELS]
    folder = Path(tempfile.mkdtemp(prefix="civic-bench-uncached-"))
    log = folder / "gunicorn.log"
    server = Server(workers=args.workers, log=log, extra_env={"PAGE_CACHE": "off"})
    rows: list[Row] = []
    try:
        server.start()
        for _n in range(20):
            fetch(server.port, "/healthz")
        floor_entries = [{"path": "/healthz"}]
        rows.append(wrk("floor (/healthz), start", server.port, folder, floor_entries, args))
        for label, url in chosen:
            rows.append(wrk(f"{label}, uncached", server.port, folder, [{"path": url}], args))
            rows[-1].queries = str(queries.get(label, ""))
        rows.append(wrk("floor (/healthz), end", server.port, folder, floor_entries, args))
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    for row in rows:
        print("  " + _text(row, rows[0].rps), flush=True)
    return rows


def table_lines(rows: list[Row], floor: float, queries: dict) -> list[str]:
    return [
        f"| {row.label} | {row.rps:,.1f} | {row.p50_ms:,.1f} | {row.p99_ms:,.1f} | "
        f"{row.rps / floor:.3f} | {row.queries or queries.get('floor', '')} | "
        f"{row.requests:,} | {row.refused:,} | {row.failed:,} |"
        for row in rows
    ]


def _text(row: Row, floor: float) -> str:
    ratio = row.rps / floor if floor else 0.0
    return (
        f"{row.label:<48} {row.rps:8.1f} req/s  p50 {row.p50_ms:7.1f} ms  p99 {row.p99_ms:7.1f} ms"
        f"  ratio {ratio:.3f}  n={row.requests} 4xx={row.refused} 5xx={row.failed}"
        + (f"  SQL {row.queries}" if row.queries else "")
    )
