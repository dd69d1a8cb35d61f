# casekit: the two entry points are `make kit` and `make test` (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# JupyterLab refuses to start as root (containers, CI machines) without this flag.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Browser tests: Debian's Chromium (never a downloaded browser) and axe-core from npm.
E2E_STAMP := $(VENV)/.e2e-installed
CHROMIUM := /usr/bin/chromium
# Student-side JupyterLab settings (French, no instructor tools), shared with binder/postBuild.
LAB_CONFIG := binder/lab/overrides.json binder/lab/page_config.json binder/lab/nbgrader_config.py binder/lab/install.sh

.PHONY: kit setup test e2e e2e-setup formateur lint bench data notebooks demo clean postgres mutation

$(STAMP): pyproject.toml $(LAB_CONFIG)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e ".[lab,grading]" --group test
	bash binder/lab/install.sh $(BIN)/python
	touch $(STAMP)

$(E2E_STAMP): $(STAMP) tests/e2e/package.json tests/e2e/package-lock.json
	test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || { echo "Installez Chromium (Debian : apt-get install chromium), en root."; exit 1; }
	npm ci --prefix tests/e2e --no-audit --no-fund --silent
	touch $(E2E_STAMP)

e2e-setup: $(E2E_STAMP)

setup: $(STAMP)

## Set up, write the default case's data to datasets/, and open JupyterLab on notebooks/.
kit: $(STAMP)
	$(BIN)/casekit export --force --out datasets/rayons_libres/csv
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/

## PostgreSQL server binaries for the shared-gradebook tests (Debian package, root only).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq postgresql >/dev/null; } || \
	  echo "PostgreSQL absent : installez le paquet Debian postgresql (tests du carnet partagé)."

## Set up and run every test (lint, doctests, unit, notebooks, robustness).
test: $(STAMP)
	@$(MAKE) --no-print-directory postgres
	@$(MAKE) --no-print-directory e2e-setup
	$(BIN)/ruff check casekit tests benchmarks
	$(BIN)/python -m pytest -q

## Only the browser tests (JupyterLab + Chromium + axe-core); screenshots in tests/e2e/output/.
e2e: $(STAMP)
	$(MAKE) --no-print-directory e2e-setup
	$(BIN)/python -m pytest -q -m e2e tests/e2e

## Instructor's JupyterLab: same environment, with nbgrader's Formgrader, Create Assignment, Course List.
formateur: $(STAMP)
	cd grading && JUPYTER_CONFIG_PATH=$(CURDIR)/binder/lab/formateur ../$(BIN)/jupyter lab $(ROOT_FLAG)

## Regenerate the committed veille feeds (datasets/<case>/veille/, default seed).
data: $(STAMP)
	$(BIN)/python -m casekit.veille.export --all

## Rebuild every notebook from its single source: tours (notebooks/_src) and the BC01 course
## (grading/_src/bc01 -> grading/source -> nbgrader -> notebooks/bc01 + notebooks/solutions/bc01).
notebooks: $(STAMP)
	$(BIN)/python notebooks/_src/build.py
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python grading/build.py

## Demo class: 32 seeded submissions in grading/demo/cours, graded with plain nbgrader (autograde + feedback).
demo: $(STAMP)
	rm -rf grading/demo/cours
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python grading/demo/classe_demo.py grading/demo/cours --corriger

## Mutation testing of the analysis modules (not part of `make test`: about 30 min on 2 cores).
## One module: `$(BIN)/python tools/mutation.py metrics`. Table in build/mutation.md.
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet --group mutation
	$(BIN)/python tools/mutation.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache build dist mutants
