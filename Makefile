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

# The language of `make lab` and `make app`: nb (default), nn or en.
LANGUAGE ?= nb

# JupyterLab on notebooks/ in Norwegian bokmål (jupyterlab-language-pack-no-NO). JupyterLab has no
# nynorsk pack, so LANGUAGE=nn gets the bokmål menus (labsetup says so); LANGUAGE=en the built-in English.
lab: $(STAMP)
	$(BIN)/python -m casekit.apps.labsetup $(LANGUAGE)
	$(BIN)/jupyter lab --notebook-dir=notebooks

# Voilà app mode: every participant notebook in bokmål, no code on screen (LANGUAGE=nn or en for the others).
app: $(STAMP)
	$(BIN)/casekit app --language $(LANGUAGE)

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf build .pytest_cache .coverage dist
