# Two entry points for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: install run test lint

$(BIN)/ofsted-kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/ofsted-kg

# Build the graph from the bundled sample reports, then serve it on http://127.0.0.1:$(PORT).
run: install
	$(BIN)/ofsted-kg build data/seeds
	$(BIN)/ofsted-kg serve --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint
	$(BIN)/python -m pytest
