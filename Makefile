# Every target creates .venv on first use, so a fresh clone needs only `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.casekit-installed
# The notebook kernel must be this venv's Python.
export PATH := $(CURDIR)/$(BIN):$(PATH)
export MPLBACKEND := Agg

.PHONY: demo test lab app bench lint format clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(STAMP)
	$(BIN)/casekit demo --out build/demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup --cov --cov-branch --cov-report=term

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# JupyterLab on notebooks/ in Norwegian bokmål (jupyterlab-language-pack-no-NO).
lab: $(STAMP)
	$(BIN)/python -m casekit.apps.labsetup
	$(BIN)/jupyter lab --notebook-dir=notebooks

# Voilà app mode: every participant notebook in bokmål, no code on screen (LANGUAGE=en for English).
LANGUAGE ?= nb
app: $(STAMP)
	$(BIN)/casekit app --language $(LANGUAGE)

# Every benchmark, then one table of figures against targets; BENCH="store ui" runs only those.
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py $(BENCH)

clean:
	rm -rf build .pytest_cache .coverage dist
