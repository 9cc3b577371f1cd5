# One Small Thing CMS. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Where the site is served: links in the admin, canonical links and the sitemap use it.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL
# The dependencies named in pyproject.toml (the project itself runs from this folder and
# is not installed), with the given extras.
REQUIREMENTS = $(BIN)/python -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + [r for extra in sys.argv[1:] for r in p["optional-dependencies"][extra]]))'

.DEFAULT_GOAL := help
.PHONY: help install install-test run test lint format check clean bench bench-search \
	bench-policy bench-events bench-home bench-serve elasticsearch elasticsearch-stop opensearch opensearch-stop \
	redis redis-stop serve

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed-run: pyproject.toml requirements/constraints.txt
	@echo "== Installing the pinned Python packages into $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	@$(REQUIREMENTS) elasticsearch7 > $(VENV)/requirements-run.txt
	@$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -r $(VENV)/requirements-run.txt
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	@echo "== Installing the pinned test packages into $(VENV)"
	@$(REQUIREMENTS) test > $(VENV)/requirements-test.txt
	@$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -r $(VENV)/requirements-test.txt
	@touch $@

install: $(VENV)/.installed-run ## Create .venv and install the pinned dependencies

# The HTML and accessibility checkers the tests run: vnu.jar (on the installed Java) and
# axe-core. --ignore-scripts: vnu-jar's postinstall would try to download a Java of its own.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

install-test: $(VENV)/.installed-test node_modules/.installed ## Install the test dependencies (Python and npm) as well

run: install ## Set up SQLite, load the demo content and serve on http://127.0.0.1:8000 (PORT=8001 for another port)
	@echo "== Migrating the database (db.sqlite3)"
	@$(MANAGE) migrate --noinput -v 0
	@echo "== Loading the demo content"
	@$(MANAGE) load_demo
	@$(MANAGE) create_dev_admin
	@echo "== Serving $(SITE_URL)/ (admin at $(SITE_URL)/admin/); Ctrl-C stops it"
	@$(MANAGE) runserver $(HOST):$(PORT)

serve: ## Serve as in production: gunicorn and the task worker (needs SECRET_KEY, DATABASE_URL, REDIS_URL, ...)
	@bash cms/services/serve.sh --check-env
	@$(MAKE) --no-print-directory install
	@BIND="$${BIND:-$(HOST):$(PORT)}" bash cms/services/serve.sh

lint: install-test ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-test ## Django system checks and the missing-migrations check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) makemigrations --check --dry-run

test: lint check ## Lint, checks and the whole pytest suite (PostgreSQL when DATABASE_URL is set)
	$(BIN)/python -m pytest

bench: bench-policy bench-events bench-home bench-search bench-serve ## All benchmarks (figures in var/bench/)

bench-search: install-test elasticsearch opensearch ## Search at 10k and 100k items on every backend
	$(BIN)/python -m tests.bench.search_bench

bench-events: install ## Events listing and iCal feed at 2,000 events, text extraction per file type (SQLite)
	$(BIN)/python -m tests.bench.events_bench
	$(BIN)/python -m tests.bench.extraction_bench

bench-home: install ## Public content feeds of 500 articles and 500 podcast episodes (SQLite)
	$(BIN)/python -m tests.bench.home_bench

bench-serve: install ## gunicorn under wrk at 10, 1,000 and 10,000 pages, page cache off and on (Redis, BENCH_SCALES=10,1000)
	@command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk"; exit 1; }
	$(BIN)/python -m tests.bench.serve_bench

bench-policy: install ## Policy workspace at 200 consultations: page times and query counts (SQLite)
	$(BIN)/python -m tests.bench.policy_bench

clean: ## Remove the virtual environment, local database, media and test output
	rm -rf $(VENV) node_modules db.sqlite3 media var test-output

ENGINE_SH := bash search/engines/engine.sh

elasticsearch: ## Start Elasticsearch 7.10.2 on :9201 (NODES=3: a three-node cluster)
	@$(ENGINE_SH) start elasticsearch $(NODES)

elasticsearch-stop: ## Stop the Elasticsearch node started by `make elasticsearch`
	@$(ENGINE_SH) stop elasticsearch

opensearch: ## Start OpenSearch 3.8.0 on :9251 (needs Java 21+; NODES=3: a three-node cluster)
	@$(ENGINE_SH) start opensearch $(NODES)

opensearch-stop: ## Stop the OpenSearch node(s) started by `make opensearch`
	@$(ENGINE_SH) stop opensearch

redis: ## Start Redis (the shared cache) on :6379, no persistence (REDIS_PORT=6390 for another port)
	@bash cms/services/redis.sh start $(REDIS_PORT)

redis-stop: ## Stop the Redis started by `make redis`
	@bash cms/services/redis.sh stop $(REDIS_PORT)
