# The two commands of the README's quick start, and the set-up they share.
# Each target builds the virtual environment it needs, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck screenshots installer clean bench-lookup bench-ui bench-startup \
	bench-first-sync \
	bench-payment-commit bench-receipt bench-confirm-print \
	bench-ingest

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/ebill-desktop demo

# The central server's tests also run on PostgreSQL when a URL is given; the one on this
# machine (and CI's) is used unless EBILL_TEST_POSTGRES_URL is set to something else or to "".
EBILL_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export EBILL_TEST_POSTGRES_URL

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

screenshots: $(STAMP)
	$(BIN)/ebill-desktop screenshots --out docs/screenshots

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# A one-folder frozen build of the counter in dist/ebill-desktop/ (see installer/README.md).
installer: $(STAMP)
	$(BIN)/pip install --quiet -e '.[installer]'
	$(BIN)/pyinstaller --noconfirm --distpath dist --workpath build installer/ebill-desktop.spec

# Benchmarks (not part of `make test`): one command each, see docs/performance.md. The first one
# run builds the 1,000,000-consumer cache in benchmarks/data/ (tens of minutes, ~5 GB).
bench-lookup: $(STAMP)
	$(BIN)/python benchmarks/lookup.py

bench-ui: $(STAMP)
	$(BIN)/python benchmarks/ui_lookup.py

bench-startup: $(STAMP)
	$(BIN)/python benchmarks/startup.py

bench-payment-commit: $(STAMP)
	$(BIN)/python benchmarks/payment_commit.py

bench-receipt: $(STAMP)
	$(BIN)/python benchmarks/receipt_render.py

bench-confirm-print: $(STAMP)
	$(BIN)/python benchmarks/confirm_to_print.py

# Seeds the central databases once (benchmarks/data/central-<N>/ and PostgreSQL ebill_bench_<N>).
bench-first-sync: $(STAMP)
	$(BIN)/python benchmarks/first_sync.py --customers 1000000

# Seeds its own central databases (a temporary SQLite file, PostgreSQL ebill_ingest), ~5 min.
bench-ingest: $(STAMP)
	$(BIN)/python benchmarks/ingest.py
