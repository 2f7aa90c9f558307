# The two commands a newcomer needs are `make test` and `make report`; each sets itself up from nothing.
# Everything runs inside .venv at the repository root, installed from the hashed lock file.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CLASSROOM_STAMP := $(VENV)/.installed-classroom
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet
export PYTHONHASHSEED := 0

.PHONY: help install test unit nbval report notebooks lab assignments assignments-check lint format lock bench validate clean

help:
	@echo "make test         set up .venv, run unit tests and nbval over notebooks/"
	@echo "make report       set up .venv, execute the notebooks, write the static site to reports/"
	@echo "make notebooks    re-execute notebooks/ in place (outputs are committed; nbval checks them)"
	@echo "make lab          open JupyterLab on notebooks/"
	@echo "make assignments  build student and autograder versions into dist/"
	@echo "make assignments-check  grade the solutions (full marks) and untouched student notebooks"
	@echo "make lint         ruff check and format check"
	@echo "make bench        speed benchmarks (see bench/README.md)"
	@echo "make validate     every agreement figure of the README, recomputed"
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

# The classroom group (otter-grader) is installed too: the tests grade the assignments.
test: $(STAMP) $(CLASSROOM_STAMP)
	$(BIN)/python -m pytest

unit: $(STAMP)
	$(BIN)/python -m pytest tests

nbval: $(STAMP)
	$(BIN)/python -m pytest notebooks

report: $(STAMP)
	$(BIN)/python -m helpers.report --out reports

notebooks: $(STAMP)
	$(BIN)/python -m helpers.report --refresh-notebooks

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

assignments: $(CLASSROOM_STAMP)
	$(BIN)/python -m helpers.classroom build

assignments-check: $(CLASSROOM_STAMP)
	$(BIN)/python -m helpers.classroom check

lint: $(STAMP)
	$(BIN)/ruff check src tests notebooks bench assignments
	$(BIN)/ruff format --check src tests notebooks bench assignments

format: $(STAMP)
	$(BIN)/ruff check --fix src tests notebooks bench assignments
	$(BIN)/ruff format src tests notebooks bench assignments

bench: $(STAMP)
	$(BIN)/python bench/speed.py

validate: $(STAMP)
	$(BIN)/python bench/validation.py

lock:
	cd requirements && uv pip compile classroom.in --generate-hashes --python-version 3.11 -o classroom.lock
	cd requirements && uv pip compile requirements.in -c classroom.lock --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf reports dist .pytest_cache
