"""The room on JupyterHub without a hub: names, settings, the servers' options, the hub's own pages.

The real hub with 20 participants is ``tests/test_hub.py`` (slow, as root).
"""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import jinja2
import pytest
from markupsafe import escape

from helpers import app, hub, room
from helpers.i18n import LANGUAGES, t

ROOT = Path(__file__).resolve().parent.parent
HUB_DIR = ROOT / "workshop" / "hub"
UNIX_NAME = re.compile(r"^[a-z][-a-z0-9_]*$")   # Debian's useradd NAME_REGEX


@pytest.mark.parametrize("typed, name", [
    ("Anna de Vries", "ws-anna-de-vries"), ("Zoë", "ws-zoe"), ("  BAS  ", "ws-bas"), ("Cem Ö.", "ws-cem-o"),
    ("root", "ws-root"), ("../etc/passwd", "ws-etc-passwd"), ("ws-anna", "ws-anna"),
])
def test_a_typed_name_becomes_a_safe_unix_name(typed, name):
    assert hub.unix_name(typed) == name
    assert hub.unix_name(name) == name, "JupyterHub normalizes a name more than once"


@pytest.mark.parametrize("typed", ["李小龙", "!!!", "Ana María José de la Santísima Trinidad Fernández", "x" * 80])
def test_every_name_is_valid_for_useradd_and_at_most_32_characters(typed):
    name = hub.unix_name(typed)
    assert UNIX_NAME.match(name) and len(name) <= 32 and name.startswith("ws-")
    assert hub.unix_name(name) == name


def test_names_that_lose_their_letters_or_length_do_not_collide():
    assert hub.unix_name("李小龙") != hub.unix_name("王小明")
    assert hub.unix_name("a" * 40 + "1") != hub.unix_name("a" * 40 + "2")
    assert hub.unix_name("Anna") == hub.unix_name("anna"), "the same person logging in again"


def test_the_room_code_is_forgiving_and_at_least_eight_characters():
    assert len(hub.new_code()) == hub.MIN_CODE and set(hub.new_code()) <= set(room.CODE_ALPHABET)
    assert len(hub.new_admin_password()) >= hub.MIN_ADMIN_PASSWORD
    for lang in LANGUAGES:
        assert hub.code_problem("K7QMX4", lang) == t("hub.short_code", lang, count=8)
        assert "8" in hub.code_problem("K7QMX4", lang)
    assert hub.code_problem("zaal 2026") is None and hub.code_problem("ZAAL-2026") is None


def test_every_server_runs_the_app_as_make_room_does():
    args = hub.single_user_args("nl")
    for needle in ("--KernelManager.transport=ipc", "--VoilaConfiguration.http_header_envs=Cookie",
                   f"--VoilaConfiguration.template={app.TEMPLATE}", "--VoilaConfiguration.show_tracebacks=False",
                   f"--ServerApp.root_dir={app.PROJECT_ROOT}", "--MappingKernelManager.cull_connected=False"):
        assert needle in args
    # kernels of closed pages are stopped, but only long after a pause for the presentations
    cull = next(int(a.split("=")[1]) for a in args if a.startswith("--MappingKernelManager.cull_idle_timeout="))
    assert cull >= 20 * 60


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pages_a_server_opens_exist(lang):
    for admin in (False, True):
        page = hub.default_url(admin=admin, lang=lang)
        assert page.startswith("/voila/render/")
        assert (app.PROJECT_ROOT / page.removeprefix("/voila/render/")).is_file(), page


def test_a_participant_is_in_room_mode_and_the_trainer_reads_the_room_folder():
    who = hub.single_user_environment("en", "/srv/room", admin=False)
    assert who["WORKSHOP_ROOM"] == "1" and who["WORKSHOP_DIR"] == "/srv/room" and who["WORKSHOP_LANG"] == "en"
    assert "WORKSHOP_SHARED_DIR" not in who and who["JUPYTER_PATH"] == str(app.TEMPLATE_ROOT)
    trainer = hub.single_user_environment("nl", "/srv/room", admin=True)
    assert trainer["WORKSHOP_SHARED_DIR"] == "/srv/room" and "WORKSHOP_ROOM" not in trainer


def test_a_kernels_ipc_socket_path_stays_short():
    longest = f"{hub.runtime_dir(4294967294)}/kernel-{uuid.uuid4()}-ipc-99"
    assert len(longest) < 108


