# kpiq: build, test and try it on a Debian or Ubuntu machine that has Swift 6.
#
#   make run     install what is missing, build a release kpiq, open the CRM example
#   make test    install what is missing, build, run every test
#
# Everything an install step needs comes from apt (and pip for duckdb), so a fresh machine
# only needs Swift itself. Each install step first checks, so a second run is a quiet no-op.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

SWIFT ?= swift
PYTHON ?= python3
EXAMPLE ?= examples/crm/model.kpiq

.DEFAULT_GOAL := build
.PHONY: help deps test-deps bench-deps build release run test bench clean

# `install_apt PACKAGE...`: apt-get install as root, through sudo when we are not root.
# The package lists are refreshed only when an install fails without them (a fresh container
# often has none), so the usual case makes no network round trip.
define INSTALL_APT
install_apt() { \
  local sudo=""; \
  if [ "$$(id -u)" -ne 0 ]; then \
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
    else echo "make: need root or sudo to install: $$*" >&2; return 1; fi; \
  fi; \
  echo "make: installing $$* with apt-get" >&2; \
  if ! $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$$@" >/dev/null 2>&1; then \
    $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
    $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$$@" >/dev/null; \
  fi; \
}
endef

help:
	@echo "make deps       install libedit-dev and pkg-config when libedit is missing"
	@echo "make test-deps  deps, plus python3 with duckdb (the differential tests) and chromium (the report tests)"
	@echo "make build      debug build"
	@echo "make release    release build (.build/release/kpiq)"
	@echo "make run        deps + release build, then kpiq -i $(EXAMPLE)"
	@echo "make test       test-deps + build + every test"
	@echo "make bench      the benchmark suite against DuckDB and Polars (BENCH_ROWS=1M,10M BENCH_RUNS=3)"
	@echo "make clean      remove build products (keeps fetched dependencies)"

deps:
	@$(INSTALL_APT); \
	if ! pkg-config --exists libedit 2>/dev/null; then \
	  install_apt libedit-dev pkg-config; \
	  pkg-config --exists libedit || { echo "make: libedit still not found by pkg-config" >&2; exit 1; }; \
	fi

# `install_pip PACKAGE`: pip install for python3, unless python3 can already import it.
# pip may refuse to install into a distribution's Python (PEP 668, "externally managed");
# then the package goes to the user's site-packages instead, which python3 also reads.
define INSTALL_PIP
install_pip() { \
  if $(PYTHON) -c "import $$1" >/dev/null 2>&1; then return 0; fi; \
  if ! command -v $(PYTHON) >/dev/null 2>&1; then install_apt python3 python3-pip; fi; \
  if ! $(PYTHON) -m pip --version >/dev/null 2>&1; then install_apt python3-pip; fi; \
  echo "make: installing $$1 with pip" >&2; \
  local pip_log; pip_log="$$(mktemp)"; \
  if ! $(PYTHON) -m pip install --quiet "$$1" 2>"$$pip_log"; then \
    if grep -qi 'externally.managed' "$$pip_log"; then \
      $(PYTHON) -m pip install --quiet --user --break-system-packages "$$1" || { rm -f "$$pip_log"; return 1; }; \
    else cat "$$pip_log" >&2; rm -f "$$pip_log"; return 1; fi; \
  fi; \
  rm -f "$$pip_log"; \
  $(PYTHON) -c "import $$1" || { echo "make: $$1 installed but python3 cannot import it" >&2; return 1; }; \
}
endef

# Chromium opens the HTML reports in the tests (headless); Debian's package, only when no
# Chromium is on the PATH. When it cannot be installed, the report tests fail, loudly.
test-deps: deps
	@$(INSTALL_APT); $(INSTALL_PIP); install_pip duckdb; \
	if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
	  install_apt chromium; \
	  command -v chromium >/dev/null 2>&1 || { echo "make: chromium still not found after installing it" >&2; exit 1; }; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	.build/release/kpiq -i $(EXAMPLE)

# `swift test` builds what it runs; the separate `swift build` makes sure the executable
# builds too, since no test links it.
test: test-deps
	$(SWIFT) build
	$(SWIFT) test

clean:
	$(SWIFT) package clean

# The benchmark suite (Benchmarks/, BENCHMARKS.md): kpiq against DuckDB and, where it installs,
# Polars, at BENCH_ROWS fact rows; data is generated once into bench-data/ (git-ignored).
# Timings never fail it; a kpiq answer that differs from DuckDB's does.
BENCH_ROWS ?= 1M,10M
BENCH_RUNS ?= 3
BENCH_ARGS ?=

bench-deps: test-deps
	@$(INSTALL_APT); $(INSTALL_PIP); install_pip numpy; \
	install_pip polars || echo "make: Polars could not be installed: the suite runs without it" >&2

bench: bench-deps release
	$(PYTHON) Benchmarks/run.py --rows $(BENCH_ROWS) --runs $(BENCH_RUNS) $(BENCH_ARGS)
