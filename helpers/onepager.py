"""The group's one-pager: the five points of the strategy (and the Rose reflection) as ONE
self-contained HTML file, for the presentation in the debrief and to take home.

- Self-contained: CSS inline, charts as SVG inside the file (``data:`` images), no font, script,
  stylesheet or image from anywhere else: it opens offline and prints the same everywhere.
- Safe: the page is the template ``helpers/templates/onepager.html`` rendered by :mod:`helpers.render`,
  which escapes every value (participant text included) by default; charts are embedded as
  ``<img>`` so even a chart's SVG can never run script, and two charts never clash on SVG ids.
- For people: stored codes are shown as their labels (:mod:`helpers.labels`), numbers and dates as
  the reader writes them (Babel); table cells break between words only.
- Printable: an A4 print stylesheet (``helpers/templates/onepager.css``); sections do not break
  across pages where avoidable.

Charts come from :mod:`helpers.charts` when it has them (``hhh_mix``, ``calendar``); a missing or
failing chart is left out and the page shows its numbers instead.
"""

from __future__ import annotations

import base64
import logging
from typing import Callable

from . import charts, labels, measured, model, render as renderer, smart
from .i18n import t
from .schedule import summary, to_frame
from .smart import verdict

log = logging.getLogger(__name__)

#: the fields the page lays out itself; a section's other text answers follow them as a list
LAID_OUT = {
    "audience": ("persona_name", "persona_quote", "description", "age_min", "age_max", "gender", "occupation",
                 "income", "location", "interests", "online_where", "online_when", "pains", "gains"),
    "content": ("themes", "key_messages", "tone", "tone_notes", "hero", "hub", "help", "formats", "posts_per_week",
                "days", "times"),
}

#: the columns of the one-pager's tables (their headers are those of the exports)
_head = labels.kind("onepager_head", "export.column.{}", ("channel", "posts_per_week", "days", "times", "formats",
                                                           "done", "title", "owner", "due", "measure_kpi", "measure_formula",
                                                           "measure_value"))

_letter = labels.kind("onepager_letter", "export.onepager.smart.{}", smart.LETTERS)

#: the page's stylesheet (read once, included in every page)
CSS = (renderer.TEMPLATES / "onepager.css").read_text(encoding="utf-8")


def _chart(name: str, args: tuple, lang: str, alt_text: str) -> dict | None:
    """A chart from :mod:`helpers.charts` as an embedded SVG image, or ``None`` when not available."""
    try:

        fn: Callable | None = getattr(charts, name, None)
        if fn is None:
            return None
        svg = charts.to_svg(fn(*args, lang=lang))
    except Exception:  # a chart must never cost the group its one-pager
        log.warning("chart %s left out of the one-pager", name, exc_info=True)
        return None
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return {"alt": alt_text, "src": renderer.markup(f"data:image/svg+xml;base64,{data}")}


def _calendar(doc: model.Strategy, lang: str, charts: bool) -> dict | None:
    entries = doc.calendar.entries
    if not entries:
        return None
    s = summary(entries)
    count = lambda k, v: f"{labels.platform(k, lang)}: {renderer.number(v, lang)}"  # noqa: E731
    return {
        "summary": s,
        "per_channel": ", ".join(count(k, v) for k, v in s["per_channel"].items()),
        "per_owner": ", ".join(f"{k}: {renderer.number(v, lang)}" for k, v in s["per_owner"].items() if k),
        "first": sorted(entries, key=lambda e: (e.date, e.time))[:10],
        "chart": _chart("calendar", (to_frame(entries),), lang, t("export.onepager.calendar", lang)) if charts else None,
    }


def render(doc: model.Strategy, lang: str | None = None, charts: bool = True, name: str | None = None, *,
           full: bool = False, deep: list[dict] | None = None, title: str | None = None) -> str:
    """The one-pager as one HTML document (a string). ``lang`` defaults to the document's language;
    ``charts=False`` leaves the charts out (faster; the numbers stay). ``name``: the group's name as
    it is shown (the trainer's view passes :func:`helpers.names.display_name` among the class);
    default the name as typed, with hidden and bidi characters made visible. ``full``, ``deep`` and
    ``title``: the full report (:mod:`helpers.report`) is this page printed in one column, with the
    self-study sections ``deep`` after the workshop's."""
    lang = lang or doc.language
    c = doc.content
    mix_chart = (_chart("hhh_mix", (c.hero, c.hub, c.help), lang, t("export.onepager.mix_title", lang))
                 if charts else None)
    return renderer.render(
        "onepager.html", lang, doc=doc,
        title=title or t("export.onepager.title", lang, group=doc.group if name is None else name),
        full=full, deep=deep,
        updated=doc.updated_at.astimezone(),
        o=lambda key, **kw: t(f"export.onepager.{key}", lang, **kw),
        f=lambda key: t(f"fields.{key}", lang),
        smart=smart, verdict=verdict, head=lambda column: _head(column, lang),
        letter=lambda name: _letter(name, lang),
        members=[m for m in doc.team.members if m.name or m.role],
        mix_chart=mix_chart, calendar=_calendar(doc, lang, charts), measured=measured.report(doc, lang),
        more={section: [(model.field_label((section, name), lang), value)
                        for name, value in model.other_text_answers(getattr(doc, section), shown)]
              for section, shown in LAID_OUT.items()},
    )
