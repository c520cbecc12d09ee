# The two commands of the README: `make book` builds the HTML book, `make test` runs every test.
# Both create the virtual environment .venv from requirements.txt (exact pins) on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD_FLAGS := --warningiserror --nitpick --keep-going

.PHONY: book test clean venv serve pdf

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)

test: $(STAMP)
	$(BIN)/python -m pytest

# The whole book as one PDF, printed by Debian's Chromium from the single-page HTML build.
pdf: $(STAMP)
	$(BIN)/jupyter-book build . --builder singlehtml $(BUILD_FLAGS)
	/usr/bin/chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--virtual-time-budget=10000 --print-to-pdf=_build/amnesty1945-edition.pdf _build/singlehtml/intro.html

serve: book
	$(BIN)/python -m http.server --directory _build/html 8000

clean:
	rm -rf _build
