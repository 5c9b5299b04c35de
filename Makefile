# aiscope developer and CI entry points. Every target works on a fresh
# machine: it installs or builds what it needs, and a second run reuses the
# cache ($AISCOPE_CACHE, default ~/.cache/aiscope; never inside the repo).
#
#   make venv       .venv with the project and its dev extra
#   make render     aiscope render --stack $(STACK) --out $(OUT)
#   make tools      collector, Prometheus + promtool, Node query grammars
#   make test       pytest, with the real tools' paths in the environment
#   make generate   aiscope generate (rewrites the committed generated files)
#   make check      aiscope check (fails when generated files are stale)
#   make golden     pytest --update-golden
#   make bench      bench/run_all.py (also builds telemetrygen)
#   make lint       ruff check + ruff format --check
#
# The tests read these variables (set by `make test`, `make check`, ...):
#   AISCOPE_OTELCOL     collector binary built from tools/otelcol/builder-config.yaml
#   AISCOPE_PROMETHEUS  Prometheus 3 server built from tools/prometheus/go.mod
#   AISCOPE_PROMTOOL    promtool of the same version
#   AISCOPE_NODE_TOOLS  tools/node (parse-query.mjs with its node_modules installed)
#   AISCOPE_TELEMETRYGEN  (make bench only) telemetrygen at the collector's version

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

STACK ?= dev
OUT ?= out/$(STACK)
PYTEST_ARGS ?=
LINT_PATHS := $(wildcard aiscope components tests bench examples)

VENV := .venv
CACHE := $(or $(AISCOPE_CACHE),$(HOME)/.cache/aiscope)
NODE_DIR := tools/node
NODE_STAMP := $(NODE_DIR)/node_modules/.aiscope-npm-ci

.PHONY: help venv render tools otelcol prometheus node telemetrygen \
	test generate check golden bench lint clean

help:
	@sed -n '1,/^$$/p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

venv:
	@tools/bootstrap-python.sh >/dev/null

render: venv
	$(VENV)/bin/aiscope render --stack $(STACK) --out $(OUT)

# --- real tools -----------------------------------------------------------

otelcol:
	@tools/build-otelcol.sh

prometheus:
	@tools/build-prometheus.sh

telemetrygen:
	@tools/build-telemetrygen.sh

node: $(NODE_STAMP)

$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	@echo "[node] npm ci --prefix $(NODE_DIR) (cache $(CACHE)/npm)" >&2
	@npm_config_cache="$(CACHE)/npm" npm ci --prefix $(NODE_DIR) \
		--no-audit --no-fund --loglevel=error >&2
	@touch $@

tools: node
	@$(tool_env); $(show_tools)

# Shell fragment that builds (if needed) and exports the tools' paths. It
# asks the build scripts, a no-op when the tools are cached: they print the
# path last, so the scripts stay the one source of truth for where each tool
# lives. Targets that need the tools depend on `node` and run this fragment.
define tool_env
otelcol_out="$$(tools/build-otelcol.sh)"; \
prom_out="$$(tools/build-prometheus.sh)"; \
export AISCOPE_OTELCOL="$$(tail -n 1 <<<"$$otelcol_out")"; \
export AISCOPE_PROMETHEUS="$$(tail -n 2 <<<"$$prom_out" | head -n 1)"; \
export AISCOPE_PROMTOOL="$$(tail -n 1 <<<"$$prom_out")"; \
export AISCOPE_NODE_TOOLS="$(CURDIR)/$(NODE_DIR)"
endef

define show_tools
echo "tools:"; \
echo "  AISCOPE_OTELCOL=$$AISCOPE_OTELCOL"; \
echo "  AISCOPE_PROMETHEUS=$$AISCOPE_PROMETHEUS"; \
echo "  AISCOPE_PROMTOOL=$$AISCOPE_PROMTOOL"; \
echo "  AISCOPE_NODE_TOOLS=$$AISCOPE_NODE_TOOLS"
endef

# pytest exits 5 when it collected no tests; that must not pass for success.
define run_pytest
rc=0; $(VENV)/bin/pytest $(1) || rc=$$?; \
if [ "$$rc" -eq 5 ]; then echo "pytest collected no tests (exit 5): failing" >&2; exit 1; fi; \
exit "$$rc"
endef

# --- tests and generated files ---------------------------------------------

test: venv node
	@$(tool_env); $(show_tools); $(call run_pytest,-q $(PYTEST_ARGS))

golden: venv node
	@$(tool_env); $(show_tools); $(call run_pytest,-q --update-golden $(PYTEST_ARGS))

generate: venv node
	@$(tool_env); $(show_tools); $(VENV)/bin/aiscope generate

check: venv node
	@$(tool_env); $(show_tools); $(VENV)/bin/aiscope check

bench: venv node
	@$(tool_env); $(show_tools); \
	tg_out="$$(tools/build-telemetrygen.sh)"; \
	export AISCOPE_TELEMETRYGEN="$$(tail -n 1 <<<"$$tg_out")"; \
	$(VENV)/bin/python bench/run_all.py

lint: venv
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)

# Removes what lives in the repo; the cache ($(CACHE)) is kept.
clean:
	rm -rf out $(VENV) $(NODE_DIR)/node_modules .pytest_cache
