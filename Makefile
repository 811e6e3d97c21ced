# ckanext-simore: the two commands a new user runs are `make demo` and
# `make test`; everything else here is what they are made of.

PYTHON ?= python3
PORT ?= 5000
CKAN_VERSIONS := 2.11 2.12
DEMO_CKAN := 2.12
VENV_ROOT := .venv

.PHONY: demo test lint format $(addprefix test-,$(CKAN_VERSIONS)) services browser bench-search bench-import bench-dashboards bench-picker bench-reports bench-load clean

## make demo: set up everything and serve the portal with sample data.
demo: services $(VENV_ROOT)/ckan-$(DEMO_CKAN)/.ready
	scripts/demo $(VENV_ROOT)/ckan-$(DEMO_CKAN) $(PORT)

## make test: set up everything, lint, and run the whole suite on every CKAN version.
# The versions run side by side (each has its own database: scripts/run-tests);
# each one's output is printed whole when it ends.
test: services browser lint
	$(MAKE) --no-print-directory -j$(words $(CKAN_VERSIONS)) --output-sync=target $(addprefix test-,$(CKAN_VERSIONS))

## make lint: ruff (lint and format check) and mypy on the pure modules.
lint: $(VENV_ROOT)/lint/.ready
	$(VENV_ROOT)/lint/bin/ruff check .
	$(VENV_ROOT)/lint/bin/ruff format --check .
	$(VENV_ROOT)/lint/bin/mypy

## make format: apply ruff's fixes and formatting.
format: $(VENV_ROOT)/lint/.ready
	$(VENV_ROOT)/lint/bin/ruff check --fix .
	$(VENV_ROOT)/lint/bin/ruff format .

# The lint tools' own virtualenv (they need nothing of CKAN).
$(VENV_ROOT)/lint/.ready: requirements/lint.txt
	$(PYTHON) -m venv $(VENV_ROOT)/lint
	$(VENV_ROOT)/lint/bin/pip install --quiet --disable-pip-version-check -r requirements/lint.txt
	touch $@

# A static pattern rule: GNU make applies no implicit rule to phony targets.
$(addprefix test-,$(CKAN_VERSIONS)): test-%: services browser $(VENV_ROOT)/ckan-%/.ready
	scripts/run-tests $(VENV_ROOT)/ckan-$* $(PYTEST_ARGS)

services:
	@scripts/check-services

# The browser tests' Chromium (Debian's package) and axe-core (npm ci).
browser:
	@scripts/ensure-browser

# A virtualenv per CKAN version, rebuilt when the pins change.
$(VENV_ROOT)/ckan-%/.ready: requirements/base.txt requirements/dev.txt requirements/ckan-%.txt
	scripts/make-venv $(PYTHON) $(VENV_ROOT)/ckan-$* requirements/ckan-$*.txt
	touch $@

## make bench-search [DOCS=50000]: search backend latency figures.
bench-search: services $(VENV_ROOT)/ckan-$(DEMO_CKAN)/.ready
	scripts/bench-search $(VENV_ROOT)/ckan-$(DEMO_CKAN) $(or $(DOCS),50000)

## make bench-import [ROWS=n] [RUNS=3]: import the UPR Info extract RUNS times, median/p95 and ratio to package_create.
bench-import: services $(VENV_ROOT)/ckan-$(DEMO_CKAN)/.ready
	RUNS=$(or $(RUNS),3) scripts/bench-import $(VENV_ROOT)/ckan-$(DEMO_CKAN) $(ROWS)

## make bench-dashboards [RECOMMENDATIONS=50000]: p50/p95 of every dashboard page.
bench-dashboards: services $(VENV_ROOT)/ckan-$(DEMO_CKAN)/.ready
	scripts/bench-dashboards $(VENV_ROOT)/ckan-$(DEMO_CKAN) $(or $(RECOMMENDATIONS),50000)

## make bench-picker [RECOMMENDATIONS=300000]: median/p95 of the recommendation picker for what people type.
bench-picker: services $(VENV_ROOT)/ckan-$(DEMO_CKAN)/.ready
	scripts/bench-picker $(VENV_ROOT)/ckan-$(DEMO_CKAN) $(or $(RECOMMENDATIONS),300000)

## make bench-reports [RECOMMENDATIONS=50000]: median/p95 of drafting a report and downloading its DOCX, p50/p95 of the calendar and a draft's page.
bench-reports: services $(VENV_ROOT)/ckan-$(DEMO_CKAN)/.ready
	scripts/bench-reports $(VENV_ROOT)/ckan-$(DEMO_CKAN) $(or $(RECOMMENDATIONS),50000)

## make bench-load [RECOMMENDATIONS=50000] [RUNS=3]: requests/s of the search API and page under gunicorn, with wrk.
bench-load: services $(VENV_ROOT)/ckan-$(DEMO_CKAN)/.ready
	RUNS=$(or $(RUNS),3) scripts/bench-load $(VENV_ROOT)/ckan-$(DEMO_CKAN) $(or $(RECOMMENDATIONS),50000)

clean:
	rm -rf build *.egg-info .cache
