"""Installation: one dependency list, a fast and complete environment, a quiet import."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return _norm(m.group(1)), m.group(2).replace(" ", "")


def test_environment_yml_and_pyproject_ask_for_the_same_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = dict(_split(r) for r in project["dependencies"] + extras["test"] + extras["hub"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda: dict[str, str] = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            if item.startswith("-e") or item.split(">")[0].split("=")[0].strip() in ("python", "pip"):
                continue
            name, spec = _split(item)
            conda[name] = spec
    assert conda == wanted


def test_importing_helpers_changes_no_global_state():
    """The document layers import no widget or chart library (the CLI and the store start fast),
    and no module of ours changes the interpreter's state when imported (the libraries the forms
    stand on are imported first: what they change is theirs)."""
    code = (
        "import sys, os, warnings, logging\n"
        "state = lambda: (dict(os.environ), list(warnings.filters), logging.root.level, sys.getrecursionlimit())\n"
        "before = state()\n"
        "import helpers, helpers.model, helpers.store, helpers.i18n, helpers.crdt, helpers.autosave\n"
        "assert before == state(), 'import changed global state'\n"
        "heavy = {'altair', 'ipywidgets', 'pandas', 'openpyxl', 'vl_convert'} & set(sys.modules)\n"
        "assert not heavy, f'heavy imports at import time: {heavy}'\n"
        "import altair, ipywidgets, pandas, openpyxl, icalendar, jinja2, vl_convert, babel.numbers, babel.dates\n"
        "before = state()\n"
        "import helpers.ui, helpers.cli, helpers.classroom, helpers.app\n"
        "assert before == state(), 'import changed global state'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)


def test_check_reports_a_complete_installation():
    out = subprocess.run([sys.executable, "-m", "helpers", "check"], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, env={**__import__("os").environ, "WORKSHOP_LANG": "en"})
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Charts draw without internet" in out.stdout
    assert "Everything is ready" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_environment_has_no_slow_rfc3987_import_and_compiled_bytecode():
    """The Makefile removes rfc3987_syntax and compiles bytecode (FIELD-NOTES: import time)."""
    import importlib.util

    assert importlib.util.find_spec("rfc3987_syntax") is None
    for mod in ("pandas", "altair", "ipywidgets", "pydantic", "helpers.model"):
        origin = importlib.util.find_spec(mod).origin
        assert Path(importlib.util.cache_from_source(origin)).exists(), f"{mod} has no compiled bytecode"


def test_check_says_what_is_missing_in_plain_words(monkeypatch):
    from helpers import check

    monkeypatch.setattr(check, "REQUIRED", ("jupyterlab", "no-such-package-xyz"))
    findings = check.run_checks()
    text, ok = check.report(findings)
    assert not ok
    assert "no-such-package-xyz" in text and "make lab" in text



def test_the_package_list_and_data_cover_every_file_under_helpers():
    """``pip install .`` (not only the editable install) carries every tracked module and data file
    under helpers/: the package search of pyproject.toml finds each folder of modules, and each other
    file matches a package-data pattern (helpers.strategy and helpers.analytics were left out once)."""
    import fnmatch

    from setuptools import find_packages

    tracked = subprocess.run(["git", "ls-files", "-z", "helpers"], cwd=ROOT, capture_output=True, text=True)
    files = [f for f in tracked.stdout.split("\0") if f]
    if tracked.returncode or not files:
        import pytest

        pytest.skip("not a git checkout")
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = set(find_packages(str(ROOT), **tool["packages"]["find"]))
    data = tool["package-data"]
    missing = []
    for name in files:
        folder, base = name.rsplit("/", 1)
        package = folder.replace("/", ".")
        if base.endswith(".py"):
            if package not in packages:
                missing.append(name)
            continue
        owners = [p for p in data if package == p or package.startswith(p + ".")]
        if not any(fnmatch.fnmatch(name[len(p.replace(".", "/")) + 1:], pattern)
                   for p in owners for pattern in data[p]):
            missing.append(name)
    assert missing == []
