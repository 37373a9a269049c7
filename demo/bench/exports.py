"""Figures for the open-data downloads (opendata/downloads): time and memory of streaming the
biggest files through the real view, on the bench database that `python -m demo.bench` seeds.

    python -m demo.bench --only exports --reuse       # on an already seeded bench database
    python -m demo.bench --proposals 100000 --supports 1000000 --citizens 10000 --only exports

The response is read chunk by chunk as a client would, never held whole; the resident set size
of the process is sampled while it streams, so "RSS growth" is how much the server's memory
grew to send the file (flat whatever the size when streaming works). Prints; never judges.
"""

import os
import time
from dataclasses import dataclass

FILES = ("proposals.csv", "ballots.csv")
SAMPLE_EVERY = 50  # chunks between two RSS samples


def rss_bytes() -> int:
    """The process's resident set size now (Linux /proc), 0 where unknown."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@dataclass
class ExportFigure:
    name: str
    status: int
    rows: int
    size: int
    seconds: float
    first_byte: float
    rss_growth: int
    queries: int
    streaming: bool


def stream(client, url: str, name: str) -> ExportFigure:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start_rss = peak = rss_bytes()
    lines = size = chunks = 0
    first_byte = 0.0
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url)
        streaming = response.streaming
        content = response.streaming_content if streaming else [response.content]
        for chunk in content:
            if not first_byte:
                first_byte = time.perf_counter() - start
            size += len(chunk)
            lines += chunk.count(b"\r\n")
            chunks += 1
            if chunks % SAMPLE_EVERY == 0:
                peak = max(peak, rss_bytes())
        seconds = time.perf_counter() - start
        # Read to the end, the response has closed itself (the test client's wrapper).
    peak = max(peak, rss_bytes())
    queries = len(captured.captured_queries)
    # CSV rows end in CRLF; line breaks inside citizens' text are plain LF (civic/text.py).
    return ExportFigure(
        name=name,
        status=response.status_code,
        rows=max(lines - 1, 0),
        size=size,
        seconds=seconds,
        first_byte=first_byte,
        rss_growth=max(peak - start_rss, 0),
        queries=queries,
        streaming=streaming,
    )


def export_figures(files=FILES) -> list[ExportFigure]:
    from django.test import Client
    from django.urls import reverse

    client = Client(raise_request_exception=False)
    warm = client.get(reverse("data:file", kwargs={"filename": "responses.csv"}))
    b"".join(warm.streaming_content)  # URLconf, templates and connection ready
    return [stream(client, reverse("data:file", kwargs={"filename": name}), name) for name in files]
