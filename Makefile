# The two commands of the README: `make book` builds the HTML book, `make test` runs every test.
# Both create the virtual environment .venv from requirements.txt (exact pins) on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD_FLAGS := --warningiserror --nitpick --keep-going

.PHONY: book test test-fast lint clean venv serve node benchmark pdf

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The Node tools of the quality gates (axe-core, the Nu HTML checker, Lighthouse), exact
# versions from package-lock.json. None needs an install script (vnu-jar's would fetch Java).
NODE_STAMP := node_modules/.installed

node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm not found; install Node.js 18.20 or later (apt-get install npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

benchmark: $(STAMP) $(NODE_STAMP)
	$(BIN)/python benchmarks/benchmark.py

# Strict build into _build/.staging, swapped into _build/html only when it passes; the causes
# of a failure are the last lines printed, the full log is _build/build.log (edition/build.py).
book: $(STAMP)
	$(BIN)/python -m edition.build .

# Every test: lint, the strict build of the book (make book), then every test on two workers
# (pytest-xdist, a test module per worker: a module's shared builds and page visits are made
# once). The tests use the book just built (EDITION_SKIP_BUILD=1) instead of building it again.
test: $(STAMP) lint book
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node; \
	else echo "npm not found: the accessibility and markup checks will skip (CI requires them)"; fi
	EDITION_SKIP_BUILD=1 $(BIN)/python -m pytest -n 2 --dist loadfile

# The unit tests only: no book build, no browser (well under a minute).
test-fast: $(STAMP) lint
	$(BIN)/python -m pytest -m "not build and not browser"

# ruff, configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .

# The whole book as one PDF, printed by Debian's Chromium from the single-page HTML build.
pdf: $(STAMP)
	$(BIN)/jupyter-book build . --builder singlehtml $(BUILD_FLAGS)
	/usr/bin/chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--virtual-time-budget=10000 --print-to-pdf=_build/amnesty1945-edition.pdf _build/singlehtml/intro.html

serve: book
	$(BIN)/python -m http.server --directory _build/html 8000

clean:
	rm -rf _build
