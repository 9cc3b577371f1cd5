# One Small Thing CMS. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-test run test lint format check clean bench bench-search \
	elasticsearch elasticsearch-stop opensearch opensearch-stop

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed-run: pyproject.toml requirements/constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[elasticsearch7]"
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[test]"
	@touch $@

install: $(VENV)/.installed-run ## Create .venv and install the pinned dependencies

install-test: $(VENV)/.installed-test ## Install the test dependencies as well

run: install ## Set up SQLite, load the demo content and serve on http://127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) create_dev_admin
	$(MANAGE) runserver $(HOST):$(PORT)

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

bench: bench-search ## All benchmarks (figures in var/bench/)

bench-search: install-test elasticsearch opensearch ## Search at 10k and 100k items on every backend
	$(BIN)/python -m tests.bench.search_bench

clean: ## Remove the virtual environment, local database, media and test output
	rm -rf $(VENV) db.sqlite3 media var test-output

ENGINE_SH := bash search/engines/engine.sh

elasticsearch: ## Start Elasticsearch 7.10.2 on :9201 (NODES=3: a three-node cluster)
	@$(ENGINE_SH) start elasticsearch $(NODES)

elasticsearch-stop: ## Stop the Elasticsearch node started by `make elasticsearch`
	@$(ENGINE_SH) stop elasticsearch

opensearch: ## Start OpenSearch 3.8.0 on :9251 (needs Java 21+; NODES=3: a three-node cluster)
	@$(ENGINE_SH) start opensearch $(NODES)

opensearch-stop: ## Stop the OpenSearch node(s) started by `make opensearch`
	@$(ENGINE_SH) stop opensearch
