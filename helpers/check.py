"""``python -m helpers check``: is this installation complete? Answers in plain words."""
from __future__ import annotations

from dataclasses import dataclass
import importlib.metadata as md
import importlib.util
import os
import sys
import tempfile

import vl_convert as vlc

from .i18n import t
from .store import default_workspace

REQUIRED = ("jupyterlab", "ipywidgets", "pandas", "altair", "vl-convert-python", "voila",
            "pydantic", "openpyxl", "icalendar", "pyyaml", "jinja2", "babel", "snowballstemmer")


@dataclass
class Finding:
    ok: bool
    text: str
    warning: bool = False  # works, but slower or less than it could


def _versions() -> list[Finding]:
    out = []
    for name in REQUIRED:
        try:
            out.append(Finding(True, t("check.package_ok", name=name, version=md.version(name))))
        except md.PackageNotFoundError:
            out.append(Finding(False, t("check.package_missing", name=name)))
    return out


def _python() -> Finding:
    v = sys.version_info
    return Finding(v >= (3, 11), t("check.python", version=f"{v.major}.{v.minor}.{v.micro}"))


def _fast_imports() -> list[Finding]:
    slow = importlib.util.find_spec("rfc3987_syntax") is not None
    found = [Finding(True, t("check.slow_import_present" if slow else "check.slow_import_absent"), warning=slow)]
    compiled = []
    for mod in ("pandas", "altair", "helpers"):
        spec = importlib.util.find_spec(mod)
        if spec and spec.origin and spec.origin.endswith(".py"):
            compiled.append(importlib.util.cache_from_source(spec.origin))

    missing = [p for p in compiled if not os.path.exists(p)]
    found.append(Finding(True, t("check.bytecode_missing" if missing else "check.bytecode_ok"), warning=bool(missing)))
    return found


def _chart() -> Finding:
    try:

        spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "data": {"values": [{"a": 1}]},
                "mark": "bar", "encoding": {"x": {"field": "a", "type": "quantitative"}}}
        svg = vlc.vegalite_to_svg(spec)
        return Finding("<svg" in svg, t("check.chart_ok") if "<svg" in svg else t("check.chart_failed"))
    except Exception as err:  # report, never crash: this is the diagnosis tool
        return Finding(False, t("check.chart_failed") + f" ({type(err).__name__})")


def _workspace() -> Finding:
    root = default_workspace()
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".check-", delete=True) as fh:
            fh.write(b"ok")
            fh.flush()
        return Finding(True, t("check.workspace_ok", path=str(root)))
    except OSError as err:
        return Finding(False, t("check.workspace_failed", path=str(root), reason=err.strerror or str(err)))


def run_checks() -> list[Finding]:
    return [_python(), *_versions(), *_fast_imports(), _chart(), _workspace()]


def report(findings: list[Finding]) -> tuple[str, bool]:
    lines = []
    for f in findings:
        mark = "!" if f.warning else ("OK" if f.ok else "X")
        lines.append(f"[{mark:>2}] {f.text}")
    ok = all(f.ok for f in findings)
    lines.append("")
    lines.append(t("check.summary_ok") if ok else t("check.summary_failed"))
    return "\n".join(lines), ok
