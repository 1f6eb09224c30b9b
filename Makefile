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

.PHONY: env lab app room trainer trainer-lab hub hub-env agenda test test-fast check bench clean

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

# The room on JupyterHub (workshop/hub): every participant a Unix user of their own, so it runs as root.
# hub-env makes the environment every user can read: a copy of the toolkit and a venv of Debian's
# python3.11 under $(HUB_PREFIX) (never under /root, which other users cannot enter; FIELD-NOTES).
HUB_PREFIX ?= /opt/workshop-hub
HUB_PYTHON ?= /usr/bin/python3.11
HUB_PY     := $(HUB_PREFIX)/venv/bin/python
HUB_FILES  := helpers data notebooks workshop/hub workshop/trainer.ipynb workshop/dashboard.nl.ipynb workshop/dashboard.en.ipynb \
              pyproject.toml README.md
hub-env: $(STAMP)
	@test "$$(id -u)" = 0 || { echo "make hub needs root (every participant becomes a Unix user): sudo make hub"; exit 2; }
	@test -x $(HUB_PYTHON) || { echo "$(HUB_PYTHON) is missing: apt-get install python3.11 (Debian's own Python)"; exit 2; }
	@command -v configurable-http-proxy >/dev/null || { echo "configurable-http-proxy is missing: npm install -g configurable-http-proxy"; exit 2; }
	@# a fresh copy of the toolkit, readable by everyone (the clone itself may sit in a private folder)
	umask 022 && mkdir -p $(HUB_PREFIX)/toolkit && rm -rf $(addprefix $(HUB_PREFIX)/toolkit/,$(HUB_FILES))
	umask 022 && tar -c -f $(HUB_PREFIX)/toolkit.tar --exclude=__pycache__ $(HUB_FILES) && \
		tar -x -f $(HUB_PREFIX)/toolkit.tar --no-same-owner -C $(HUB_PREFIX)/toolkit && rm $(HUB_PREFIX)/toolkit.tar
	@test -x $(HUB_PY) || (umask 022 && $(BIN)/uv venv --quiet --python $(HUB_PYTHON) $(HUB_PREFIX)/venv)
	@# installed again only when the dependencies changed; bytecode compiled here, since participants
	@# cannot write into the environment
	cmp -s pyproject.toml $(HUB_PREFIX)/.installed || ( umask 022 && \
		$(BIN)/uv pip install --quiet --python $(HUB_PY) --link-mode=copy --compile-bytecode -e "$(HUB_PREFIX)/toolkit[hub]" && \
		($(BIN)/uv pip uninstall --quiet --python $(HUB_PY) rfc3987-syntax || true) && \
		cp pyproject.toml $(HUB_PREFIX)/.installed )
	umask 022 && $(HUB_PY) -m compileall -q $(HUB_PREFIX)/toolkit/helpers
	chmod -R a+rX $(HUB_PREFIX)

# The hub on this machine to try: on loopback (HUB_IP=0.0.0.0 for the room's network), port HUB_PORT;
# prints the address, the room code and the trainer's password. Stop with Ctrl-C.
HUB_IP   ?= 127.0.0.1
HUB_PORT ?= 8000
hub: hub-env
	$(HUB_PY) -m helpers hub --ip $(HUB_IP) --port $(HUB_PORT) --lang $(LANG_DIR) $(if $(CODE),--code $(CODE)) $(if $(ROOM_DIR),--folder $(ROOM_DIR))

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
