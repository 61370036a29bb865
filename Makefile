# Two commands a newcomer needs: `make run` (console on SQLite) and `make test` (everything).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install locales-extract locales-update locales-check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/zorgbot chat

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Catalog upkeep: extract the keys used in code, merge them into nl and en.
locales-extract: $(STAMP)
	$(BIN)/pybabel extract -F locales/babel.cfg -k t -k N_ -o locales/messages.pot --no-location --omit-header .

locales-update: locales-extract
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --omit-header

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) build *.egg-info
