"""The benchmark over HTTP (demo/bench/overhttp.py): it says what it needs, its recount finds
what is wrong, and on a tiny seeded city it drives real gunicorn workers with wrk and fills
every row of its table. Figures are printed, never asserted."""

import argparse
import io
import secrets
import shutil

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from demo.bench import overhttp
from demo.bench.runner import Report
from proposals.models import Proposal, Support, SupportBudget


def test_it_says_what_it_needs(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/db.sqlite3")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert "PostgreSQL" in overhttp.missing_services()
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/civic")
    monkeypatch.delenv("REDIS_URL")
    assert "REDIS_URL" in overhttp.missing_services()
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setattr(overhttp.shutil, "which", lambda name: None)
    assert "apt-get install -y wrk" in overhttp.missing_services()


def test_the_lua_data_file_quotes_what_it_is_given(tmp_path):
    path = overhttp.write_data(
        tmp_path, "POST", 8000, [{"path": '/en/p/1/?q="x"', "cookie": "a=b; c=d"}]
    )
    text = path.read_text()
    assert 'method = "POST"' in text
    assert r'path = "/en/p/1/?q=\"x\""' in text
    assert 'origin = "https://127.0.0.1:8000"' in text


@pytest.fixture
def tiny_city(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command(
        "seed_demo", "--force", "--consultations=6", "--proposals=60", "--citizens=20",
        "--supports=200", stdout=io.StringIO(),
    )  # fmt: skip


def test_the_recount_finds_wrong_counts_duplicates_and_exceeded_limits(tiny_city):
    clean = overhttp.integrity()
    assert clean["proposals whose count differs from its rows"] == 0
    assert clean["budgets that differ from the rows"] == 0
    assert clean["citizens over the consultation's limit"] == 0
    assert clean["supports"] == Support.objects.count() > 0
    supported = Proposal.objects.filter(support_count__gt=0).first()
    Proposal.objects.filter(pk=supported.pk).update(support_count=supported.support_count + 1)
    budget = SupportBudget.objects.filter(used__gt=0).first()
    SupportBudget.objects.filter(pk=budget.pk).update(used=budget.used + 1)
    broken = overhttp.integrity()
    assert broken["proposals whose count differs from its rows"] == 1
    assert broken["budgets that differ from the rows"] == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk (apt-get install -y wrk)")
@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs Redis (set REDIS_URL)")
def test_over_http_on_a_tiny_city(settings):
    settings.SECRET_KEY = secrets.token_urlsafe(50)  # the servers' production settings want one
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command(
        "seed_demo", "--force", "--consultations=6", "--proposals=60", "--citizens=20",
        "--supports=200", stdout=io.StringIO(),
    )  # fmt: skip
    args = argparse.Namespace(
        workers=2, connections=4, duration=3, citizens_http=4, keep_logs=False
    )
    lines = overhttp.run(Report(), args)
    rows = [line.split(" | ") for line in lines if line.startswith("| ") and "---" not in line]
    header, body = rows[0], [row for row in rows if row[0] != "| row"]
    assert header[0] == "| row"
    labels = [row[0].removeprefix("| ") for row in body]
    assert labels[0].startswith("floor") and labels[-1].startswith("floor")
    for expected in ("home", "consultation page", "proposal page", "results page", "API"):
        assert any(expected in label for label in labels), expected
    assert any(label.startswith("support cast") for label in labels)
    assert any(label.startswith("support withdraw") for label in labels)
    # The second table: the same pages from a server without the page cache.
    assert "proposal list, most supported, page 1, uncached" in labels
    assert "proposal page (most supported), uncached" in labels
    for row in body:
        assert int(row[6].replace(",", "")) > 0, f"no request answered: {row[0]}"
        assert row[-1].strip(" |") == "0", f"5xx answers: {row[0]}"
    text = "\n".join(lines)
    assert "proposals.csv` [200]" in text
    assert "duplicate supports 0" in text
    assert "proposals whose count differs from its rows 0" in text
    assert "citizens over the consultation's limit 0" in text
