# The two commands of the README: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test test-postgres bench clean

install: $(STAMP)

# Reinstall when the dependencies change; an editable install so code edits need no reinstall.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/helpdesk run

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/calendar.py
	$(BIN)/python bench/threads.py
	$(BIN)/python bench/screening.py

clean:
	rm -rf $(VENV) .temporal helpdesk.db .pytest_cache .hypothesis
