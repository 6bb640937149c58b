# Two commands: `make run` (demo on SQLite at http://127.0.0.1:8000) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DJANGO_DEBUG=1
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key DJANGO_DEBUG=0

.PHONY: run test install install-test migrate demo lint format check load screenshots bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# XStatic-Bootstrap ships only an sdist whose setup.py needs pkg_resources (setuptools < 81).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet "setuptools>=68,<81" wheel
	$(BIN)/pip install --quiet --no-build-isolation "XStatic-Bootstrap>=5.3"
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py seed_demo

run: demo
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-test
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

# The checks CI runs before the suite: lint, format, the layering contracts, types (README, "Development").
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SECRET_KEY=lint-only-secret-key $(BIN)/mypy

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Load test (not part of `make test`): gunicorn with the production settings against DATABASE_URL, or a
# throwaway SQLite file when none is set; 50 simulated officials for 60 seconds (see demo/load.py).
LOAD_DATABASE_URL ?= sqlite:///$(CURDIR)/load.sqlite3
LOAD_ENV = DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-load-only-secret-key} \
	DATABASE_URL=$${DATABASE_URL:-$(LOAD_DATABASE_URL)} MEDIA_ROOT=$${MEDIA_ROOT:-$(CURDIR)/load-media}

load: install
	$(LOAD_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(LOAD_ENV) $(BIN)/python manage.py load --officials $${LOAD_OFFICIALS:-50} --seconds $${LOAD_SECONDS:-60}

# The user guide's pictures (static/help/*.png, committed): the demo on a throwaway database, served by gunicorn,
# taken by Chromium through Playwright (demo/screenshots.py). Run it again when a page of the guide changes.
screenshots: install-test
	$(BIN)/python -m demo.screenshots --output static/help

# The bench (README, "Performance"): one JSON line, on a throwaway database (BENCH_COMMUNES, BENCH_RUNS), with
# the production settings (DEBUG off, the static files' manifest), as a province's servers run.
BENCH_COMMUNES ?= 100
BENCH_RUNS ?= 5
BENCH_ENV = DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-bench-only-secret-key}
bench: install-test
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BENCH_ENV) $(BIN)/python manage.py bench --communes $(BENCH_COMMUNES) --runs $(BENCH_RUNS)
