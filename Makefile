# graphkit — the two set-up commands of the README:
#   make demo   install graphkit in .venv and build the map of the sample article (embedded store)
#   make test   install graphkit + test tools (and Chromium when run as root), then run every check
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= graphkit-store
MAP ?= out/musk-putin.html

.PHONY: demo test install install-dev lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,distributed]"

demo: install
	$(BIN)/graphkit ingest data/samples/musk-putin.txt --store $(STORE)
	$(BIN)/graphkit export html --store $(STORE) -o $(MAP) --title "Musk and Putin: who is linked to whom"
	@echo "Map of the sample article: $(abspath $(MAP))"

test: install-dev
	VENV=$(VENV) bash scripts/test.sh

lint: install-dev
	$(BIN)/ruff check graphkit tests benchmarks
	$(BIN)/ruff format --check graphkit tests benchmarks

clean:
	rm -rf $(STORE) out dist build .pytest_cache tests/artifacts tests/neo4j/target
