# The two commands a newcomer needs are `make test` and `make report`; each sets itself up from nothing.
# Everything runs inside .venv at the repository root, installed from the hashed lock file.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CLASSROOM_STAMP := $(VENV)/.installed-classroom
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet
export PYTHONHASHSEED := 0

.PHONY: help install test unit nbval report lab assignments lint format lock bench clean

help:
	@echo "make test         set up .venv, run unit tests and nbval over notebooks/"
	@echo "make report       set up .venv, execute the notebooks, write the static site to reports/"
	@echo "make lab          open JupyterLab on notebooks/"
	@echo "make assignments  build student and autograder versions into dist/"
	@echo "make lint         ruff check and format check"
	@echo "make bench        speed benchmarks (see bench/README.md)"
	@echo "make lock         regenerate requirements/*.lock with hashes (needs uv)"

install: $(STAMP)

$(STAMP): requirements/requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r requirements/requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

$(CLASSROOM_STAMP): $(STAMP) requirements/classroom.lock
	$(PIP) install --require-hashes --no-deps -r requirements/classroom.lock
	@touch $@

test: $(STAMP)
	$(BIN)/python -m pytest

unit: $(STAMP)
	$(BIN)/python -m pytest tests

nbval: $(STAMP)
	$(BIN)/python -m pytest notebooks

report: $(STAMP)
	$(BIN)/python -m helpers.report --out reports

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

assignments: $(CLASSROOM_STAMP)
	$(BIN)/python -m helpers.classroom build

lint: $(STAMP)
	$(BIN)/ruff check src tests notebooks bench
	$(BIN)/ruff format --check src tests notebooks bench

format: $(STAMP)
	$(BIN)/ruff check --fix src tests notebooks bench
	$(BIN)/ruff format src tests notebooks bench

bench: $(STAMP)
	$(BIN)/python bench/speed.py

lock:
	cd requirements && uv pip compile classroom.in --generate-hashes --python-version 3.11 -o classroom.lock
	cd requirements && uv pip compile requirements.in -c classroom.lock --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf reports dist .pytest_cache
