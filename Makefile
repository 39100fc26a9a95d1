# Postroom: `make run` starts everything on the embedded default, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.installed
export UV_SYSTEM_CERTS := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint clean

install: $(STAMP)

$(STAMP): pyproject.toml uv.lock
	@test -x $(UV) || ($(PYTHON) -m venv $(VENV) && $(VENV)/bin/pip install --quiet "uv==0.13.9")
	$(UV) sync --frozen --quiet
	@touch $(STAMP)

run: install
	$(VENV)/bin/postroom run

test: install
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests

clean:
	rm -rf $(VENV) postroom-data
