# Two entry points for a new user: `make demo` and `make test`.
# Both set everything up on a bare machine (Python 3.11 + pip) and are quick
# when already set up.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup browser engines demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# Browser tests drive Debian's Chromium through Playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Engine tests: Virtuoso open source from Debian (started by the tests as their own instance,
# never the system service) and Comunica from npm, installed locally into tools/comunica.
engines:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
		echo "installing Debian's virtuoso-opensource-7-bin for the engine tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			virtuoso-opensource-7-bin >/dev/null; }
	@command -v npm >/dev/null 2>&1 || { \
		echo "installing Debian's npm for the engine tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm >/dev/null; }
	@[ tools/comunica/node_modules/.installed -nt tools/comunica/package-lock.json ] || { \
		echo "installing Comunica into tools/comunica"; \
		cd tools/comunica && npm ci --no-audit --no-fund --loglevel=error >/dev/null && \
		touch node_modules/.installed; }

demo: setup
	$(BIN)/kg build
	$(BIN)/kg tour
	$(BIN)/kg view

lint: setup
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench

test: setup browser engines
	$(BIN)/ruff check kg tests bench
	$(BIN)/pytest

# Every benchmark figure of issue 13 in one run, each beside its target (Markdown on stdout and in
# build/bench/report.md). The default sizes include 1M transfers; for a short run:
#   make bench BENCH_ARGS="--sizes 10000 --virtuoso-size 10000"
BENCH_ARGS ?=
bench: setup engines
	$(BIN)/python bench/run_all.py --out build/bench/report.md $(BENCH_ARGS)

clean:
	rm -rf build .pytest_cache test-artifacts
