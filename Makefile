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
.PHONY: help deps test-deps build release run test clean

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
	@echo "make clean      remove build products (keeps fetched dependencies)"

deps:
	@$(INSTALL_APT); \
	if ! pkg-config --exists libedit 2>/dev/null; then \
	  install_apt libedit-dev pkg-config; \
	  pkg-config --exists libedit || { echo "make: libedit still not found by pkg-config" >&2; exit 1; }; \
	fi

# pip may refuse to install into a distribution's Python (PEP 668, "externally managed");
# then the package goes to the user's site-packages instead, which python3 also reads.
# Chromium opens the HTML reports in the tests (headless); Debian's package, only when no
# Chromium is on the PATH. When it cannot be installed, the report tests fail, loudly.
test-deps: deps
	@$(INSTALL_APT); \
	if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
	  install_apt chromium; \
	  command -v chromium >/dev/null 2>&1 || { echo "make: chromium still not found after installing it" >&2; exit 1; }; \
	fi; \
	if ! $(PYTHON) -c 'import duckdb' >/dev/null 2>&1; then \
	  if ! command -v $(PYTHON) >/dev/null 2>&1; then install_apt python3 python3-pip; fi; \
	  if ! $(PYTHON) -m pip --version >/dev/null 2>&1; then install_apt python3-pip; fi; \
	  echo "make: installing duckdb with pip" >&2; \
	  pip_log="$$(mktemp)"; \
	  if ! $(PYTHON) -m pip install --quiet duckdb 2>"$$pip_log"; then \
	    if grep -qi 'externally.managed' "$$pip_log"; then \
	      $(PYTHON) -m pip install --quiet --user --break-system-packages duckdb; \
	    else cat "$$pip_log" >&2; rm -f "$$pip_log"; exit 1; fi; \
	  fi; \
	  rm -f "$$pip_log"; \
	  $(PYTHON) -c 'import duckdb' || { echo "make: duckdb installed but python3 cannot import it" >&2; exit 1; }; \
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

# bench: the benchmark suite comes later; it gets its target when it exists.
