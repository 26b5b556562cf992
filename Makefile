# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
export RASA_TELEMETRY_ENABLED ?= false
VENV := .venv
PY := $(VENV)/bin/python
FTBOT := $(VENV)/bin/ftbot
MODEL := models/nft.tar.gz
# pytest workers: two more than the cores, at most 4 (the end-to-end tests spend much of
# their time waiting on bot processes of ~0.7 GB each; on 2 cores, 4 workers ran the 1,572
# tests in 8 min 25 s against 10 min 51 s for 3, 2026-12-08).
JOBS ?= $(shell n=$$(( $$(nproc 2>/dev/null || echo 2) + 2 )); [ $$n -gt 4 ] && n=4; echo $$n)
export JOBS
TRAINING_INPUTS := config.yml domain.yml $(shell find nlu -name '*.yml' 2>/dev/null) \
  bot/assistant/programme_extractor.py bot/assistant/intent_classifier.py \
  bot/assistant/knowledge_router.py

.PHONY: run test test-fast test-postgres setup db train eval bench lint validate clean lock


$(VENV)/.installed: requirements.lock pyproject.toml
	@py="$$(scripts/find-python310)" || exit 1; \
	  test -x $(PY) || "$$py" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<25" wheel setuptools
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

setup: $(VENV)/.installed

db: setup
	$(FTBOT) db upgrade
	$(FTBOT) db seed --if-empty

$(MODEL): $(TRAINING_INPUTS) | $(VENV)/.installed
	$(FTBOT) train

train: $(MODEL)

run: db train
	$(FTBOT) run

validate: setup
	$(FTBOT) validate

# ruff, then the import contracts: .importlinter current with the packages' "May import"
# lines (devtools/layers.py writes it), and the code keeping them (docs/architecture.md).
LINT := $(VENV)/bin/ruff check bot actions devtools tests && $(PY) -m devtools.layers --check \
  && $(VENV)/bin/lint-imports --no-cache

lint: setup
	$(LINT)

eval: train
	$(FTBOT) eval nlu

# Latency and throughput under load (README, "Performance"); BENCH_ARGS=--smoke for a quick run.
bench: db train
	$(FTBOT) bench $(BENCH_ARGS)

# Test files run in parallel (JOBS workers, one file per worker at a time: its fixtures stay
# together); JOBS=1 runs them one after another.
test: db train
	$(LINT)
	scripts/browser-setup
	$(PY) -m pytest -q -n $(JOBS) --dist loadfile

# The inner loop: no training, none of the tests that need the model or start the bot.
test-fast: db
	$(LINT)
	$(PY) -m pytest -q -m "not slow" -p no:cacheprovider

# The data-layer tests again on PostgreSQL (installs and starts a local server as root).
test-postgres: db
	scripts/postgres-tests

clean:
	rm -rf $(VENV) models reports .rasa

# Developers: after changing dependencies in pyproject.toml, refresh the lock file.
lock: setup
	$(PY) -m pip install --quiet -e ".[dev]"
	{ echo "# Lock file: every package of the environment, pinned (regenerate: make lock)."; \
	  $(PY) -m pip freeze --all --exclude-editable | grep -v "^pip=="; } > requirements.lock
