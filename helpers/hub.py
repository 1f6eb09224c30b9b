"""The room on JupyterHub: what ``workshop/hub/jupyterhub_config.py`` needs, without JupyterHub itself.

A hub for 20-200 participants, no accounts to prepare (see the configuration file for the hub's side):

* **Joining.** Anyone types a name and the room code on the join page (JupyterHub's built-in
  ``shared-password`` authenticator with ``allow_all``; the code is its user password). The trainer
  logs in as :data:`ADMIN` with a password of its own (32+ characters).
* **A Unix user per participant.** The typed name becomes a safe Unix name (:func:`unix_name`: ``ws-``
  and letters, digits and dashes, never an existing system account such as ``root``); the hub's
  ``pre_spawn_hook`` creates it (:func:`useradd_command`) in the Unix group :data:`GROUP`.
* **The app.** Each participant's server (``jupyterhub-singleuser``) opens the participant app
  (``notebooks/app.ipynb``) through Voila's server extension (:func:`default_url`), with the same
  Voila settings as ``make room`` (:func:`single_user_args`); the trainer's server opens the
  dashboard on the room folder.
* **The room folder** (``WORKSHOP_DIR``): set-group-id and writable for :data:`GROUP`, and every
  server runs with umask ``007`` (:data:`UMASK`), so every participant can save every group's document
  (the store writes ``0666``/``0777`` less the umask; see ``docs/architecture.md``).

``python -m helpers hub`` (``make hub``, as root) runs :func:`serve`: it checks the set-up, makes a
room code and the trainer's password, starts ``jupyterhub`` with the configuration file and stops it
with Ctrl-C.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import sys
import unicodedata
from pathlib import Path

from . import app, render, room
from .i18n import LANGUAGES, t

__all__ = ["CONFIG", "TEMPLATE_PATHS", "GROUP", "ADMIN", "UMASK", "MIN_CODE", "MIN_ADMIN_PASSWORD", "unix_name", "new_code",
           "new_admin_password", "code_problem", "runtime_dir", "default_url", "single_user_command", "single_user_args",
           "single_user_environment", "useradd_command", "userdel_command", "words", "hub_environment",
           "settings", "serve"]

#: The hub's configuration file (in the toolkit, beside its templates).
CONFIG = app.PROJECT_ROOT / "workshop" / "hub" / "jupyterhub_config.py"
#: Where the hub finds its own pages (join, starting, error) and the room's style they share.
TEMPLATE_PATHS = [str(CONFIG.parent / "templates"), str(render.TEMPLATES)]
#: The Unix group of every participant and the trainer: the room folder belongs to it.
GROUP = "workshop"
#: The trainer's name on the join page (the hub's only admin).
ADMIN = "trainer"
#: Files and folders a participant's server creates: the whole group may read and write them.
UMASK = "007"
#: The shared-password authenticator's own limits (JupyterHub refuses to start below them).
MIN_CODE = 8
MIN_ADMIN_PASSWORD = 32
#: Where a hub keeps its state, the participants' homes and the room folder, unless told otherwise.
STATE_DIR = Path("/srv/workshop/hub")
HOMES_DIR = Path("/srv/workshop/home")
ROOM_DIR = Path("/srv/workshop/room")
#: Unix names: a prefix no system account has, and at most 32 characters (useradd's limit).
PREFIX = "ws-"
NAME_LENGTH = 32


def unix_name(typed: str) -> str:
    """A safe Unix user name for a name typed on the join page: ``ws-`` and the name in small ASCII
    letters, digits and dashes ("Anna de Vries" -> ``ws-anna-de-vries``, "Zoë" -> ``ws-zoe``).

    The same name always gives the same user (a participant who logs in again finds their server);
    a name with no letters left ("李") or a long one gets a short hash, so names do not collide."""
    if re.fullmatch(PREFIX + r"[a-z0-9]+(-[a-z0-9]+)*", typed or "") and len(typed) <= NAME_LENGTH:
        return typed  # already a Unix name of ours (JupyterHub normalizes a name more than once)
    text = unicodedata.normalize("NFKD", typed or "").encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    digest = hashlib.sha256((typed or "").strip().casefold().encode()).hexdigest()[:6]
    room_for_slug = NAME_LENGTH - len(PREFIX)
    if not slug:
        slug = digest
    elif len(slug) > room_for_slug:
        slug = slug[:room_for_slug - len(digest) - 1].rstrip("-") + "-" + digest
    return PREFIX + slug


def new_code() -> str:
    """A room code for the hub: 8 capitals and digits (the authenticator's minimum), e.g. ``K7QMX4PA``."""
    return room.new_code(MIN_CODE)


def new_admin_password() -> str:
    """The trainer's password: 43 random URL-safe characters."""
    return secrets.token_urlsafe(MIN_ADMIN_PASSWORD)


def code_problem(code: str, lang: str = "nl") -> str | None:
    """Why ``code`` cannot be the room code, in words (``None``: it can)."""
    if len(room.normal_code(code)) < MIN_CODE:
        return t("hub.short_code", lang, count=MIN_CODE)
    return None


def runtime_dir(uid: int) -> str:
    """A participant's ``JUPYTER_RUNTIME_DIR``: short, since a kernel's ipc socket path must stay
    under 108 characters (FIELD-NOTES)."""
    return f"/tmp/jr-{int(uid)}"


def default_url(admin: bool, lang: str = "nl") -> str:
    """The page a server opens: the participant app, or the trainer's screen (``make trainer``'s page:
    the dashboard in ``lang``, set by ``WORKSHOP_LANG``)."""
    return "/voila/render/workshop/trainer.ipynb" if admin else "/voila/render/notebooks/app.ipynb"


def single_user_command(python: str | os.PathLike = sys.executable) -> list[str]:
    """The command of a participant's server: ``jupyterhub-singleuser`` run by
    :mod:`helpers.hub_server`, which leaves out the hub's database layer (24 MiB a server)."""
    return [str(python), "-m", "helpers.hub_server"]


def single_user_args(lang: str = "nl") -> list[str]:
    """The options of every ``jupyterhub-singleuser``: Voila as ``make room`` runs it (its workshop
    template, no tracebacks, the browser's cookies handed to the kernel for the group it chose,
    kernels over ipc), the toolkit as the server's folder."""
    return [
        f"--ServerApp.root_dir={app.PROJECT_ROOT}",
        f"--VoilaConfiguration.template={app.TEMPLATE}",
        "--VoilaConfiguration.theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.http_header_envs=Cookie",
        # many servers on one machine: TCP ports for kernels collide, local sockets do not (FIELD-NOTES)
        "--KernelManager.transport=ipc",
        # a page that was left keeps its kernel (Voila's shutdown beacon has no _xsrf): stop kernels that
        # no page has been connected to for 30 minutes. An open page is never culled, even when idle
        # through a long presentation; a laptop that slept longer finds its answers saved on reload.
        "--MappingKernelManager.cull_idle_timeout=1800",
        "--MappingKernelManager.cull_interval=300",
        "--MappingKernelManager.cull_connected=False",
        "--ServerApp.log_level=WARN",   # the hub's terminal shows what needs attention, not every request
        # a participant's server serves the app only: no JupyterLab, terminals or language servers to load
        # (each costs start time and memory, times the number of participants)
        *(f"--ServerApp.jpserver_extensions={name}=False"
          for name in ("jupyterlab", "jupyter_lsp", "notebook_shim", "jupyter_server_terminals")),
    ]


def single_user_environment(lang: str, room_dir: str | os.PathLike, admin: bool) -> dict[str, str]:
    """The toolkit's variables for one server: the room folder and language; a participant in room
    mode (a group chosen per browser), the trainer's dashboard reading the room folder."""
    env = {"WORKSHOP_LANG": lang, "WORKSHOP_DIR": str(room_dir),
           "JUPYTER_PATH": str(app.TEMPLATE_ROOT)}
    if admin:
        env["WORKSHOP_SHARED_DIR"] = str(room_dir)
    else:
        env["WORKSHOP_ROOM"] = "1"
    return env


def useradd_command(name: str, homes: str | os.PathLike = HOMES_DIR, group: str = GROUP) -> list[str]:
    """Create a participant's Unix user: in ``group``, a home of its own, no login shell."""
    return ["useradd", "--create-home", "--home-dir", str(Path(homes) / name), "--gid", group,
            "--shell", "/usr/sbin/nologin", "--comment", "workshop participant", name]


def userdel_command(name: str) -> list[str]:
    return ["userdel", "--remove", name]


def words(lang: str = "nl") -> dict[str, str]:
    """The texts of the hub's own pages (join, starting, error) in ``lang``, for its templates."""
    return {
        "lang": lang,
        "title": t("hub.join_title", lang), "intro": t("hub.join_intro", lang),
        "name": t("hub.join_name", lang), "name_hint": t("hub.join_name_hint", lang),
        "code": t("hub.join_code", lang), "enter": t("hub.join_enter", lang),
        "wrong": t("hub.join_wrong", lang), "starting": t("hub.starting", lang),
        "starting_wait": t("hub.starting_wait", lang), "error": t("hub.error", lang),
        "error_again": t("hub.error_again", lang), "not_running": t("hub.not_running", lang),
        "not_running_text": t("hub.not_running_text", lang), "start_again": t("hub.start_again", lang),
    }


def hub_environment(code: str, admin_password: str, lang: str, ip: str, port: int,
                    room_dir: str | os.PathLike = ROOM_DIR, state_dir: str | os.PathLike = STATE_DIR,
                    homes_dir: str | os.PathLike = HOMES_DIR, base: dict[str, str] | None = None) -> dict[str, str]:
    """The variables the configuration file reads (:func:`settings` reads them back)."""
    env = dict(os.environ if base is None else base)
    env.update({"WORKSHOP_HUB_CODE": room.normal_code(code), "WORKSHOP_HUB_ADMIN_PASSWORD": admin_password,
                "WORKSHOP_LANG": lang, "WORKSHOP_HUB_IP": ip, "WORKSHOP_HUB_PORT": str(int(port)),
                "WORKSHOP_HUB_ROOM": str(room_dir), "WORKSHOP_HUB_STATE": str(state_dir),
                "WORKSHOP_HUB_HOMES": str(homes_dir)})
    return env


def settings(env: dict[str, str] | None = None) -> dict:
    """The hub's settings from the environment (:func:`hub_environment`), with their defaults.
    Ports 0 mean "JupyterHub's default"."""
    env = os.environ if env is None else env
    lang = env.get("WORKSHOP_LANG", "nl")
    return {
        "code": room.normal_code(env.get("WORKSHOP_HUB_CODE", "")),
        "admin_password": env.get("WORKSHOP_HUB_ADMIN_PASSWORD", ""),
        "lang": lang if lang in LANGUAGES else "nl",
        "ip": env.get("WORKSHOP_HUB_IP", "127.0.0.1"),
        "port": int(env.get("WORKSHOP_HUB_PORT") or 8000),
        "hub_port": int(env.get("WORKSHOP_HUB_API_PORT") or 0),
        "proxy_api_port": int(env.get("WORKSHOP_HUB_PROXY_API_PORT") or 0),
        "room": Path(env.get("WORKSHOP_HUB_ROOM") or ROOM_DIR),
        "state": Path(env.get("WORKSHOP_HUB_STATE") or STATE_DIR),
        "homes": Path(env.get("WORKSHOP_HUB_HOMES") or HOMES_DIR),
        "debug": env.get("WORKSHOP_HUB_DEBUG", "") not in ("", "0"),
    }


def serve(port: int = 8000, lang: str = "nl", code: str | None = None, folder: str | os.PathLike | None = None,
          ip: str = "127.0.0.1") -> int:
    """Run the hub until Ctrl-C (as root: participants become Unix users). Prints the join address,
    the room code and the trainer's name and password."""
    if lang not in LANGUAGES:
        print(t("app.bad_language", lang=lang, choices=", ".join(LANGUAGES)), file=sys.stderr)
        return 2
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        print(t("hub.needs_root", lang), file=sys.stderr)
        return 2
    missing = [cmd for cmd in ("configurable-http-proxy", "useradd") if shutil.which(cmd) is None]
    if missing:
        print(t("hub.missing", lang, what=", ".join(missing)), file=sys.stderr)
        return 2
    code = room.normal_code(code) if code else new_code()
    problem = code_problem(code, lang)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if not app.port_free(port, ip):
        print(t("hub.port_busy", lang, port=port, other=port + 1), file=sys.stderr)
        return 2
    password = os.environ.get("WORKSHOP_HUB_ADMIN_PASSWORD") or new_admin_password()
    if len(password) < MIN_ADMIN_PASSWORD:
        print(t("hub.short_password", lang, count=MIN_ADMIN_PASSWORD), file=sys.stderr)
        return 2
    where = settings()   # the folders may be chosen in the environment (WORKSHOP_HUB_STATE, ..._HOMES)
    # absolute: the hub runs in its state folder
    env = hub_environment(code, password, lang, ip, port, room_dir=Path(folder or where["room"]).resolve(),
                          state_dir=where["state"].resolve(), homes_dir=where["homes"].resolve())
    state = Path(env["WORKSHOP_HUB_STATE"])
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    host = room.lan_address() if ip in ("0.0.0.0", "") else ip
    address = f"http://{host}:{int(port)}/"
    local = f"http://{'127.0.0.1' if ip in ('0.0.0.0', '') else ip}:{int(port)}/hub/login"

    def ready() -> None:
        # the hub answers first, then adds its route to the proxy: the join page, then the words
        app.wait_ready(local, timeout=30, below=300)
        print(t("hub.running", lang, url=address, code=code, admin=ADMIN, password=password,
                folder=env["WORKSHOP_HUB_ROOM"]), flush=True)

    cmd = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)]
    # asked of the hub itself, not through the proxy (which answers "not found", in red, until then)
    hub_api = f"http://127.0.0.1:{settings(env)['hub_port'] or 8081}/hub/api/"
    return app.run(cmd, env, hub_api, ready, lang, cwd=state,
                   texts={"starting": t("hub.starting_server", lang), "stopped": t("hub.stopped", lang),
                          "failed": t("hub.failed", lang)}, grace=120, below=300)
