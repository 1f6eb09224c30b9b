"""JupyterHub for a workshop room: 20-200 participants, no accounts to prepare, everything offline.

Start it with ``make hub`` (``python -m helpers hub``, as root), which sets the variables read by
``helpers.hub.settings`` (the room code, the trainer's password, the language, the address, the
folders). On The Littlest JupyterHub, copy the settings you need from here (see the README).

* The join page (``templates/login.html``, in the room's language) asks a name and the room code:
  JupyterHub's built-in ``shared-password`` authenticator with ``allow_all``; the code is the users'
  shared password (8+ characters; typed in small letters or with spaces is forgiven). The trainer
  logs in as ``trainer`` with a password of its own (32+ characters) and is the hub's only admin.
* Every participant is a Unix user of their own, made on first start by ``pre_spawn`` in the
  Unix group ``workshop`` (``helpers.hub.unix_name``: ``ws-`` and the typed name, never an existing
  account). Their server runs the participant app (Voila's server extension inside
  ``jupyterhub-singleuser``); the trainer's runs the dashboard on the room folder.
* The room folder is set-group-id and writable for ``workshop``; servers run with umask 007, so
  every group's document can be saved by each of its members from their own account.

On The Littlest JupyterHub (untested here; see the README) this file goes to
``/opt/tljh/config/jupyterhub_config.d/``: TLJH keeps its own proxy, addresses, state, systemd spawner
and Unix users (``jupyter-<name>`` in the group ``jupyterhub-users``), and the room code and the
trainer's password come from ``tljh-config`` (``auth.JoinAuthenticator.user_password`` and
``.admin_password``); everything else here applies. On Zero to JupyterHub (``z2jh-values.yaml``, also
untested here) it is loaded by ``hub.extraConfig``; Kubernetes keeps the proxy, the state and the pods,
and the room folder is a volume mounted in every participant's pod.
"""
import grp
import importlib.util
import os
import pwd
import subprocess
import sys
from pathlib import Path

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator

from helpers import hub, room

c = get_config()  # noqa: F821 (JupyterHub's configuration loader defines it)
s = hub.settings()
BIN = Path(sys.executable).parent


class JoinAuthenticator(SharedPasswordAuthenticator):
    """The shared password, with names made Unix-safe and the room code read as a person types it."""

    def normalize_username(self, username):
        return hub.unix_name(username)

    async def authenticate(self, handler, data):
        if not (data.get("username") or "").strip():
            return None
        if self.normalize_username(data["username"]) not in self.admin_users:
            data = dict(data, password=room.normal_code(data.get("password", "")))
        return await super().authenticate(handler, data)


#: The Littlest JupyterHub runs this hub: it owns the proxy, the state, the spawner and the Unix users.
TLJH = importlib.util.find_spec("tljh") is not None
#: Zero to JupyterHub (z2jh-values.yaml) runs it: pods instead of Unix users, the room folder a volume.
KUBERNETES = "KUBERNETES_SERVICE_HOST" in os.environ
LOCAL = not (TLJH or KUBERNETES)

# -- who may join -------------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = JoinAuthenticator
if s["code"]:                       # make hub; on TLJH: tljh-config set auth.JoinAuthenticator.user_password
    c.JoinAuthenticator.user_password = s["code"]
if s["admin_password"]:
    c.JoinAuthenticator.admin_password = s["admin_password"]
c.Authenticator.admin_users = {hub.unix_name(hub.ADMIN)}
c.Authenticator.allow_all = True

# -- where it listens and keeps its state (make hub; TLJH and Kubernetes have their own) -------------------
if LOCAL:
    c.JupyterHub.ip = s["ip"]
    c.JupyterHub.port = s["port"]
    c.JupyterHub.hub_ip = "127.0.0.1"
    if s["hub_port"]:
        c.JupyterHub.hub_port = s["hub_port"]
    if s["proxy_api_port"]:
        c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s['proxy_api_port']}"
    c.JupyterHub.db_url = f"sqlite:///{s['state'] / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(s["state"] / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.pid_file = str(s["state"] / "jupyterhub-proxy.pid")
    c.JupyterHub.log_level = "DEBUG" if s["debug"] else "WARN"
    c.ConfigurableHTTPProxy.log_level = "debug" if s["debug"] else "warn"
    c.JupyterHub.cleanup_servers = True      # Ctrl-C stops every participant's server too

