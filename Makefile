# Quick start targets. Both create .venv with the interpreter named by PYTHON.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CMS    ?= ../shared/cms
export BILLBOT_DATABASE_URL ?= sqlite+aiosqlite:///billbot.db

.PHONY: install install-dev demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'

## demo: install, import the CMS files, answer /cpt 77002 26
demo: install
	$(BIN)/billbot data import $(CMS)
	$(BIN)/billbot price 77002 26

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

## test: install, lint, type-check and run every test
test: lint
	$(BIN)/pytest

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) billbot.db billbot.db-* .pytest_cache .mypy_cache .ruff_cache
