"""What widget tests share: reading the document back from disk, reopening, reading charts."""
from __future__ import annotations

from helpers.store import Workspace
from helpers.ui.base import Session


def on_disk(session, group: str = "Team Test"):
    """The document as a new kernel would read it, after the pending autosave is written."""
    session.flush()
    return Workspace(session.workspace.root).load(group)


def reopened(session) -> Session:
    """A fresh session on the same group, as after a kernel restart."""
    session.flush()
    fresh = Session(session.workspace, delay=0.01)
    fresh.open(session.group)
    return fresh


def svg(output) -> str:
    assert output.outputs, "the chart is not shown"
    return output.outputs[-1]["data"]["image/svg+xml"]


def chart_rows(chart) -> list[dict]:
    """Every data row a chart draws (inline data, at the top or in its layers)."""
    spec = chart.to_dict()
    parts = [spec, *spec.get("layer", [])]
    rows = [row for part in parts for row in (part.get("data") or {}).get("values", [])]
    return rows + [row for rows in spec.get("datasets", {}).values() for row in rows]
