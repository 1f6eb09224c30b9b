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


# -- what a participant sees before opening a fold ---------------------------------------------------

def shown(widget):
    """Every widget in ``widget``'s tree that is on screen without a click: an ``Accordion``,
    ``Tab`` or ``Stack`` shows only its open section (none when closed); a widget whose layout says
    ``display: none`` or ``visibility: hidden`` is not shown, nor is anything inside it."""
    import ipywidgets as widgets

    layout = getattr(widget, "layout", None)
    if layout is not None and (layout.display == "none" or layout.visibility == "hidden"):
        return
    yield widget
    children = list(getattr(widget, "children", ()) or ())
    if isinstance(widget, (widgets.Accordion, widgets.Tab, widgets.Stack)):
        index = widget.selected_index
        children = [children[index]] if index is not None and index < len(children) else []
    for child in children:
        yield from shown(child)


def inside_closed_fold(root, target) -> bool:
    """Whether ``target`` is in ``root``'s tree but hidden in a closed section (see :func:`shown`)."""
    def tree(w):
        yield w
        for child in getattr(w, "children", ()) or ():
            yield from tree(child)

    return any(w is target for w in tree(root)) and not any(w is target for w in shown(root))


def count_inputs(root) -> dict[str, int]:
    """What a participant sees to fill in without opening a fold: ``fields`` (text, number and
    drop-down inputs), ``tick_boxes`` and ``sliders``."""
    import ipywidgets as widgets

    sliders = (widgets.IntSlider, widgets.FloatSlider, widgets.SelectionSlider, widgets.IntRangeSlider,
               widgets.FloatRangeSlider, widgets.SelectionRangeSlider)
    fields = (widgets.Text, widgets.Textarea, widgets.Dropdown, widgets.Combobox, widgets.IntText,
              widgets.FloatText, widgets.BoundedIntText, widgets.BoundedFloatText, widgets.DatePicker,
              widgets.Select, widgets.SelectMultiple)
    out = {"fields": 0, "tick_boxes": 0, "sliders": 0}
    for w in shown(root):
        if isinstance(w, widgets.Checkbox):
            out["tick_boxes"] += 1
        elif isinstance(w, sliders):
            out["sliders"] += 1
        elif isinstance(w, fields):
            out["fields"] += 1
    return out


def texts(widget) -> str:
    """Every text a widget tree shows in its values (HTML, labels, text fields)."""
    own = [widget.value] if isinstance(getattr(widget, "value", None), str) else []
    return "\n".join(own + [texts(child) for child in getattr(widget, "children", ())])
