# The two commands of README.md: `make demo` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint pytest serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## demo: create the SQLite database under ./data, apply migrations, run the demo job
demo: setup
	$(BIN)/inspection demo

## test: the whole suite: ruff, import contracts, mypy, pytest (SQLite and PostgreSQL)
test: setup lint pytest

lint: setup
	$(BIN)/ruff check inspection tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy inspection

pytest: setup
	$(BIN)/python -m pytest

serve: setup
	$(BIN)/inspection serve

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
