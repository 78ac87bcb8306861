# sitrep: `make demo` shows the product, `make test` checks it, `make bench` measures it.
# Every target sets up the virtual environment first, so each works on a fresh clone.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= sitrep.db

.PHONY: demo test lint types pytest bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[postgres,dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	SITREP_DB_URL=$${SITREP_DB_URL:-sqlite:///$(DEMO_DB)} $(BIN)/sitrep db upgrade
	SITREP_DB_URL=$${SITREP_DB_URL:-sqlite:///$(DEMO_DB)} $(BIN)/sitrep ingest demo/articles
	SITREP_DB_URL=$${SITREP_DB_URL:-sqlite:///$(DEMO_DB)} $(BIN)/sitrep report
	@echo
	@echo "Next: '$(BIN)/sitrep articles', '$(BIN)/sitrep show ID', or"
	@echo "      '$(BIN)/sitrep analyze ../shared/seed/article.txt --published 2025-01-24'."

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

test: lint types pytest

bench: $(STAMP)
	$(BIN)/python -m sitrep.bench

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
