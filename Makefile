# Two commands do all the set-up: `make lab` and `make test`.
# Each creates the environment in .venv when it is missing (Python 3.11+ needed).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
PORT   ?= 8866
LANG_DIR ?= nl
PYTEST_ARGS ?=

.PHONY: env lab app room trainer trainer-lab agenda test test-fast check bench clean

env: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade uv
	$(BIN)/uv pip install --quiet --python $(PY) --compile-bytecode -e ".[test]"
	@# jsonschema's optional rfc3987_syntax builds parsers at import and costs seconds on every
	@# kernel start (jupyter_server issue 1559); nothing in the toolkit needs it.
	$(BIN)/uv pip uninstall --quiet --python $(PY) rfc3987-syntax || true
	$(PY) -m compileall -q helpers
	@# JupyterLab would offer to fetch Jupyter news from the internet: keep the classroom offline.
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)

# JupyterLab with the configuration in lab/ (helpers/lab.py): saving stores no outputs or widget
# state, opening a page draws its form, JupyterLab's menus in the workshop's language.
lab: $(STAMP)
	$(PY) -m helpers.lab --lang $(LANG_DIR) --ServerApp.root_dir=. $$(ls notebooks/$(LANG_DIR)/00-*.ipynb)

app: $(STAMP)
	$(PY) -m helpers app --port $(PORT) --lang $(LANG_DIR)

# the room on this laptop: the app for every participant on the laptop's network, behind a room
# code (printed with a QR code and a join page for the projector); answers in $(ROOM)
ROOM ?= workshop/room
room: $(STAMP)
	$(PY) -m helpers room --port $(PORT) --lang $(LANG_DIR) --folder $(ROOM) $(if $(CODE),--code $(CODE)) $(if $(PEOPLE),--ahead $(PEOPLE))

# the trainer's screen for the projector, in app mode on this laptop only: it reads $(ROOM) when
# that folder exists (make room), else the results folder
TRAINER_PORT ?= 8867
trainer: agenda
	$(PY) -m helpers trainer --port $(TRAINER_PORT) --lang $(LANG_DIR) $(if $(wildcard $(ROOM)),--folder $(ROOM))

# the same dashboard as a notebook in JupyterLab
trainer-lab: agenda
	$(if $(wildcard $(ROOM)),WORKSHOP_SHARED_DIR=$(ROOM)) $(PY) -m helpers.lab --lang $(LANG_DIR) --ServerApp.root_dir=. workshop/dashboard.$(LANG_DIR).ipynb

# the printable agendas, workshop/agenda.nl.html and .en.html, from data/agenda.yaml
agenda: $(STAMP)
	$(PY) -m helpers agenda --lang nl
	$(PY) -m helpers agenda --lang en

check: $(STAMP)
	$(PY) -m helpers check

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts
