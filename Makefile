# Two commands a newcomer needs: `make run` (console on SQLite) and `make test` (everything).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Two install stamps: the bot alone (what `make run` needs), and the bot plus the test tools
# (pytest, hypothesis, a Synapse homeserver for the Matrix tests) for `make test`.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test install locales-extract locales-update locales-check bench diagrams clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(RUN_STAMP)

install: $(DEV_STAMP)

run: $(RUN_STAMP)
	$(BIN)/zorgbot chat

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Catalog upkeep: extract the keys used in code, merge them into nl and en.
locales-extract: $(RUN_STAMP)
	$(BIN)/pybabel extract -F locales/babel.cfg -k t -k N_ -o locales/messages.pot --no-location --omit-header .

locales-update: locales-extract
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --omit-header

bench: $(RUN_STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) build *.egg-info
