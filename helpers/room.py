"""The room on the trainer's laptop: the participant app served to a whole room, no internet needed.

``python -m helpers room`` (``make room``) runs the same Voila server as app mode
(:func:`helpers.app.command`) with four differences:

* **It listens on the laptop's network** (the room's wifi or the laptop's hotspot; every
  interface, ``0.0.0.0``), and prints the address participants type, found by
  :func:`lan_address` (a socket's own address towards a private network: nothing is sent).
* **Behind a room code.** The code is Voila's token (jupyter_server's token check, a login cookie
  afterwards). The join address in the QR code carries it (``?token=CODE``); someone who types the
  address gets the page of :mod:`helpers.room_login`, which asks for the code in the room's
  language and forgives case and spaces (:func:`normal_code`).
* **Every group's document in one room folder** (``WORKSHOP_DIR``, by default ``workshop/room``),
  which the trainer's view reads live.
* **Each browser keeps its own group** (``WORKSHOP_ROOM=1``): the kernels never read or write the
  workspace's ``.session.json`` (which one laptop's choice would have changed for all); the app puts
  the chosen group in the page's address and the browser's storage, so a reload comes back to it.

A page can send its kernel only widget messages (Voila's ``allowed_message_types``): nothing a
browser sends runs code. The join page for the projector (the address, the code and a QR code
drawn by ``segno`` as inline SVG, no network) is written to the room folder and opened.
"""
from __future__ import annotations

import html
import os
import secrets
import socket
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import segno

from . import app, render
from .i18n import LANGUAGES, t

__all__ = ["ROOM_FOLDER", "POOL_SIZE", "new_code", "normal_code", "lan_address", "join_url", "qr_svg",
           "join_page", "command", "environment", "serve"]

#: Where the room's group documents are kept unless the trainer names another folder.
ROOM_FOLDER = app.PROJECT_ROOT / "workshop" / "room"
#: Kernels kept started ahead: a room's participants come in waves.
POOL_SIZE = 4
#: Room codes: capitals and digits that cannot be mistaken for each other when read off a wall.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_code(length: int = CODE_LENGTH) -> str:
    """A fresh room code, e.g. ``K7QMX4``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normal_code(typed: str) -> str:
    """A code as typed ("k7q mx4", " K7-QMX4 ") the way it was made: capitals, no spaces or dashes."""
    return "".join(ch for ch in (typed or "").upper() if not ch.isspace() and ch != "-")


def lan_address() -> str:
    """This laptop's address on the room's network (``127.0.0.1`` when it has none).

    A UDP socket "connected" to a private address sends nothing; its own address is the one the
    laptop would use on that network (the wifi, the hotspot or a cable)."""
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((probe, 1))
                address = sock.getsockname()[0]
            except OSError:
                continue
        if address and not address.startswith("127.") and address != "0.0.0.0":
            return address
    return "127.0.0.1"


def join_url(host: str, port: int, code: str | None = None) -> str:
    """The address participants open; with ``code`` the one in the QR code (logs in at once)."""
    base = f"http://{host}:{int(port)}/"
    return f"{base}?token={quote(code)}" if code else base


def qr_svg(data: str) -> str:
    """A QR code of ``data`` as inline SVG (``segno``; large, high contrast, for a projector)."""
    return segno.make(data, error="m").svg_inline(border=2, dark="#000", light="#fff", omitsize=True)


def join_page(host: str, port: int, code: str, lang: str = "nl") -> str:
    """The page for the projector: how to join (address, code, QR code), in ``lang``."""
    address = join_url(host, port)  # shown as it is typed (the template's text filter would break the link)
    return render.render("room_join.html", lang, address=render.markup(html.escape(address)), code=code,
                         qr=render.markup(qr_svg(join_url(host, port, code))))


def environment(lang: str = "nl", folder: str | os.PathLike | None = None,
                base: dict[str, str] | None = None) -> dict[str, str]:
    """App mode's environment plus the room folder (``WORKSHOP_DIR``) and room mode
    (``WORKSHOP_ROOM=1``: a group chosen per browser, never one shared session file)."""
    env = app.environment(lang, base)
    env["WORKSHOP_DIR"] = str(Path(folder) if folder is not None else ROOM_FOLDER)
    env["WORKSHOP_ROOM"] = "1"
    env.pop("WORKSHOP_GROUP", None)
    return env


def command(port: int, code: str, lang: str = "nl", ip: str = "0.0.0.0", pool_size: int = POOL_SIZE) -> list[str]:
    """The Voila command line of a room (run it with :func:`environment`)."""
    return app.command(port, app.APP_NOTEBOOK, lang, pool_size=pool_size, ip=ip, extra=(
        f"--Voila.token={code}",
        "--Voila.identity_provider_class=helpers.room_login.RoomIdentityProvider",
        # kernels started ahead for the people expected, then only a few for latecomers
        "--VoilaConfiguration.multi_kernel_manager_class=helpers.room_kernels.RoomKernelManager",
    ))


def serve(port: int = 8866, lang: str = "nl", code: str | None = None, folder: str | os.PathLike | None = None,
          ip: str = "0.0.0.0", open_browser: bool = True, ahead: int = POOL_SIZE) -> int:
    """Run the room until Ctrl-C: the participant app on the laptop's network behind ``code``
    (a new one when not given), every group in ``folder``, ``ahead`` kernels started before
    anyone comes (as many as the participants expected: each then finds the app ready at once)."""
    if lang not in LANGUAGES:
        print(t("app.bad_language", lang=lang, choices=", ".join(LANGUAGES)), file=sys.stderr)
        return 2
    code = normal_code(code) if code else new_code()
    if len(code) < 4:
        print(t("room.short_code", lang=lang), file=sys.stderr)
        return 2
    if not app.port_free(port, ip):
        print(t("app.port_busy", lang=lang, port=port, other=port + 1).replace("make app", "make room"),
              file=sys.stderr)
        return 2
    room = Path(folder) if folder is not None else ROOM_FOLDER
    try:
        room.mkdir(parents=True, exist_ok=True)
    except OSError:
        print(t("room.no_folder", lang=lang, path=str(room)), file=sys.stderr)
        return 2
    host = lan_address() if ip in ("0.0.0.0", "") else ip

    def ready() -> None:
        page = room / f"join.{lang}.html"
        try:
            page.write_text(join_page(host, port, code, lang), encoding="utf-8")
        except OSError:
            page = None
        print(t("room.running", lang=lang, url=join_url(host, port), code=code, folder=str(room)), flush=True)
        try:
            segno.make(join_url(host, port, code), error="m").terminal(compact=True)
        except (OSError, UnicodeError):  # a terminal that cannot show it: the join page has it
            pass
        if page is not None:
            print(t("room.join_page", lang=lang, path=str(page)), flush=True)
            if open_browser:
                threading.Thread(target=app._open, args=(page.as_uri(),), daemon=True).start()
        if host == "127.0.0.1":
            print(t("room.no_network", lang=lang), flush=True)

    ready_at = f"http://127.0.0.1:{int(port)}/login" if ip in ("0.0.0.0", "") else f"http://{ip}:{int(port)}/login"
    return app.run(command(port, code, lang, ip=ip, pool_size=max(1, int(ahead))), environment(lang, room),
                   ready_at, ready, lang)
