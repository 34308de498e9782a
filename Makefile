# The two commands of the README: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install lock run test lint test-postgres bench bench-full chaos docs clean

install: $(STAMP)

# Reinstall when the dependencies change; an editable install so code edits need no reinstall.
# pip's own lines show the progress (a minute or so the first time); its warnings stay visible.
$(STAMP): pyproject.toml requirements/dev.txt
	@echo "==> $(VENV): a virtual environment with $(PYTHON)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> pip itself, up to date"
	$(BIN)/python -m pip install --upgrade pip
	@echo "==> the locked dependencies, with the test tools and the dev server (requirements/dev.txt)"
	$(BIN)/python -m pip install -r requirements/dev.txt
	@echo "==> the project itself (editable)"
	$(BIN)/python -m pip install --no-deps -e .
	$(BIN)/python -m pip check
	touch $(STAMP)
	@echo "==> installed: $(BIN)/helpdesk"

# The lock files, from pyproject.toml: requirements/production.txt for the image, dev.txt for
# `make install`. Run after changing a dependency; tests/test_lock_files.py checks they agree.
# Not after `install`: that installs the old lock, which a changed pyproject may no longer agree with.
# The project itself stays out of dev.txt (--unsafe-package): pip-compile would pin it by this
# checkout's absolute path; `make install` installs it editable.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install pip-tools
	$(BIN)/pip-compile --no-emit-index-url --no-emit-find-links --strip-extras -q --output-file requirements/production.txt pyproject.toml
	$(BIN)/pip-compile --no-emit-index-url --no-emit-find-links --strip-extras -q --extra dev --extra devserver --unsafe-package swapiphone-helpdesk --output-file requirements/dev.txt pyproject.toml

run: install
	$(BIN)/helpdesk run

test: lint
	$(BIN)/python -m pytest
	@echo "==> R2.1 against determined evasion: recall per kind and language (asserted in tests/rules/test_screening_evasion.py)"
	$(BIN)/python tests/rules/evasion_report.py
	$(BIN)/python tests/rules/evasion_report.py --corpus tests/data/evasion_holdout.jsonl
	$(BIN)/python tests/rules/evasion_report.py --corpus tests/data/evasion_negatives.jsonl

# Formatting, lint and types, all clean (pyproject.toml: [tool.ruff], [tool.mypy]).
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

# The headline ratios of every benchmark against its target, in under five minutes (bench/headline.py);
# bench-full: each at full size, bench/scale.py's 10,000 threads included (about 40 minutes).
bench: install
	$(BIN)/python bench/headline.py

bench-full: install
	$(BIN)/python bench/headline.py --full

# docs/ as a static site in site/ (MkDocs); strict: a broken link or anchor fails the build.
docs: install
	$(BIN)/mkdocs build --strict

# 300 threads while the worker is SIGKILLed three times and the dev server restarted once.
chaos: install
	$(BIN)/python tests/chaos/driver.py --threads 300

clean:
	rm -rf $(VENV) .temporal helpdesk.db .pytest_cache .hypothesis .chaos
