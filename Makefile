# Rinnalla: `make run` starts everything, `make test` checks everything.
# Both set up .venv first when needed; nothing is reinstalled when nothing changed.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BOT := $(PY) -m bot
SETUP_STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup run test test-unit validate train test-stories test-eval test-integration \
        doctor eval nlu-eval clean browser screenshots speller prod-deps prod-up prod-down \
        test-prod bench audit retention

help:
	@echo "make run            set up, train if needed, start Rasa + actions + web app"
	@echo "make test           set up and run every test (unit, validation, stories, integration)"
	@echo "make doctor         show versions, the active NLU path and what is running"
	@echo "make validate       Rasa data validation (warnings fail) and the content checks"
	@echo "make eval           held-out evaluation of the trained model (targets must be met)"
	@echo "make nlu-eval       compare NLU pipelines, write docs/nlu-evaluation.md"
	@echo "make screenshots    phone and desktop pictures of the widget into docs/screenshots"
	@echo "make prod-up        production topology here: PostgreSQL, Redis, 2 Rasa servers, nginx (:8080)"
	@echo "make prod-down      stop it"
	@echo "make bench          load test against it and Rasa's demo assistant (docs/performance.md)"
	@echo "make retention      delete conversations older than RETENTION_DAYS (default 90)"
	@echo "make audit          pip-audit of the installed packages (docs/operations.md)"
	@echo "make clean          remove trained models, var/ and results (keeps .venv)"

setup: $(SETUP_STAMP)

$(SETUP_STAMP): requirements.txt scripts/setup.sh
	bash scripts/setup.sh
	touch $@

train: setup speller
	$(BOT) train

run: setup train
	$(BOT) run

doctor: setup
	$(BOT) doctor

test: setup
	$(MAKE) --no-print-directory test-unit validate train test-stories test-eval test-integration \
		test-prod
	@bash scripts/audit.sh
	@echo "All tests passed."

test-unit: speller
	$(PY) -m pytest -q tests/unit

# Rasa's data validation and the content checks (bot/content/checks.py), which
# spell-check the answers with Voikko (installed when missing).
speller:
	bash scripts/setup-speller.sh

validate: setup speller
	$(BOT) validate

# tests/stories/*.yml end to end: the text goes through NLU and must give the
# written intent (FAQ topic) and entities, then the written actions.
test-stories:
	$(BOT) rasa test core --model models/rinnalla.tar.gz --stories tests/stories \
		--fail-on-prediction-errors --e2e --out var/results/stories

# A regression floor under today's measured numbers (docs/nlu-evaluation.md).
# `make eval` checks the real targets (topic accuracy 0.95, every topic 0.85).
test-eval:
	$(BOT) eval --no-doc --min-accuracy 0.945 --min-recall 0.82

# The widget's browser tests need Debian's chromium (installed when missing).
browser:
	bash scripts/setup-browser.sh

test-integration: browser
	$(PY) -m pytest -q tests/integration

# Known vulnerabilities in the installed packages (pip-audit in its own venv).
# `make test` prints the findings; `make audit` fails on new ones or when the
# vulnerability data cannot be fetched.
audit: setup
	bash scripts/audit.sh --strict

# Delete conversations older than RETENTION_DAYS (default 90); counts only.
retention: setup
	$(BOT) retention run

# PostgreSQL, Redis and nginx from Debian's packages (installed when missing).
prod-deps:
	bash scripts/setup-prod.sh

prod-up: setup train prod-deps
	$(BOT) prod up

prod-down: setup
	$(BOT) prod down

# Two Rasa servers on PostgreSQL + Redis behind nginx: one conversation on both
# servers, the action server stopped, the database refusing, a server killed.
test-prod: prod-deps
	$(PY) -m pytest -q tests/prod

bench: setup train prod-deps
	$(PY) -m bot.bench --write-doc

screenshots: setup train browser
	RINNALLA_SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -q tests/integration/test_widget.py \
		-k "history_after_reload or invite_link" tests/integration/test_zz_shutdown.py

eval: setup train
	$(BOT) eval

nlu-eval: setup
	$(BOT) nlu-eval

clean:
	rm -rf models var results .rasa
