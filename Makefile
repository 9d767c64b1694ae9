# Two commands do all set-up on a fresh machine (Python >= 3.11 with venv):
#   make demo   — create/reuse .venv, then run the offline demo of the whole flow
#   make test   — create/reuse .venv, then run the full test suite (what CI runs)
# Real data: set CURRICULUM_DATA_DIR to a folder of pre-downloaded files; ../shared/data is used when present.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | $(PYTHON) -c "import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:12])")
SHARED_DATA := $(abspath ../shared/data)
export CURRICULUM_DATA_DIR ?= $(if $(wildcard $(SHARED_DATA)),$(SHARED_DATA),)
export MPLBACKEND ?= Agg
PYTEST_WORKERS ?= 2

# The remote tests (tests/remote) start a real JupyterHub: its proxy comes from npm, into a local folder.
CHP := .hub-tools/node_modules/.bin/configurable-http-proxy

.PHONY: setup demo test clean hub-tools

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/curriculum demo --out out/demo

$(CHP):
	@if command -v npm >/dev/null; then npm install --no-audit --no-fund --prefix .hub-tools configurable-http-proxy; \
	else echo "npm がありません: tests/remote の JupyterHub の試験は CI 以外では飛ばされます (apt-get install npm)"; fi

hub-tools: $(CHP)

test: $(STAMP) hub-tools
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile

clean:
	rm -rf out practice_data .pytest_cache
