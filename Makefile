# Two entry points for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
NPM ?= npm
# Browser libraries (YASGUI, Cytoscape.js) come from npm at install time into web/static/vendor/.
VENDOR_STAMP := web/static/vendor/.installed

.PHONY: install run test lint

$(BIN)/ofsted-kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

ifneq ($(wildcard package.json),)
$(VENDOR_STAMP): package.json package-lock.json scripts/vendor_assets.py
	$(NPM) ci --no-audit --no-fund
	$(PYTHON) scripts/vendor_assets.py
	touch $@

install: $(BIN)/ofsted-kg $(VENDOR_STAMP)
else
install: $(BIN)/ofsted-kg
endif

# Build the graph from the bundled sample reports, then serve it on http://127.0.0.1:$(PORT).
run: install
	$(BIN)/ofsted-kg build data/seeds
	$(BIN)/ofsted-kg serve --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint
	$(BIN)/python -m pytest
