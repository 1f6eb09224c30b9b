"""App mode: the workshop as one web page without code (Voila), served on this computer only.

The page is ``notebooks/app.ipynb``: one cell that shows :class:`helpers.ui.app_form.WorkshopApp`,
the whole workshop with a step menu, one kernel per participant. Its lesson text comes from the
same pages as the notebooks (``helpers.lessons``).

* Kernels are started ahead (Voila's ``preheat_kernel`` and ``pool_size``): the app's cell has run
  before anyone opens the page, so the first form is there at once.
* Leaving the page stops its kernel: Voila sends a beacon on ``beforeunload`` with an ``_xsrf``
  form field read from a cookie that Voila 0.5 never sets on its streamed page, so the request was
  refused (403). The XSRF check is switched off (``disable_check_xsrf``): the server listens on
  loopback, runs no code a page sends (only widget messages reach a kernel) and the only form it
  takes is that shutdown, which needs the kernel's random id.

``python -m helpers app`` (``make app``) runs :func:`serve`. Tests start exactly the same server
with :func:`command` and :func:`environment`.

Offline by construction:

* Voila listens on 127.0.0.1 only, on the port asked for (no silent hop to another port).
* Pages use the ``workshop`` template in ``helpers/voila/share/voila/templates/workshop``: Voila's
  ``lab`` template minus the Font Awesome stylesheets it links from a public CDN (the icon font
  ships inside Voila's own JavaScript bundle) and minus the mermaid loader (also a CDN). Voila finds
  the template through ``JUPYTER_PATH``, which :func:`environment` sets.
* The widget manager (ipywidgets 8) is part of Voila 0.5's local bundle; charts are drawn as SVG
  on the server (see ``helpers.charts``).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path
from typing import Callable

from .i18n import LANGUAGES, t

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: A folder in the layout of a Jupyter data directory: ``voila/templates/workshop/``.
TEMPLATE_ROOT = Path(__file__).resolve().parent / "voila" / "share"
TEMPLATE = "workshop"
HOST = "127.0.0.1"
#: The participant's app: one notebook showing the whole workshop.
APP_NOTEBOOK = PROJECT_ROOT / "notebooks" / "app.ipynb"
#: Kernels kept started ahead for the next participants who open the app.
POOL_SIZE = 2


def notebook_folder(lang: str = "nl", root: str | os.PathLike | None = None) -> Path:
    """The folder of notebooks in ``lang``: ``<root>/<lang>``, by default ``notebooks/<lang>``."""
    return Path(root) / lang if root is not None else PROJECT_ROOT / "notebooks" / lang


def first_notebook(folder: str | os.PathLike) -> Path | None:
    """The check-in notebook (the first ``00-*.ipynb``) of ``folder``, if there is one."""
    found = sorted(Path(folder).glob("00-*.ipynb"))
    return found[0] if found else None


def command(port: int = 8866, target: str | os.PathLike | None = None, lang: str = "nl",
            pool_size: int = POOL_SIZE, ip: str = HOST, extra: tuple[str, ...] = ()) -> list[str]:
    """The exact Voila command line of app mode (run it with :func:`environment`).

    ``target`` is the participant's app (:data:`APP_NOTEBOOK`, the default) or another notebook;
    a folder is served as Voila's list of its notebooks, without kernels started ahead. The
    browser is never opened by Voila itself: :func:`serve` does that once the server answers.
    ``ip`` is the address listened on (a room listens on the laptop's network, see
    :mod:`helpers.room`); ``extra`` are further Voila options."""
    target = Path(target) if target is not None else APP_NOTEBOOK
    ahead = (["--VoilaConfiguration.preheat_kernel=True", f"--VoilaConfiguration.default_pool_size={int(pool_size)}"]
             if target.suffix == ".ipynb" and pool_size > 0 else [])
    return [
        sys.executable, "-m", "voila", str(target),
        *ahead,
        "--Voila.tornado_settings=disable_check_xsrf=True",  # see the module docstring
        # the page's cookies reach the kernel (HTTP_COOKIE): the group this browser chose comes back
        "--VoilaConfiguration.http_header_envs=Cookie",
        # kernels talk to Voila over local sockets: no TCP ports that two kernels started at once
        # could both pick ("Address already in use", a kernel that dies before it answers)
        "--KernelManager.transport=ipc",
        "--no-browser",
        f"--port={int(port)}",
        "--Voila.port_retries=0",           # the printed address must be the real one
        f"--Voila.ip={ip}",                 # this computer only, unless a room asks for its network
        f"--template={TEMPLATE}",           # no CDN (see the module docstring)
        "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--Voila.log_level=ERROR",
        # Voila keeps a page's kernel after the page is left; stop kernels idle for 10 minutes that
        # no page is connected to (an open page is never culled), so memory does not pile up.
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
        *extra,
    ]


def environment(lang: str = "nl", base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for :func:`command`: ``base`` (default ``os.environ``) plus the kernels'
    language (``WORKSHOP_LANG``) and the template folder in front of ``JUPYTER_PATH``."""
    env = dict(os.environ if base is None else base)
    env["WORKSHOP_LANG"] = lang
    paths = [str(TEMPLATE_ROOT)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def url(port: int, notebook: str | None = None) -> str:
    """The address of the app (``notebook`` given: that notebook's page, relative to the folder)."""
    base = f"http://{HOST}:{int(port)}/"
    return f"{base}voila/render/{notebook}" if notebook else base


def port_free(port: int, host: str = HOST) -> bool:
    """Whether a server can listen on ``port`` (connections of a just-stopped server that linger
    in TIME_WAIT do not count, as for the server itself)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, int(port)))
        except OSError:
            return False
    return True


def wait_ready(address: str, proc: subprocess.Popen | None = None, timeout: float = 60.0, below: int = 500) -> bool:
    """Poll ``address`` until it answers (any HTTP status below ``below``: 300 to wait for the page
    itself, not a proxy's "not found" before the server behind it is there); ``False`` when ``proc``
    ends first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(address, timeout=2) as resp:
                if resp.status < below:
                    return True
        except urllib.error.HTTPError as err:
            if err.code < below:
                return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    return False


def stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Ask the server to stop (SIGTERM: Voila then shuts its kernels down) and kill it if it
    has not ended after ``grace`` seconds."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def serve(port: int = 8866, lang: str = "nl", open_browser: bool = True) -> int:
    """Run app mode until Ctrl-C: Voila on 127.0.0.1:``port`` with the participant's app, in
    ``lang`` until a group's own language takes over."""
    if lang not in LANGUAGES:
        print(t("app.bad_language", lang=lang, choices=", ".join(LANGUAGES)), file=sys.stderr)
        return 2
    folder = notebook_folder(lang)
    if not folder.is_dir():
        print(t("app.no_notebooks", lang=lang, path=str(folder)), file=sys.stderr)
        return 2
    if not port_free(port):
        print(t("app.port_busy", lang=lang, port=port, other=port + 1), file=sys.stderr)
        return 2

    home = url(port)  # the app notebook is the server's only page

    def ready() -> None:
        print(t("app.running", lang=lang, url=home), flush=True)
        if open_browser:
            threading.Thread(target=_open, args=(home,), daemon=True).start()

    return run(command(port, APP_NOTEBOOK, lang), environment(lang), home, ready, lang)


def run(cmd: list[str], env: dict[str, str], address: str, ready: Callable[[], None], lang: str,
        cwd: str | os.PathLike | None = None, texts: dict[str, str] | None = None, grace: float = 10.0,
        below: int = 500) -> int:
    """Run the Voila server ``cmd`` (or another server: JupyterHub) until Ctrl-C (or SIGTERM, or the
    terminal closing); call ``ready()`` once ``address`` answers. ``texts`` replaces app mode's
    "starting", "failed" and "stopped" messages; ``grace`` is how long it may take to stop; ``below`` as for
    :func:`wait_ready`. Returns the exit code for the command line."""
    texts = texts or {}
    print(texts.get("starting") or t("app.starting", lang=lang), flush=True)
    # The server runs in its own session: Ctrl-C in the terminal reaches this process only, which then
    # stops it with SIGTERM (a clean shutdown of its kernels, no KeyboardInterrupt in the server).
    proc = subprocess.Popen(cmd, env=env, cwd=str(cwd or PROJECT_ROOT), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=(os.name != "nt"))
    quiet = threading.Event()
    threading.Thread(target=_relay, args=(proc, quiet), daemon=True).start()
    previous = _stop_on_signals()
    try:
        if not wait_ready(address, proc, timeout=120, below=below):
            stop(proc)
            print(texts.get("failed") or t("app.failed", lang=lang, code=proc.returncode), file=sys.stderr)
            return 1
        ready()
        code = proc.wait()
        return 0 if code in (0, -signal.SIGINT, -signal.SIGTERM) else code
    except KeyboardInterrupt:
        quiet.set()  # what Voila prints while it shuts down is noise here
        try:
            stop(proc, grace=grace)
        except KeyboardInterrupt:  # pressed again: no more waiting
            proc.kill()
            proc.wait()
        print("\n" + (texts.get("stopped") or t("app.stopped", lang=lang)), flush=True)
        return 0
    finally:
        if proc.poll() is None:  # any other way out must not leave a server behind
            proc.kill()
            proc.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop_on_signals() -> dict:
    """Closing the terminal (SIGHUP) or ``kill`` (SIGTERM) stop app mode as Ctrl-C does."""
    previous = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            previous[sig] = signal.signal(sig, _interrupt)
    return previous


#: Lines Voila, its kernels and JupyterHub print on every start that say nothing a trainer can act on:
#: the kernels talk to Voila over loopback TCP, which never leaves this computer.
NOISE = (b"Kernel is running over TCP without encryption", b"websocket_ping_timeout",
         b"Setting websocket_ping_timeout",
         # JupyterHub (make hub): an optional HTTP client, and the plain HTTP a room's network has
         b"Could not load pycurl", b"pycurl is recommended", b"Running JupyterHub without SSL")


def _relay(proc: subprocess.Popen, quiet: threading.Event) -> None:
    """Copy the server's output to the terminal (without :data:`NOISE`) until ``quiet`` is set."""
    out = getattr(sys.stdout, "buffer", None)
    for line in iter(proc.stdout.readline, b""):
        if quiet.is_set() or any(n in line for n in NOISE):
            continue
        try:
            if out is not None:
                out.write(line)
            else:
                sys.stdout.write(line.decode("utf-8", errors="replace"))
            sys.stdout.flush()
        except (OSError, ValueError):
            pass


def _open(address: str) -> None:
    try:
        webbrowser.open(address)
    except Exception:  # no browser on this machine: the printed address is enough
        pass
