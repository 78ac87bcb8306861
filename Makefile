# sitrep: `make demo` shows the product, `make test` checks it, `make bench` measures it.
# Every target sets up the virtual environment first, so each works on a fresh clone.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= sitrep.db

.PHONY: demo test lint types pytest bench install clean web

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[postgres,web,dev]"
	touch $(STAMP)

install: $(STAMP)

# The dashboard's front-end libraries, from the npm registry (web/package-lock.json), copied
# into the package so that `sitrep serve` works offline.
VENDOR := src/sitrep/web/static/vendor
WEB_STAMP := $(VENDOR)/.installed

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp web/node_modules/d3/dist/d3.min.js web/node_modules/topojson-client/dist/topojson-client.min.js \
	   web/node_modules/world-atlas/countries-110m.json $(VENDOR)/
	cp web/node_modules/d3/LICENSE $(VENDOR)/LICENSE.d3
	cp web/node_modules/topojson-client/LICENSE $(VENDOR)/LICENSE.topojson-client
	cp web/node_modules/world-atlas/LICENSE $(VENDOR)/LICENSE.world-atlas
	touch $(WEB_STAMP)

web: $(WEB_STAMP)

demo: $(STAMP) web
	SITREP_DB_URL=$${SITREP_DB_URL:-sqlite:///$(DEMO_DB)} $(BIN)/sitrep db upgrade
	SITREP_DB_URL=$${SITREP_DB_URL:-sqlite:///$(DEMO_DB)} $(BIN)/sitrep ingest demo/articles
	SITREP_DB_URL=$${SITREP_DB_URL:-sqlite:///$(DEMO_DB)} $(BIN)/sitrep report
	@echo
	@echo "Next: '$(BIN)/sitrep articles', '$(BIN)/sitrep show ID', or"
	@echo "      '$(BIN)/sitrep analyze ../shared/seed/article.txt --published 2025-01-24'."
	@echo
	@echo "Dashboard: run '$(BIN)/sitrep serve' and open http://127.0.0.1:8000/ in a browser."

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

test: web lint types pytest

bench: $(STAMP)
	$(BIN)/python -m sitrep.bench

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache web/node_modules $(VENDOR)
