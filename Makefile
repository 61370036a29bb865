# Two commands a newcomer needs: `make run` (console on SQLite) and `make test` (everything).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Two install stamps: the bot alone (what `make run` needs), and the bot plus the test tools
# (pytest, hypothesis, a Synapse homeserver for the Matrix tests) for `make test`.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test install locales-update locales-check bench diagrams clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e .
	$(BIN)/python -OO -m tools.lean_bytecode
	touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/python -OO -m tools.lean_bytecode
	touch $@ $(RUN_STAMP)

install: $(DEV_STAMP)

run: $(RUN_STAMP)
	$(BIN)/zorgbot chat

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Catalog upkeep, per capability domain file (locales/<lang>/LC_MESSAGES/<domain>.po):
# update adds the keys the code uses (empty, to translate) and marks unused keys obsolete;
# check fails on a missing, empty, obsolete or placeholder-mismatched key, run-time keys included.
locales-update: $(RUN_STAMP)
	$(BIN)/python tools/locales.py update

locales-check: $(RUN_STAMP)
	$(BIN)/python tools/locales.py check

# Every benchmark in quick mode, then one Markdown table (benchmarks/run.py --full for the README).
bench: $(RUN_STAMP)
	$(BIN)/python -m benchmarks.run

# Every state machine (each dialogue, and any module-level MACHINE) as Mermaid text in docs/diagrams/.
diagrams: $(RUN_STAMP)
	$(BIN)/python tools/diagrams.py

clean:
	rm -rf $(VENV) build *.egg-info
