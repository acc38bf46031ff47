# Two commands on a fresh machine: `make reports` and `make test`. Both create .venv on first use.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= data/sample/corpus.yml
REPORT ?= reports/sample
PYTEST_ARGS ?=
DATA ?= ../shared/data
SIZES ?= 1000,3000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: reports test lint format bench scale eval lab clean browser help

help:  ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all]'
	$(BIN)/python -c "import analysis.annotation.pipeline as n; print('spaCy model:', n.resolve_model_name())"
	@touch $(STAMP)

reports: $(STAMP)  ## regenerate the sample reports in reports/sample
	$(BIN)/python -m analysis report $(CORPUS) --out $(REPORT)

test: $(STAMP) browser  ## lint, then the full test suite (real model, papermill, Chromium, Dask)
	$(BIN)/ruff format --check analysis tests benchmarks
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff format check and lint only
	$(BIN)/ruff format --check analysis tests benchmarks
	$(BIN)/ruff check analysis tests benchmarks

format: $(STAMP)  ## apply ruff formatting and safe fixes
	$(BIN)/ruff format analysis tests benchmarks
	$(BIN)/ruff check --fix analysis tests benchmarks

browser:  ## install headless Chromium + chromedriver for the browser tests (Debian packages)
	@bash tools/install-browser.sh

bench: $(STAMP)  ## speed and memory benchmarks (DATA=dir of the datasets; missing ones are skipped)
	$(BIN)/python benchmarks/bench_pipeline.py --data $(DATA)
	$(BIN)/python benchmarks/keyness_speed.py --data $(DATA)
	$(BIN)/python benchmarks/plot_scaling.py

scale: $(STAMP)  ## time and whole-process-tree memory by corpus size (SIZES=1000,3000,10000,30000)
	$(BIN)/python benchmarks/scale.py --sizes $(SIZES)

eval: $(STAMP)  ## quality against gold data (DATA=dir of the datasets; missing ones are skipped)
	$(BIN)/python benchmarks/sourcing_eval.py --data $(DATA)
	$(BIN)/python benchmarks/speaker_eval.py --data $(DATA)
	$(BIN)/python benchmarks/framing_eval.py --data $(DATA)
	$(BIN)/python benchmarks/loaded_language_eval.py --data $(DATA)
	$(BIN)/python benchmarks/keyness_basil.py --data $(DATA)

lab: $(STAMP)  ## JupyterLab on notebooks/
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

clean:  ## remove the environment, caches and generated reports
	rm -rf $(VENV) data/store reports/sample reports/.*.tmp-* .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