# -- the hub's own pages in the room's language, nothing from a CDN -------------------------------------
c.JupyterHub.template_paths = hub.TEMPLATE_PATHS
c.JupyterHub.template_vars = {"workshop": hub.words(s["lang"])}
# a participant whose server was culled comes back to a page that starts it again by itself
c.JupyterHub.implicit_spawn_seconds = 3

# -- the room folder and the participants' Unix group (on Kubernetes: a volume of every pod) ------------
if not KUBERNETES:
    GROUP = "jupyterhub-users" if TLJH else hub.GROUP   # TLJH puts every user it makes in its own group
    try:
        grp.getgrnam(GROUP)
    except KeyError:
        subprocess.run(["groupadd", "--system", GROUP], check=True)
    for folder, mode in ((s["room"], 0o2770), (s["homes"], 0o755)):
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, mode)
    os.chown(s["room"], 0, grp.getgrnam(GROUP).gr_gid)

# -- every participant's server -------------------------------------------------------------------------
# umask 007: files the toolkit writes in the room folder stay readable and writable for the group
if TLJH:
    c.SystemdSpawner.unit_extra_properties = {"UMask": "0" + hub.UMASK}
elif LOCAL:
    c.JupyterHub.spawner_class = "localprocess"
    # jupyterhub-singleuser without the hub's database layer (helpers.hub_server: 24 MiB less a server)
    c.Spawner.cmd = ["/bin/sh", "-c", f'umask {hub.UMASK} && exec "$0" "$@"', *hub.single_user_command(BIN / "python")]
c.Spawner.args = hub.single_user_args(s["lang"])
c.Spawner.default_url = hub.default_url(admin=False, lang=s["lang"])
# 20-40 servers starting at once on two cores take longer than JupyterHub's defaults (FIELD-NOTES)
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 180
# One server and a kernel or two of the app use about 160-250 MiB; 1 GiB leaves room for a reloaded
# page's second kernel. LocalProcessSpawner cannot enforce it; TLJH's systemd spawner and Kubernetes do.
c.Spawner.mem_limit = "1G"
# MALLOC_ARENA_MAX: fewer malloc arenas in the threaded server and kernel (a few MiB each, measured)
BASE_ENV = {"LANG": "C.UTF-8", "MALLOC_ARENA_MAX": "2"}
if not KUBERNETES:   # a pod has its image's PATH
    BASE_ENV["PATH"] = f"{BIN}:/usr/local/bin:/usr/bin:/bin"


def pre_spawn(spawner):
    """Make the participant's Unix user (first start only) and give their server its page and folders."""
    name = spawner.user.name
    if KUBERNETES:   # a pod of its own: its /tmp is its own
        runtime = "/tmp/jr"
    elif TLJH:       # TLJH makes jupyter-<name> itself when the server starts
        runtime = f"/tmp/jr-{getattr(spawner, 'unix_username', name)}"
    else:
        try:
            pwd.getpwnam(name)
        except KeyError:
            made = subprocess.run(hub.useradd_command(name, s["homes"]), capture_output=True, text=True)
            if made.returncode != 0:
                try:
                    pwd.getpwnam(name)       # made meanwhile: fine
                except KeyError:
                    raise RuntimeError(f"useradd {name} failed: {made.stderr.strip()}") from None
        user = pwd.getpwnam(name)
        home = Path(user.pw_dir)
        if not home.is_dir():        # the user stayed from an earlier hub, its home did not
            home.mkdir(parents=True, mode=0o700)
            os.chown(home, user.pw_uid, user.pw_gid)
        runtime = hub.runtime_dir(user.pw_uid)
    admin = bool(spawner.user.admin)
    spawner.default_url = hub.default_url(admin=admin, lang=s["lang"])
    spawner.environment = {**BASE_ENV, **hub.single_user_environment(s["lang"], s["room"], admin),
                           "JUPYTER_RUNTIME_DIR": runtime}


c.Spawner.pre_spawn_hook = pre_spawn

# -- idle culling, for a 90-minute workshop ---------------------------------------------------------------
# A participant who listens to the presentations for 20-30 minutes keeps an open page: their server is
# stopped only after an hour without any activity (the workshop is over or they left), and even then
# nothing is lost: every answer is saved within a second, and logging in again with the same name opens
# the same group. The trainer's server is never culled. Kernels of pages that were closed are stopped
# by the server itself after 30 minutes (helpers.hub.single_user_args). TLJH and Zero to JupyterHub run
# the same culler by their own settings (see the README).
if LOCAL:
    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600", "--cull-every=300",
                    "--cull-admin-users=False"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }]
