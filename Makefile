# Postroom: `make run` starts everything on the embedded default, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.installed
export UV_SYSTEM_CERTS := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)

ASSETS := src/postroom/web/static/postroom.css

.PHONY: install assets browser letters letter-tools run test lint clean

install: $(STAMP) $(ASSETS) letters

$(STAMP): pyproject.toml uv.lock
	@test -x $(UV) || ($(PYTHON) -m venv $(VENV) && $(VENV)/bin/pip install --quiet "uv==0.13.9")
	$(UV) sync --frozen --quiet
	@touch $(STAMP)

# GOV.UK Frontend from npm, built with Postroom's header and the system font.
assets: $(ASSETS)

$(ASSETS): package.json package-lock.json $(wildcard src/postroom/web/assets/*)
	npm ci --no-audit --no-fund --loglevel=error
	npm run -s build

# The browser tests drive Debian's chromium.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# Letters are laid out by WeasyPrint, which needs Debian's Pango, in Liberation Sans.
LETTER_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation
letters:
	@dpkg -s $(LETTER_PACKAGES) >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(LETTER_PACKAGES))

# Precompiled letters: Ghostscript embeds their fonts, Liberation Sans writes their address, and
# the tests scan them with a real clamd (ClamAV's daemon, no signatures downloaded).
letter-tools:
	@(command -v gs && test -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf \
		&& test -x /usr/sbin/clamd) >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ghostscript fonts-liberation clamav-daemon)

run: install letter-tools
	$(VENV)/bin/postroom run

test: install browser letter-tools
	$(VENV)/bin/python -m pytest --cov --cov-report=term $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests

clean:
	rm -rf $(VENV) postroom-data
