# The only commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python writes its bytecode caches (in __pycache__/, ignored by git) even where the environment says
# not to: the suite's many processes (three passes, the servers some tests start) then compile each
# module once instead of once per process (collecting the suite: 3.3 s instead of 6.8 s).
unexport PYTHONDONTWRITEBYTECODE
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The PostgreSQL pass of the suite: its own database per checkout, so parallel clones never collide.
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PG_TEST_DB ?= test_portal_$(shell printf '%s' "$(CURDIR)" | md5sum | cut -c1-8)
PYTEST_ARGS ?=
# Every development command runs with the development settings, whatever .env says; absolute links
# (emails, the attestation's QR code) follow the port the server runs on, unless SITE_URL is set.
SITE_URL ?= http://127.0.0.1:$(PORT)
DEV := DJANGO_SETTINGS_MODULE=portal.settings.development SITE_URL=$(SITE_URL)

PHONY_PERF := worker loadtest loadtest-contention
.PHONY: $(PHONY_PERF) help setup run test lint checks test-sqlite test-postgres pass-sqlite pass-postgres pass-browser bench system-deps messages demo clean

help:
	@echo "make run    - install, migrate, load demo content, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - install, lint, checks, whole suite on SQLite then PostgreSQL"
	@echo "make bench  - benchmarks on realistic volume (20,000 pharmacies)"

$(VENV)/.installed: requirements/dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --python $(PY) -q -r requirements/dev.lock
	touch $@

.env:
	printf 'DJANGO_SETTINGS_MODULE=portal.settings.development\n' > .env

# Debian packages the project needs: gettext (translations), chromium (browser tests),
# poppler-utils (PDF to image when looking at generated PDFs), fonts-dejavu-core (PDF font),
# a Java runtime (the Nu HTML Checker of the HTML validity test).
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || missing="$$missing fonts-dejavu-core"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

messages: $(VENV)/.installed
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

setup: system-deps $(VENV)/.installed .env messages

migrate: setup
	$(DEV) $(PY) manage.py migrate --noinput -v0
	$(DEV) $(PY) manage.py createcachetable

demo: migrate
	$(DEV) $(PY) manage.py load_demo

