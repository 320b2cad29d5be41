# Stuurwiel: `make demo` and `make test` do all set-up on a fresh machine with python3, pip and make.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DAGSTER_HOME := $(CURDIR)/data/dagster_home

.PHONY: demo test lint dashboard dagster install browser pdf-libs clean bench audit fuzz

demo: $(STAMP)  ## virtualenv, install, generate the demo region, run the pipeline, serve the dashboard
	$(BIN)/stuurwiel demo --scale regio

# Both cores (pytest-xdist, one group per module, tests/e2e one group: tests/conftest.py groep), then the browser
# tests on their own: a served dashboard beside a pipeline run on the other core answers too slowly to log in.
# The crash test kills a real load 25 times, about 14 CPU-minutes: its own target `make crash`, which CI runs after
# this one (.ci/run).
test: lint browser audit  ## the linters, pip-audit, then the test suite but the crash test (about 25 minutes on 2 cores)
	$(BIN)/python -m pytest -n 2 --dist loadscope --ignore=tests/browser --ignore=tests/reliability/test_crash.py
	$(BIN)/python -m pytest tests/browser

lint: $(STAMP)  ## ruff for the Python, sqlfluff for the dbt SQL (against an empty throwaway warehouse, never data/)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	home=$$(mktemp -d) && trap 'rm -rf "$$home"' EXIT && mkdir "$$home/data" && \
		cd dbt_project && STUURWIEL_HOME="$$home" ../$(BIN)/sqlfluff lint

# Not part of `make test`: a regio run takes minutes of both cores, land hours. Sources are cached in data/bench/.
# An interrupted run of the same commit resumes where it stopped (benchmarks/voortgang.py); OPNIEUW=1 starts over.
SCALE ?= regio
bench: $(STAMP)  ## the benchmarks of issue 14 at SCALE=gemeente|regio|land; appends to benchmarks/results.md, rewrites BENCHMARKS.md
	$(BIN)/python -m benchmarks.bench --scale $(SCALE) $(if $(OPNIEUW),--opnieuw)

# `make test` runs the reader fuzzing with a few fixed examples; this runs many new ones (about 10 minutes at 2000).
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)  ## fuzz every reader with FUZZ_EXAMPLES random examples per test (tests/security/test_fuzz_readers.py)
	STUURWIEL_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider tests/security/test_fuzz_readers.py

# Kills a real load CRASH_KILLS times over two deliveries, each chain on a core of its own, until reading, gate, dbt
# and publish were each hit in each chain (a fifth of the kills on the messages, whose attempts rebuild 75 models).
# CI runs the default 25 after `make test` (.ci/run); `make crash CRASH_KILLS=100` for a longer run.
CRASH_KILLS ?= 25
.PHONY: crash
crash: $(STAMP)  ## kill a real load CRASH_KILLS times at random points, compare with a clean load (about 10 minutes)
	STUURWIEL_CRASH_KILLS=$(CRASH_KILLS) $(BIN)/python -m pytest -n 2 --dist loadscope -p no:cacheprovider tests/reliability/test_crash.py

# `make test` has readers race 8 publishes of the snapshot (tests/reliability/test_gelijktijdig_lezers.py) and two
# browsers read the served app during 6 (tests/browser/test_lezen_tijdens_publiceren.py); this races
# LEZERS_PUBLICATIES and BROWSER_PUBLICATIES of them, and runs the two concurrent real loads as well (about 3
# CPU-minutes at 60, and about 2 more for the browsers at 30).
LEZERS_PUBLICATIES ?= 60
BROWSER_PUBLICATIES ?= 30
.PHONY: gelijktijdig
gelijktijdig: $(STAMP)  ## readers during many publishes and two loads at once (tests/reliability/test_gelijktijdig_*)
	STUURWIEL_LEZERS_PUBLICATIES=$(LEZERS_PUBLICATIES) $(BIN)/python -m pytest -p no:cacheprovider tests/reliability/test_gelijktijdig_lezers.py tests/reliability/test_gelijktijdig_laden.py
	STUURWIEL_BROWSER_PUBLICATIES=$(BROWSER_PUBLICATIES) $(BIN)/python -m pytest -p no:cacheprovider tests/browser/test_lezen_tijdens_publiceren.py

dashboard: $(STAMP)  ## serve the dashboard on the published snapshot
	$(BIN)/stuurwiel serve

dagster: $(STAMP) $(DAGSTER_HOME)/dagster.yaml  ## the Dagster UI with every asset (http://localhost:3000)
	$(BIN)/dagster dev -m pipelines.definitions

install: $(STAMP)

# Only what the hashed lock names (build tools included), then the project itself without dependencies.
$(STAMP): pyproject.toml requirements.lock | pdf-libs
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Known vulnerabilities in the lock fail the build unless accepted; "NOT DONE" when the data is out of reach.
audit: $(STAMP)  ## pip-audit over requirements.lock (accepted ids with their reason: accepted-vulnerabilities.txt)
	$(BIN)/python ci/audit.py

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

# Browser tests drive Debian's Chromium; install it when missing and we may (CI runs as root).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium not installed: browser tests will be skipped"

# The council report's PDF (WeasyPrint) needs Debian's Pango and a font; install them when missing and we may.
pdf-libs:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -qi dejavu; } || \
		{ [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig >/dev/null; } || \
		echo "libpango or fonts-dejavu missing: the PDF report needs them (apt-get install libpangoft2-1.0-0 fonts-dejavu-core)"

clean:
	rm -rf data/*.duckdb data/inbox data/archive data/demo data/dagster_home data/reports data/dbt dbt_project/target
