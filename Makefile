# The two commands of the README:  `make serve`  and  `make test`.
# Everything else here is what those two need, plus a few conveniences.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

export NO_MKDOCS_2_WARNING := 1
export MPLCONFIGDIR := $(CURDIR)/.cache/matplotlib
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup setup-test serve build html pdf figures vectors test bench lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# stamps: reinstall only when a lock file changes
# every file of the locks is checked against its sha256; the lock lists every dependency,
# so nothing unlisted is pulled in (--no-deps), and pip check proves the set is complete
$(VENV)/.site-installed: requirements/site.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/site.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check
	@touch $@

# torch==2.13.0 is the one package installed without a hash (see requirements/test.lock)
$(VENV)/.test-installed: requirements/test.lock $(VENV)/.site-installed
	$(BIN)/pip install --quiet --no-deps torch==2.13.0
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/test.lock
	$(BIN)/pip check
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.site-installed node_modules/.installed ## install what building the site needs

setup-test: setup $(VENV)/.test-installed ## install what the tests need too

serve: setup ## build and serve the site on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dirty --dev-addr $(HOST):$(PORT)

build: setup ## strict build into site/ with the PDFs (staged: a failed build leaves the previous site)
	$(BIN)/python scripts/build_site.py

html: setup ## strict build into site/ without the PDFs
	$(BIN)/python scripts/build_site.py --no-pdf

pdf: setup ## export the PDFs of the built site/ again (PAPER=letter for US Letter)
	$(BIN)/python scripts/export_pdf.py --paper $(or $(PAPER),a4)

figures: setup ## render every figure into docs/figures (cached)
	$(BIN)/python scripts/render_figures.py

vectors: setup-test ## regenerate the PyTorch reference vectors in tests/numerics/reference
	$(BIN)/python scripts/make_reference_vectors.py

test: setup-test ## run the whole test suite (two workers; JOBS=1 for one)
	$(BIN)/python -m pytest -n $(or $(JOBS),2) --dist loadgroup

bench: setup ## cold build, no-op rebuild, figures alone, PDF export, peak memory
	$(BIN)/python scripts/bench_build.py

lock: ## re-resolve the hashed requirements/*.lock from pyproject.toml (UPGRADE=1: newest versions)
	bash scripts/lock.sh

clean: ## remove generated files (site, caches, figures)
	rm -rf site .cache docs/figures
