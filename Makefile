# Every target creates .venv on first use, so a fresh clone needs only `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.casekit-installed
# The notebook kernel must be this venv's Python.
export PATH := $(CURDIR)/$(BIN):$(PATH)
export MPLBACKEND := Agg

.PHONY: demo test lab app hub bench lint format clean

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

# A JupyterHub on this machine with the casekit service, for a trial with deploy/local/cohort.yaml (or
# HUB_COHORT=...): http://127.0.0.1:8000, any cohort user name, password casekit-trial. DummyAuthenticator:
# never for real answers (deploy/local/README.md). Answers in HUB_DIR/answers.sqlite, or CASEKIT_STORE_URL.
HUB_DIR    ?= build/hub
HUB_COHORT ?= deploy/local/cohort.yaml
HUB_ADMIN  ?= admin
HUB_STEP   ?= 3a
CHP        := build/npm/node_modules/.bin/configurable-http-proxy

$(CHP):
	npm install --silent --no-audit --no-fund --prefix build/npm configurable-http-proxy

hub: $(STAMP) $(CHP)
	@mkdir -p $(HUB_DIR)
	$(BIN)/casekit cohort hub-config $(HUB_COHORT) --out $(HUB_DIR)/config --admin $(HUB_ADMIN)
	@# prepare only writes workbooks; the service client it checks the cohort's store with wants a token.
	JUPYTERHUB_API_TOKEN=$${JUPYTERHUB_API_TOKEN:-trial} $(BIN)/casekit cohort prepare $(HUB_COHORT) \
		--out $(HUB_DIR)/workbooks --step $(HUB_STEP)
	CASEKIT_HUB_DIR=$(HUB_DIR) CASEKIT_HUB_ADMIN=$(HUB_ADMIN) $(BIN)/jupyterhub -f deploy/local/jupyterhub_config.py

# Every benchmark, then one table of figures against targets; BENCH="store ui" runs only those.
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py $(BENCH)

clean:
	rm -rf build .pytest_cache .coverage dist
