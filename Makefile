# Dialoog: `make up` runs the whole platform with the demo tenants; `make test` runs every test.
# Needs only Python 3.11+ and make: uv is installed from PyPI when absent.
SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.cache/dialoog/bin/uv)
RUN := "$(UV)" run --frozen --no-sync

.PHONY: help up down status test test-unit test-deploy test-cluster test-calendar fuzz bench sync uv lint clean \
	i18n-extract i18n-update i18n-compile

help:
	@echo "make up      start PostgreSQL, NATS, Temporal, Keycloak, an SMTP sink and every service (demo tenants)"
	@echo "make down    stop everything 'make up' started"
	@echo "make status  health of every component"
	@echo "make test    every test: unit, integration and end-to-end (starts what it needs)"
	@echo "make test-deploy  helm lint/template + Kubernetes API types, and the Compose loader (needs Go; part of make test)"
	@echo "make test-cluster  replicas for real: NATS cluster of 3, two of every service and worker, kills (not in make test)"
	@echo "make test-calendar  the date-sensitive tests on 1 January, 29 February, 30 June, 1, 24 and 31 December"
	@echo "make fuzz    the schemathesis API tests with many more cases (DIALOOG_FUZZ_EXAMPLES, default 200)"
	@echo "make bench   benchmarks, printed beside raw NATS/PostgreSQL figures of the same run (ONLY=keycloak,salaris: some)"
	@echo "make lint    ruff"
	@echo "make i18n-extract  the portal's texts from templates and code into locale/messages.pot (pybabel extract)"
	@echo "make i18n-update   extract, then merge the .pot into the .po files (new texts empty, changed ones fuzzy)"
	@echo "make i18n-compile  the .po files to .mo (make sync does this too); docs/translations.md"

uv:
	@test -x "$(UV)" || python3 scripts/bootstrap_uv.py "$(UV_VERSION)" "$(UV)"

# The bytecode of the dependencies (uv's --compile-bytecode) and of our own packages (compileall)
# is written once here: where PYTHONDONTWRITEBYTECODE is set (this project's CI machine is such a
# one) Python writes none itself, and every process of `make up` and `make test` compiled its
# imports again (8.8 s of CPU a service instead of 3; README, "make up" warm).
sync: uv
	@"$(UV)" sync --frozen --compile-bytecode --group dev $$(python3 scripts/java_group.py)
	@$(RUN) python -m compileall -q -j 0 libs services > /dev/null
	@$(PYBABEL_COMPILE)

up: sync
	@$(RUN) dialoog up

down: uv
	@$(RUN) dialoog down

status: uv
	@$(RUN) dialoog status

# Two pytest-xdist workers (ADR 0040): the stack is started once, a test file stays on one worker,
# all of tests/e2e on one. A plain `pytest` runs one after another.
test: sync
	@scripts/ensure_chromium.sh
	@$(RUN) pytest -n 2 --dist loadfile

test-calendar: sync
	@scripts/ensure_chromium.sh
	@$(RUN) python scripts/test_calendar.py

# The property-based API tests of tests/e2e/test_api_fuzz.py with 200 examples per operation (not
# 6 as in `make test`); DIALOOG_FUZZ_EXAMPLES and DIALOOG_FUZZ_SEED change them.
fuzz: sync
	@DIALOOG_FUZZ_EXAMPLES=$${DIALOOG_FUZZ_EXAMPLES:-200} $(RUN) pytest tests/e2e/test_api_fuzz.py

test-unit: sync
	@$(RUN) pytest libs/*/tests/unit services/*/tests/unit

# The chart and docker-compose.yml verified (tests/deploy, docs/deploy.md "Verifying the chart and
# the Compose file"): Helm, tools/k8svalidate and tools/composeconfig are built with Go once into
# ~/.cache/dialoog/tools. Skipped where Go is missing.
test-deploy: sync
	@$(RUN) pytest tests/deploy

# Replicas on one machine (tests/cluster, docs/adr/0028): `dialoog up --replicas 2` under
# .dialoog/cluster on the ports + 50, 10,000 events and a round of 2,000 while a NATS node, the second
# process of every service and a salaris worker are killed. Outside `make test` (about 15-30 minutes
# here); smaller: DIALOOG_CLUSTER_EVENTS=500 DIALOOG_CLUSTER_EMPLOYEES=100 make test-cluster.
test-cluster: sync
	@DIALOOG_TEST_CLUSTER=1 $(RUN) pytest -s tests/cluster

bench: sync
	@$(RUN) python bench/run.py $(if $(ONLY),--only $(ONLY))

# The portal's translations (docs/translations.md, docs/adr/0031): Dutch message ids in templates and
# code, extracted with Babel (services/portal/babel.cfg) into messages.pot; the .po files under
# locale/<lang>/LC_MESSAGES are the translations (edited by hand or in Weblate); the .mo files are
# compiled from them and not committed.
PORTAL_LOCALE := services/portal/src/dialoog/portal/locale
PYBABEL_COMPILE := $(RUN) pybabel -q compile -d $(PORTAL_LOCALE)

i18n-extract: sync
	@cd services/portal && $(RUN) pybabel -q extract -F babel.cfg --add-comments=NOTE: --strip-comments \
		--no-wrap --sort-output --project=dialoog-portal --copyright-holder=Dialoog \
		-o src/dialoog/portal/locale/messages.pot .

i18n-update: i18n-extract
	@$(RUN) pybabel -q update -i $(PORTAL_LOCALE)/messages.pot -d $(PORTAL_LOCALE) --no-wrap \
		--ignore-obsolete --ignore-pot-creation-date
	@$(PYBABEL_COMPILE)

i18n-compile: uv
	@$(PYBABEL_COMPILE)

lint: sync
	@$(RUN) ruff check .
	@$(RUN) ruff format --check .

clean: down
	rm -rf .dialoog