def test_a_participant_becomes_a_user_of_the_workshop_group_without_a_login_shell():
    cmd = hub.useradd_command("ws-anna", "/srv/workshop/home")
    assert cmd[0] == "useradd" and cmd[-1] == "ws-anna"
    assert cmd[cmd.index("--gid") + 1] == hub.GROUP and cmd[cmd.index("--home-dir") + 1] == "/srv/workshop/home/ws-anna"
    assert cmd[cmd.index("--shell") + 1] == "/usr/sbin/nologin"
    assert hub.userdel_command("ws-anna") == ["userdel", "--remove", "ws-anna"]


def test_the_settings_go_to_the_hub_and_come_back(tmp_path):
    env = hub.hub_environment("zaal 2026", "p" * 40, "en", "0.0.0.0", 8123, room_dir=tmp_path / "r",
                              state_dir=tmp_path / "s", homes_dir=tmp_path / "h", base={"PATH": "/bin"})
    got = hub.settings(env)
    assert got["code"] == "ZAAL2026" and got["admin_password"] == "p" * 40 and got["lang"] == "en"
    assert (got["ip"], got["port"], got["room"], got["state"], got["homes"]) == \
        ("0.0.0.0", 8123, tmp_path / "r", tmp_path / "s", tmp_path / "h")
    defaults = hub.settings({"WORKSHOP_LANG": "fr"})
    assert defaults["lang"] == "nl" and defaults["ip"] == "127.0.0.1" and defaults["room"] == hub.ROOM_DIR


def test_make_hub_says_what_is_wrong_in_words(monkeypatch, capsys):
    monkeypatch.setattr(hub.os, "geteuid", lambda: 1000)
    assert hub.serve(lang="en") == 2
    assert capsys.readouterr().err.strip() == t("hub.needs_root", "en")
    monkeypatch.setattr(hub.os, "geteuid", lambda: 0)
    monkeypatch.setattr(hub.shutil, "which", lambda cmd: None)
    assert hub.serve(lang="nl") == 2
    assert "configurable-http-proxy" in capsys.readouterr().err
    monkeypatch.setattr(hub.shutil, "which", lambda cmd: "/usr/bin/" + cmd)
    assert hub.serve(lang="nl", code="K7QMX4") == 2
    assert capsys.readouterr().err.strip() == t("hub.short_code", "nl", count=8)
    monkeypatch.setenv("WORKSHOP_HUB_ADMIN_PASSWORD", "too short")
    monkeypatch.setattr(hub.app, "port_free", lambda port, host: True)
    assert hub.serve(lang="en", code="ZAAL2026") == 2
    err = capsys.readouterr().err
    assert err.strip() == t("hub.short_password", "en", count=32) and "Traceback" not in err


def _login_page(lang: str, error: bool) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(hub.TEMPLATE_PATHS), autoescape=True)
    return env.get_template("login.html").render(
        workshop=hub.words(lang), authenticator_login_url="/hub/login?next=", xsrf="XSRF123",
        login_error="Invalid username or password" if error else "", username="Anna")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_join_page_is_in_the_rooms_language_and_offline(lang):
    page = _login_page(lang, error=False)
    for key in ("hub.join_title", "hub.join_intro", "hub.join_name", "hub.join_name_hint", "hub.join_code",
                "hub.join_enter"):
        assert escape(t(key, lang)) in page
    assert f'lang="{lang}"' in page and 'name="_xsrf" value="XSRF123"' in page
    assert 'name="username"' in page and 'name="password"' in page and 'value="Anna"' in page
    assert escape(t("hub.join_wrong", lang)) not in page
    assert "http" not in page and "<script" not in page and "<link" not in page
    assert "font-family" in page, "the room's style is included"
    wrong = _login_page(lang, error=True)
    assert escape(t("hub.join_wrong", lang)) in wrong and "Invalid username" not in wrong


def test_the_hubs_other_pages_use_only_words_of_the_catalogues():
    keys = set(hub.words("nl"))
    for name in ("login.html", "spawn_pending.html", "error.html", "not_running.html"):
        text = (HUB_DIR / "templates" / name).read_text(encoding="utf-8")
        used = set(re.findall(r"workshop\.([a-z_]+)", text))
        assert used and used <= keys, (name, used - keys)
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
    assert set(hub.words("nl")) == set(hub.words("en"))


def test_the_configuration_sets_what_the_workshop_needs():
    text = (HUB_DIR / "jupyterhub_config.py").read_text(encoding="utf-8")
    compile(text, "jupyterhub_config.py", "exec")
    for needle in ("SharedPasswordAuthenticator", "allow_all = True", "admin_users", "localprocess",
                   "pre_spawn_hook", "mem_limit", "start_timeout", "http_timeout", "jupyterhub_idle_culler",
                   "--cull-admin-users=False", "template_paths", "umask", "0o2770", "cleanup_servers = True",
                   "implicit_spawn_seconds"):
        assert needle in text, needle
