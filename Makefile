# casemgmt: see README.md. `make run` and `make test` are the two commands a new machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export CASEMGMT_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: run install install-dev test test-sqlite test-postgres test-fast lint format bandit assets bench bench-matching clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.runtime-installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.runtime-installed

install-dev: $(VENV)/.dev-installed

## The app on its embedded default: SQLite in instance/, demo data, demo sign-ins printed.
run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo "Open http://127.0.0.1:5000 and sign in with one of the accounts above."
	$(FLASK) run --host 127.0.0.1 --port 5000

## The whole suite on SQLite (with the browser test), then again on PostgreSQL.
test: install-dev test-sqlite test-postgres

test-sqlite: install-dev
	$(BIN)/pytest

test-postgres: install-dev
	CASEMGMT_TEST_DATABASE_URL=$(PG_TEST_URL) CASEMGMT_REQUIRE_POSTGRES=1 $(BIN)/pytest -m "not browser"

## Quick local loop: SQLite only, no browser.
test-fast: install-dev
	$(BIN)/pytest -m "not browser" -q

lint: install-dev
	$(BIN)/ruff check casemgmt config tests migrations bench wsgi.py
	$(BIN)/ruff format --check casemgmt config tests migrations bench wsgi.py

format: install-dev
	$(BIN)/ruff check --fix casemgmt config tests migrations bench wsgi.py
	$(BIN)/ruff format casemgmt config tests migrations bench wsgi.py

## Fails on any high-severity finding.
bandit: install-dev
	$(BIN)/bandit -q -r casemgmt -lll

## Figures, not tests: page latency at 1,000,000 incidents on PostgreSQL, query plans, 20 concurrent clients.
## The load generator (locust) lives in its own virtualenv so it never mixes with the app's dependencies.
.venv-bench/.installed: bench/requirements-load.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet -r bench/requirements-load.txt
	touch $@

bench: install-dev .venv-bench/.installed bench-matching
	$(BIN)/python bench/run.py

## Duplicate matching: FEBRL1/2 against Splink, the 100,000-person batch, live lookup over 500,000 people.
$(VENV)/.matching-eval-installed: pyproject.toml $(VENV)/.dev-installed
	$(BIN)/pip install --quiet -e ".[dev,matching-eval]"
	touch $@

bench-matching: $(VENV)/.matching-eval-installed
	$(BIN)/python bench/matching.py

## Rebuild the vendored GOV.UK Frontend / MOJ Frontend assets in static/ (needs npm; the output is committed).
assets:
	bash static/src/build.sh

clean:
	rm -rf $(VENV) .venv-bench instance .pytest_cache
