# The two commands of the README: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test test-postgres bench chaos clean

install: $(STAMP)

# Reinstall when the dependencies change; an editable install so code edits need no reinstall.
# pip's own lines show the progress (a minute or so the first time); its warnings stay visible.
$(STAMP): pyproject.toml
	@echo "==> $(VENV): a virtual environment with $(PYTHON)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> pip itself, up to date"
	$(BIN)/python -m pip install --upgrade pip
	@echo "==> the project (editable) with its test tools, from pyproject.toml"
	$(BIN)/python -m pip install -e '.[dev]'
	$(BIN)/python -m pip check
	touch $(STAMP)
	@echo "==> installed: $(BIN)/helpdesk"

run: install
	$(BIN)/helpdesk run

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/calendar.py
	$(BIN)/python bench/threads.py
	$(BIN)/python bench/screening.py
	$(BIN)/python bench/events.py
	$(BIN)/python bench/scale.py

# 300 threads while the worker is SIGKILLed three times and the dev server restarted once.
chaos: install
	$(BIN)/python tests/chaos/driver.py --threads 300

clean:
	rm -rf $(VENV) .temporal helpdesk.db .pytest_cache .hypothesis .chaos
