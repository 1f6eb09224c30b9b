"""The trainer's view in app mode: the dashboard as a page without code (Voila), for the projector.

``python -m helpers trainer`` (``make trainer``) serves ``workshop/trainer.ipynb``, one cell showing
the trainer's dashboard (:mod:`helpers.ui.dashboard_form`), on this computer only (127.0.0.1): the
participants of a room on the same laptop (``make room``) cannot open it. It reads the room's folder
(``workshop/room``) when there is one, else the results folder (:func:`helpers.classroom.results_dir`),
and is live at once: a kernel has built the page before the trainer opens it.

Open the address twice for a projector on a second screen: one window in presentation mode for the
room, one to steer. Both share the clock and what is hidden through the folder (``.timer.json``,
``.moderation.json``), and every participant's app shows the block that runs now.
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from . import app, room
from .classroom import results_dir
from .i18n import LANGUAGES, t

__all__ = ["TRAINER_NOTEBOOK", "PORT", "folder", "command", "environment", "serve"]

#: The trainer's page: one notebook showing the dashboard.
TRAINER_NOTEBOOK = app.PROJECT_ROOT / "workshop" / "trainer.ipynb"
#: The trainer's port: beside the app's and the room's 8866.
PORT = 8867


def folder(asked: str | os.PathLike | None = None) -> Path:
    """The folder the view reads: ``asked``, else the room's folder when it exists, else the results folder."""
    if asked:
        return Path(asked).expanduser()
    return room.ROOM_FOLDER if room.ROOM_FOLDER.is_dir() else results_dir()


def command(port: int = PORT, lang: str = "nl") -> list[str]:
    """The Voila command line of the trainer's view (run it with :func:`environment`): app mode's
    own, with one kernel started ahead."""
    return app.command(port, TRAINER_NOTEBOOK, lang, pool_size=1)


def environment(lang: str = "nl", results: str | os.PathLike | None = None,
                base: dict[str, str] | None = None) -> dict[str, str]:
    """App mode's environment plus the folder the dashboard reads (``WORKSHOP_SHARED_DIR``)."""
    env = app.environment(lang, base)
    env["WORKSHOP_SHARED_DIR"] = str(folder(results))
    return env


def serve(port: int = PORT, lang: str = "nl", results: str | os.PathLike | None = None,
          open_browser: bool = True) -> int:
    """Run the trainer's view until Ctrl-C."""
    if lang not in LANGUAGES:
        print(t("app.bad_language", lang=lang, choices=", ".join(LANGUAGES)), file=sys.stderr)
        return 2
    if not app.port_free(port):
        print(t("trainer.port_busy", lang=lang, port=port, other=port + 1), file=sys.stderr)
        return 2
    where = folder(results)
    if not where.is_dir():
        print(t("trainer.no_folder", lang=lang, path=str(where)), file=sys.stderr)
        return 2
    home = app.url(port)

    def ready() -> None:
        print(t("trainer.running", lang=lang, url=home, folder=str(where)), flush=True)
        if open_browser:
            threading.Thread(target=app._open, args=(home,), daemon=True).start()

    return app.run(command(port, lang), environment(lang, where), home, ready, lang)
