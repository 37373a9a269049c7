# Civic: `make run` serves the demo, `make test` runs the suite. Only Python 3.11 and make needed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The suite runs on this many processes (pytest-xdist); TEST_WORKERS=0 runs it in one.
TEST_WORKERS ?= 2
BENCH_ARGS ?=

.PHONY: run test lint format install migrate messages translations seed bench clean browser-deps help

help:
	@echo "make run    - install, migrate, seed demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test   - run the whole test suite (browser tests need Debian's chromium)"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - seed a city in its own database and print figures (BENCH_ARGS for size)"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

translations: install
	$(PY) manage.py compiletranslations

migrate: translations
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests read axe-core from node_modules; install it when npm is there.
browser-deps:
	@if [ -f node_modules/axe-core/axe.min.js ]; then :; \
	elif command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: accessibility checks in browser tests will be skipped"; fi

test: translations browser-deps
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(PY) manage.py makemessages --locale fa --ignore ".venv/*" --ignore "node_modules/*"

# The benchmark seeds its own database (var/bench.sqlite3, or <database>_bench on PostgreSQL).
bench: translations
	$(PY) -m demo.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var db.sqlite3
