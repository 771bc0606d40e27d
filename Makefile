# Warwickshire Prevent website. `make run` serves the demo; `make test` runs lint and the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# A Python 3.12+ interpreter: PYTHON=... overrides; otherwise the first of python3.13,
# python3.12, python3 or a pyenv-installed 3.12+ that actually runs.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
NPM_BIN := node_modules/.bin
SCSS := $(wildcard static/src/scss/*.scss)
JS := $(wildcard static/src/js/*.js)
IMAGES := $(wildcard static/src/images/*)
BUILT := static/build/css/main.css static/build/js/govuk-frontend.js \
	$(JS:static/src/%=static/build/%) $(IMAGES:static/src/%=static/build/%)
# Tests always use PostgreSQL (the server on this machine unless DATABASE_URL says otherwise).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/prevent
# Live-site settings for `check --deploy` (placeholder values: nothing connects to them; the
# database is one that cannot answer, so the demo's own data is not mistaken for a live one's).
DEPLOY_CHECK_ENV := DJANGO_DEBUG=0 DJANGO_ADMIN_REQUIRE_2FA=1 DJANGO_ALLOWED_HOSTS=prevent.example \
	SITE_URL=https://prevent.example DATABASE_URL=postgres://check-deploy@127.0.0.1:1/none \
	DJANGO_SECRET_KEY=check-deploy-only-not-a-real-secret-0123456789abcdefghijklmnop \
	EMAIL_URL=smtp://mail.example:587 CACHE_URL=redis://127.0.0.1:6379/0 \
	REFERRAL_ENCRYPTION_KEYS=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY= \
	MESSAGE_ENCRYPTION_KEYS=bWVzc2FnZS1ub3QtYS1yZWFsLWtleS0zMi1ieXRlcyE=

.PHONY: help run test lint format assets bench migrate demo check-python clean

help:
	@echo "make run     build everything and serve the demo site on http://127.0.0.1:8000"
	@echo "make test    lint, migration check and the whole test suite on PostgreSQL"
	@echo "make lint    ruff checks only      make format   ruff formatter"
	@echo "make bench   load test of the live configuration (README: Benchmark)"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.12 or newer found. Install one (e.g. 'pyenv install 3.12' or your"; \
		echo "system's python3.12 package), or pass its path: make run PYTHON=/path/to/python3.12"; \
		exit 1; fi

$(VENV)/.installed: requirements.txt requirements-dev.txt | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

static/build/css/main.css: $(SCSS) node_modules/.installed
	@mkdir -p $(@D)
	$(NPM_BIN)/sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
		--silence-deprecation=import,global-builtin static/src/scss/main.scss $@

static/build/js/govuk-frontend.js: node_modules/.installed
	@mkdir -p $(@D)
	# GOV.UK Frontend 5's minified build is an ES module that exports its components; it is
	# loaded as a module and its exports become window.GOVUKFrontend, as app.js expects.
	# Without its source map comment: the map is not shipped, and the hashing step would look for it.
	sed -e 's/export{\([A-Za-z,]*\)};/window.GOVUKFrontend={\1};/' -e 's|//# sourceMappingURL=.*||' \
		node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js > $@
	@grep -q 'window.GOVUKFrontend={' $@ || { echo "govuk-frontend.min.js changed shape: see the Makefile"; rm -f $@; exit 1; }

static/build/%: static/src/%
	@mkdir -p $(@D)
	cp $< $@

staticfiles-manifest/staticfiles.json: $(BUILT) $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py collectstatic --noinput --clear -v0

assets: staticfiles-manifest/staticfiles.json

run: $(VENV)/.installed assets
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DJANGO_DEBUG=1 $(PY) manage.py load_site_content
	DJANGO_DEBUG=1 $(PY) manage.py load_demo_content
	@echo "Serving http://127.0.0.1:8000 with a task worker and the scheduler; emails are printed below. Ctrl+C stops all three."
	@trap 'kill 0' EXIT INT TERM; \
		DJANGO_DEBUG=1 DJANGO_ADMIN_REQUIRE_2FA=$${DJANGO_ADMIN_REQUIRE_2FA:-0} $(PY) manage.py worker --interval 1 --no-startup-delay & \
		DJANGO_DEBUG=1 $(PY) manage.py crontask --no-heartbeat & \
		DJANGO_DEBUG=1 DJANGO_ADMIN_REQUIRE_2FA=$${DJANGO_ADMIN_REQUIRE_2FA:-0} $(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(VENV)/.installed assets lint
	DJANGO_DEBUG=1 DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/bandit -c pyproject.toml -r prevent_site core pages training referrals reports -q --severity-level medium
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) -m pytest

# The load test (README "Benchmark"): PostgreSQL, Redis, wrk and nginx on this machine.
bench: $(VENV)/.installed assets
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf static/build staticfiles staticfiles-manifest node_modules/.installed $(VENV)/.installed