# The web server and, beside it, the background worker (newsletter, tools ZIP): one command.
# The worker stops with the server (Ctrl+C).
run: demo
	@echo "Portail : http://127.0.0.1:$(PORT)  (comptes de démonstration : voir README.md)"
	@$(DEV) $(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The background worker alone (production runs it as its own service; see docs/deployment.md).
worker: migrate
	$(DEV) $(PY) manage.py db_worker

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

checks: setup
	$(DEV) $(PY) manage.py check
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.production \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ALLOWED_HOSTS=portail.example.org VAR_DIR=$$(mktemp -d) \
	  $(PY) manage.py check --deploy --fail-level WARNING

test-sqlite: setup node_modules/.installed
	@$(MAKE) --no-print-directory pass-sqlite

test-postgres: setup node_modules/.installed
	@$(MAKE) --no-print-directory -j2 --output-sync=recurse pass-postgres pass-browser

# Whether the PostgreSQL server answers (the passes below ask it each time).
PG_UP = $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null
# No PostgreSQL server: an error when one is required (.ci/run), else the pass says it skips.
PG_MISSING = if [ "$(REQUIRE_POSTGRES)" = "1" ]; then \
  echo "ERREUR : PostgreSQL injoignable sur 127.0.0.1:5432 alors que REQUIRE_POSTGRES=1." >&2; exit 1; fi
# pytest's "no test collected" (a PYTEST_ARGS subset with none of a pass's tests) is no failure.
NONE_COLLECTED_IS_OK = status=$$?; [ $$status -eq 5 ] && { echo "(aucun test de cette passe dans la sélection)"; status=0; }; exit $$status

# The passes without their set-up, so that `make test` can run them side by side. Every test but
# the browser journeys runs on both databases; the journeys (Chromium, tests/browser/) run once,
# on PostgreSQL, the production database, in a pass of their own (on SQLite when no PostgreSQL
# server answers and none is required): run twice, they made the suite 3 minutes longer.
pass-sqlite:
	@if $(PG_UP) || [ "$(REQUIRE_POSTGRES)" = "1" ]; then \
	  echo "== Suite on SQLite (browser journeys: in their PostgreSQL pass) =="; marks="not browser"; \
	else \
	  echo "== Suite on SQLite, browser journeys included =="; marks=""; \
	fi; \
	env -u DATABASE_URL $(VENV)/bin/pytest $${marks:+-m "$$marks"} $(PYTEST_ARGS); $(NONE_COLLECTED_IS_OK)

pass-postgres:
	@if $(PG_UP); then \
	  echo "== Suite on PostgreSQL ($(PG_TEST_DB)), browser journeys apart =="; \
	  DATABASE_URL=$(PG_URL) TEST_DATABASE_NAME=$(PG_TEST_DB) \
	    $(VENV)/bin/pytest --create-db -m "not browser" $(PYTEST_ARGS); $(NONE_COLLECTED_IS_OK); \
	else \
	  $(PG_MISSING); echo "== PostgreSQL pass SKIPPED: no server on 127.0.0.1:5432 (set REQUIRE_POSTGRES=1 to make this an error) =="; \
	fi

pass-browser:
	@if $(PG_UP); then \
	  echo "== Browser journeys on PostgreSQL ($(PG_TEST_DB)_browser) =="; \
	  DATABASE_URL=$(PG_URL) TEST_DATABASE_NAME=$(PG_TEST_DB)_browser \
	    $(VENV)/bin/pytest --create-db -m browser $(PYTEST_ARGS); $(NONE_COLLECTED_IS_OK); \
	else \
	  $(PG_MISSING); echo "== Browser journeys: in the SQLite pass (no PostgreSQL server) =="; \
	fi

# Set-up, lint and checks first; then the three passes at the same time (the 2 cores shared by
# the OS), each pass's output printed as a block when it ends; the total time last.
test:
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint checks node_modules/.installed \
	  && $(MAKE) --no-print-directory -j3 --output-sync=recurse pass-sqlite pass-postgres pass-browser; \
	status=$$?; \
	echo "== make test: $$(( $$(date +%s) - start )) s in all (exit $$status) =="; \
	exit $$status

# Benchmarks run on PostgreSQL (the production database) in their own database.
PG_BENCH_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench
bench: setup
	@$(PY) -c "import psycopg; c=psycopg.connect('$(PG_URL)', autocommit=True); \
	  c.execute('CREATE DATABASE portal_bench') if not c.execute(\"SELECT 1 FROM pg_database WHERE datname='portal_bench'\").fetchone() else None"
	$(VENV)/bin/uv pip install --python $(PY) -q -r requirements/bench.lock
	$(DEV) DATABASE_URL=$(PG_BENCH_URL) $(PY) manage.py migrate --noinput -v0
	$(DEV) DATABASE_URL=$(PG_BENCH_URL) $(PY) manage.py createcachetable
	$(DEV) DATABASE_URL=$(PG_BENCH_URL) $(PY) manage.py load_demo
	$(DEV) DATABASE_URL=$(PG_BENCH_URL) $(PY) manage.py run_benchmarks
	@$(MAKE) --no-print-directory loadtest

clean:
	rm -rf $(VENV) node_modules var .env

# Load test (performance): each page alone (built, then cached) and the mix of 50 people walking
# their journeys (locust), gunicorn on the PostgreSQL bench database, the bare-Django ceiling and
# the signed-in write floor beside it (bench/loadtest/). Loopback only; LOADTEST_SECONDS per
# endpoint alone (at most 60), LOADTEST_MIX seconds of mix. `make loadtest-contention` (or
# LOADTEST_ARGS=--contention) measures once more beside a bounded CPU hog on one core (stress-ng).
# Results: var/loadtest-results.json; the tables printed are ready for the README.
LOADTEST_SECONDS ?= 5
LOADTEST_MIX ?= 60
LOADTEST_ARGS ?=
LOADTEST_PORT ?= 8200
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/15
LOADTEST_ENV := DJANGO_SETTINGS_MODULE=portal.settings.production DATABASE_URL=$(PG_BENCH_URL) REQUEST_LOG_LEVEL=WARNING \
  SECRET_KEY=loadtest-only-secret-key-loadtest-only-secret-key ALLOWED_HOSTS=127.0.0.1,localhost \
  SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 VAR_DIR=$(CURDIR)/var/loadtest
loadtest: setup
	@command -v wrk >/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; $$SUDO apt-get install -y -qq wrk >/dev/null; }
	@$(PY) -c "import psycopg; c=psycopg.connect('$(PG_URL)', autocommit=True); \
	  c.execute('CREATE DATABASE portal_bench') if not c.execute(\"SELECT 1 FROM pg_database WHERE datname='portal_bench'\").fetchone() else None"
	$(VENV)/bin/uv pip install --python $(PY) -q -r requirements/bench.lock
	@redis=""; $(PY) -c "import redis; redis.Redis.from_url('$(BENCH_REDIS_URL)', socket_timeout=2).ping()" 2>/dev/null \
	  && redis="REDIS_URL=$(BENCH_REDIS_URL)" || echo "Redis injoignable : cache en mémoire par processus"; \
	env $(LOADTEST_ENV) $$redis $(PY) manage.py migrate --noinput -v0 && \
	env $(LOADTEST_ENV) $$redis $(PY) manage.py createcachetable && \
	env $(LOADTEST_ENV) $$redis $(PY) manage.py collectstatic --noinput -v0 && \
	env $(LOADTEST_ENV) $$redis $(PY) manage.py load_demo --force && \
	env $(LOADTEST_ENV) $$redis $(PY) manage.py loadtest --duration $(LOADTEST_SECONDS) --mix $(LOADTEST_MIX) \
	  --port $(LOADTEST_PORT) $(LOADTEST_ARGS)

loadtest-contention:
	@command -v stress-ng >/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; $$SUDO apt-get install -y -qq stress-ng >/dev/null; }
	@$(MAKE) --no-print-directory loadtest LOADTEST_ARGS="--contention $(LOADTEST_ARGS)"

