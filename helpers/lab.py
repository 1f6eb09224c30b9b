"""Self-study in JupyterLab: ``python -m helpers.lab`` (``make lab``, ``make trainer``).

JupyterLab runs with the configuration in the project's ``lab/`` folder, which :func:`environment`
puts on ``JUPYTER_CONFIG_PATH`` (tests start exactly the same server with :func:`command` and
:func:`environment`):

* ``lab/config/jupyter_server_config.py``: :func:`pre_save_hook` strips what the kernel drew from
  every notebook before it is written (outputs, execution counts, the ``widgets`` metadata), so a
  saved page never shows "Error displaying widget: model not found" the next time; no news, no
  update check, the workshop's own JupyterLab extension (``lab/labextensions/``).
* ``lab/config/labconfig/default_setting_overrides.json``: JupyterLab's defaults for the workshop
  (restarting a kernel asks nothing, widget state is never saved).
* ``lab/<lang>/labconfig/default_setting_overrides.json``: JupyterLab's own menus in the workshop's
  language (the ``jupyterlab-language-pack-nl-NL`` language pack for Dutch).

Settings a participant changes in JupyterLab itself still win over these defaults.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from .i18n import LANGUAGES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The project's Jupyter configuration for ``make lab``.
LAB_ROOT = PROJECT_ROOT / "lab"
#: JupyterLab's locale (a language pack) for each workshop language.
LOCALES = {"nl": "nl_NL", "en": "en"}


# --------------------------------------------------------------------------------------------------
# Saving: nothing the kernel drew is stored

def strip_notebook(nb: dict[str, Any]) -> bool:
    """Remove the outputs and execution counts of every code cell and the ``widgets`` metadata of
    ``nb`` (a notebook as JSON, changed in place). Returns whether anything was removed."""
    changed = False
    metadata = nb.get("metadata")
    if isinstance(metadata, dict) and "widgets" in metadata:
        del metadata["widgets"]
        changed = True
    for cell in nb.get("cells") or ():
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            changed = True
        if cell.get("execution_count") is not None:
            changed = True
        cell["outputs"] = []
        cell["execution_count"] = None
    return changed


def pre_save_hook(model: dict[str, Any], path: str = "", contents_manager: Any = None, **kwargs: Any) -> None:
    """Jupyter server's ``FileContentsManager.pre_save_hook``: a notebook is written without its
    outputs, execution counts and widget state; any other file is left as it is.

    The participant's answers live in the workspace (``helpers.store``), never in the notebook: the
    next time the page is opened, running it draws the form again from the answers on disk."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    if strip_notebook(model["content"]) and contents_manager is not None:
        contents_manager.log.debug("Saving %s without outputs and widget state", path)


# --------------------------------------------------------------------------------------------------
# The server

def config_path(lang: str = "nl") -> list[Path]:
    """The folders ``make lab`` puts in front of ``JUPYTER_CONFIG_PATH``: the language's own
    settings (JupyterLab's menus) and the shared configuration."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    return [LAB_ROOT / lang, LAB_ROOT / "config"]


def environment(lang: str = "nl", base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for :func:`command`: ``base`` (default ``os.environ``) with the folders of
    :func:`config_path` in front of ``JUPYTER_CONFIG_PATH``. The kernels' language is not set:
    each notebook's folder (``notebooks/nl``, ``notebooks/en``) tells it, as before."""
    env = dict(os.environ if base is None else base)
    paths = [str(p) for p in config_path(lang)]
    paths += [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def command(*args: str) -> list[str]:
    """The JupyterLab command line of ``make lab``; ``args`` are JupyterLab's own options and the
    files to open (run it with :func:`environment`)."""
    return [sys.executable, "-m", "jupyterlab", *args]


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.lab [--lang nl|en] [JupyterLab's options and files]``: JupyterLab with
    the workshop's configuration, in place of this process."""
    parser = argparse.ArgumentParser(prog="python -m helpers.lab", description=__doc__.splitlines()[0],
                                     allow_abbrev=False)
    parser.add_argument("--lang", choices=LANGUAGES, default="nl")
    ns, rest = parser.parse_known_args(argv)
    cmd = command(*rest)
    if os.name == "nt":        # no exec on Windows: wait for JupyterLab instead
        return subprocess.call(cmd, env=environment(ns.lang))
    os.execve(cmd[0], cmd, environment(ns.lang))
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
