# wharf_credit — two commands set up a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
FLASK  := $(VENV)/bin/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000
STAMP  := $(VENV)/.installed

.PHONY: run test e2e install lint bench bench-growth rules-check translations screenshots mutation clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# Reinstall only when the package metadata changes.
$(STAMP): setup.cfg pyproject.toml | $(PY)
	$(PIP) install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Checks the rules, creates/upgrades the SQLite DB in instance/, seeds the demo once, serves on 127.0.0.1 with the
# task worker (huey consumer, queue in instance/queue.sqlite3) beside it; Ctrl-C stops both.
run: install
	$(FLASK) rules check
	$(FLASK) init-db
	@# The demo's calibrator: trained once on simulated wharf-years (its model card says so), then activated
	@# before the demo data is rated, so the demo's current ratings carry its bounded adjustment.
	$(FLASK) calibrator list | grep -q 'demo-simulated' || \
	  $(FLASK) calibrator train --simulate 30000 --id demo-simulated --owner "demo" >/dev/null
	$(FLASK) calibrator list | grep -q '^\* demo-simulated' || \
	  $(FLASK) calibrator activate demo-simulated
	$(FLASK) seed-demo
	VENV=$(VENV) bash scripts/serve.sh $(HOST) $(PORT)

# The whole suite on SQLite (browser journeys included: scripts/system-deps.sh installs chromium, a CJK font,
# PostgreSQL and redis-server if missing) and, alongside it, everything that touches a database again on a throwaway
# PostgreSQL cluster. A missing browser or server fails the run; so does a half that ran no test.
test: install
	bash scripts/system-deps.sh
	WHARF_CREDIT_REQUIRE_BROWSER=1 bash scripts/test-all.sh $(PY) $(PYTEST_ARGS)

# Only the real-browser journeys (tests/e2e, marker e2e).
e2e: install
	bash scripts/system-deps.sh
	$(PY) -m pytest $(PYTEST_ARGS) -m e2e tests/e2e

lint: install
	$(VENV)/bin/ruff check wharf_credit tests bench

rules-check: install
	$(FLASK) rules check --coverage

# Benchmarks print ratios against a baseline run beside them; results go to docs/performance.md.
bench: install
	$(PY) bench/rate_one.py
	$(PY) bench/api_load.py
	$(PY) bench/calibrator.py
	$(PY) bench/task_queue.py
	$(PY) bench/rerate.py --wharves 100000 --calibrator
	$(PY) bench/rerate.py --wharves 100000 --postgres

# Slow (seeds up to 300,000 wharves): how rate --all grows.
bench-growth: install
	$(PY) bench/growth.py

# The main pages of each role at 390 and 1280 px, in Chinese, into docs/screenshots/ (the README shows a few).
screenshots: install
	bash scripts/system-deps.sh
	$(PY) scripts/screenshots.py

# Mutation testing of domain/ and calibration/adjust.py against the domain's own tests (setup.cfg [mutmut]); not in
# CI: a whole run takes hours on 2 cores. It resumes where it stopped; MUTANTS='wharf_credit.domain.rating.grading*'
# runs a part. One BLAS/OpenMP thread: a worker forked from a process whose thread pool is running hangs.
# The per-module figures go into docs/testing.md.
# mutants/tests is copied afresh: mutmut copies over an old copy, so a test file removed here would stay there.
mutation: install
	rm -rf mutants/tests
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(VENV)/bin/mutmut run $(MUTANTS)
	$(PY) scripts/mutation_report.py --write docs/testing.md

translations: install
	$(PY) scripts/i18n.py sync

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis mutants
