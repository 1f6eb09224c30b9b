"""The group's one-pager: the five points of the strategy (and the Rose reflection) as ONE
self-contained HTML file, for the presentation in the debrief and to take home.

- Self-contained: CSS inline, charts as SVG inside the file (``data:`` images), no font, script,
  stylesheet or image from anywhere else: it opens offline and prints the same everywhere.
- Safe: every piece of participant text passes :func:`html.escape`; charts are embedded as
  ``<img>`` so even a chart's SVG can never run script, and two charts never clash on SVG ids.
- Printable: an A4 print stylesheet; sections do not break across pages where avoidable.

Charts come from :mod:`helpers.charts` when it has them (``hhh_mix``, ``calendar``); a missing or
failing chart is left out and the page shows its numbers instead.
"""
from __future__ import annotations

import base64
import html
import logging
import re
from typing import Any, Callable

from . import model
from .export import SMART_LETTERS, channel_name, days_label, format_name, org_goal_name, smart_score, value_label
from .i18n import t
from .names import visible

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

CSS = """
:root { --ink:#1d2733; --muted:#5b6773; --line:#d5dde5; --accent:#1f6f8b; --soft:#eef4f8;
        --hero:#d1495b; --hub:#edae49; --help:#00798c; --ok:#2e7d32; --no:#b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: var(--ink); background: #f6f8fa; line-height: 1.4; font-size: 15px; }
main { max-width: 210mm; margin: 0 auto; padding: 18px 22px; background: #fff; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 12px; padding-bottom: 6px; }
h1 { font-size: 1.6em; margin: 0; }
header p { margin: 2px 0; color: var(--muted); }
h2 { font-size: 1.15em; margin: 0 0 6px; color: var(--accent); }
h3 { font-size: 1em; margin: 8px 0 4px; }
section { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 0 0 10px;
          break-inside: avoid; page-break-inside: avoid; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 18px; }
dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; }
dt { color: var(--muted); }
dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
p, li, td { overflow-wrap: anywhere; }
.quote { font-style: italic; margin: 4px 0 8px; }
.empty { color: var(--muted); font-style: italic; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin: 2px 0 6px; padding: 0; list-style: none; }
.chips li { background: var(--soft); border-radius: 10px; padding: 1px 9px; }
.goal { border-top: 1px dashed var(--line); padding-top: 6px; margin-top: 6px; }
.goal:first-of-type { border-top: 0; margin-top: 0; padding-top: 0; }
.smart { display: inline-flex; gap: 3px; margin-right: 6px; vertical-align: middle; }
.smart span { display: inline-block; width: 1.5em; text-align: center; border-radius: 3px;
              font-weight: 700; color: #fff; }
.smart .ok { background: var(--ok); } .smart .no { background: var(--no); opacity: .55; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 2px 6px; vertical-align: top; }
th { background: var(--soft); }
.mix { display: flex; height: 18px; border-radius: 4px; overflow: hidden; margin: 4px 0; }
.mix span { display: block; height: 100%; }
.mix .hero { background: var(--hero); } .mix .hub { background: var(--hub); } .mix .help { background: var(--help); }
figure { margin: 6px 0; } figure img { max-width: 100%; height: auto; }
.rose-grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
.rose-grid div { background: var(--soft); border-radius: 6px; padding: 6px 8px; white-space: pre-wrap; }
footer { color: var(--muted); font-size: .8em; margin-top: 8px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 8.5pt; line-height: 1.3; }
  main { max-width: none; padding: 0; display: grid; grid-template-columns: 1fr 1fr; column-gap: 6px;
         align-items: start; }
  header, footer, #audience, #content, #team, #debrief { grid-column: 1 / -1; }
  header { margin-bottom: 6px; }
  section { border-color: #bbb; padding: 5px 8px; margin-bottom: 6px; }
  h3 { margin: 4px 0 2px; }
  figure img { max-height: 55mm; }
  .first-posts { display: none; }
  .smart span, .mix span, th, .chips li, .rose-grid div { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


_DEFANG = re.compile(r"//|@import|url\(", re.I)


def _defang(match: re.Match) -> str:
    found = match.group(0)
    if found == "//":
        return "/&#47;"
    return "&#64;" + found[1:] if found.startswith("@") else found[:-1] + "&#40;"


def esc(value: Any) -> str:
    """Participant text, safe inside HTML text and attributes.

    Beyond :func:`html.escape`, ``//``, ``@import`` and ``url(`` are written as character
    references: a browser shows the same text, and a scan of the file for external addresses
    (as the tests do) only finds real ones."""
    text = html.escape(visible(_CONTROL.sub("", "" if value is None else str(value))), quote=True)
    return _DEFANG.sub(_defang, text)


class _Page:
    def __init__(self, lang: str):
        self.lang = lang

    def t(self, key: str, **kw: Any) -> str:
        """A label from the catalogue, escaped (labels may carry participant text via placeholders)."""
        return esc(t(f"export.onepager.{key}", self.lang, **kw))

    def field(self, key: str) -> str:
        return esc(t(f"fields.{key}", self.lang))

    def empty(self) -> str:
        return f'<span class="empty">{self.t("empty")}</span>'

    def text(self, value: Any) -> str:
        return esc(value) if value not in (None, "") else self.empty()

    def chips(self, items: list[str]) -> str:
        items = [i for i in items if str(i).strip()]
        if not items:
            return self.empty()
        return '<ul class="chips">' + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"

    def bullets(self, items: list[str]) -> str:
        items = [i for i in items if str(i).strip()]
        if not items:
            return self.empty()
        return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"

    def dl(self, pairs: list[tuple[str, str]]) -> str:
        return "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in pairs) + "</dl>"


def _chart(name: str, args: tuple, lang: str, alt_text: str) -> str:
    """A chart from :mod:`helpers.charts` as an embedded SVG image, or "" when not available."""
    try:
        from . import charts

        fn: Callable | None = getattr(charts, name, None)
        if fn is None:
            return ""
        svg = charts.to_svg(fn(*args, lang=lang))
    except Exception:  # a chart must never cost the group its one-pager
        log.warning("chart %s left out of the one-pager", name, exc_info=True)
        return ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<figure><img alt="{esc(alt_text)}" src="data:image/svg+xml;base64,{data}"></figure>'


def _audience(doc: model.Strategy, p: _Page) -> str:
    a = doc.audience
    ages = ""
    if a.age_min is not None or a.age_max is not None:
        ages = p.t("ages", low=a.age_min if a.age_min is not None else "?",
                   high=a.age_max if a.age_max is not None else "?")
    name = f"<h3>{esc(a.persona_name)}</h3>" if a.persona_name else ""
    quote = f'<p class="quote">“{esc(a.persona_quote)}”</p>' if a.persona_quote else ""
    left = p.dl([
        (p.t("age"), ages or p.empty()),
        (p.field("audience.gender"), p.text(value_label("gender", a.gender, p.lang))),
        (p.field("audience.occupation"), p.text(a.occupation)),
        (p.field("audience.income"), p.text(value_label("income", a.income, p.lang))),
        (p.field("audience.location"), p.text(a.location)),
    ])
    right = p.dl([
        (p.field("audience.interests"), p.chips(a.interests)),
        (p.field("audience.online_where"), p.chips(a.online_where)),
        (p.field("audience.online_when"), p.chips(a.online_when)),
    ])
    pains = f"<h3>{p.field('audience.pains')}</h3>{p.bullets(a.pains)}"
    gains = f"<h3>{p.field('audience.gains')}</h3>{p.bullets(a.gains)}"
    desc = f"<p>{esc(a.description)}</p>" if a.description else ""
    return (f'<section id="audience"><h2>{p.t("audience")}</h2>{name}{quote}{desc}'
            f'<div class="grid"><div>{left}</div><div>{right}</div><div>{pains}</div><div>{gains}</div></div>'
            "</section>")


def _goals(doc: model.Strategy, p: _Page) -> str:
    parts = []
    for g in doc.goals:
        badges = "".join(
            f'<span class="{"ok" if getattr(g.smart, name) else "no"}" '
            f'title="{p.t("smart." + name)}">{letter}</span>' for name, letter in SMART_LETTERS)
        details = []
        if g.org_goal:
            details.append((p.field("org_goal"), esc(org_goal_name(g.org_goal, p.lang))))
        if g.phase:
            details.append((p.field("phase"), esc(value_label("phase", g.phase, p.lang))))
        if g.kpi or g.platform:
            details.append((p.field("kpi"), esc(" – ".join(x for x in (g.kpi, g.platform) if x))))
        if g.baseline is not None or g.target is not None or g.deadline:
            details.append((p.t("from_to"), p.t(
                "from_to_value", baseline=_number(g.baseline), target=_number(g.target),
                deadline=g.deadline.strftime(t("schedule.date_format", p.lang)) if g.deadline else "?")))
        parts.append(
            f'<div class="goal"><p><span class="smart">{badges}</span>'
            f'<strong>{p.text(g.sentence)}</strong> '
            f'<span class="empty">({p.t("smart_score", score=smart_score(g))})</span></p>'
            f"{p.dl(details) if details else ''}</div>")
    body = "".join(parts) or f"<p>{p.empty()}</p>"
    return f'<section id="goals"><h2>{p.t("goals")}</h2>{body}</section>'


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _channels(doc: model.Strategy, p: _Page) -> str:
    c = doc.content
    chosen = doc.channels.chosen
    rows = []
    for name in chosen:
        rows.append(f"<tr><td>{esc(channel_name(name, p.lang))}</td><td>{esc(c.posts_per_week.get(name, ''))}</td>"
                    f"<td>{esc(days_label(c.days.get(name, []), p.lang))}</td>"
                    f"<td>{esc(', '.join(c.times.get(name, [])))}</td>"
                    f"<td>{esc(', '.join(format_name(f, p.lang) for f in c.formats.get(name, [])))}</td></tr>")
    table = ""
    if rows:
        heads = "".join(f"<th>{esc(t('export.column.' + k, p.lang))}</th>"
                        for k in ("channel", "posts_per_week", "days", "times", "formats"))
        table = f"<table><thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    reason = (f"<h3>{p.field('channels.reason')}</h3><p>{esc(doc.channels.reason)}</p>"
              if doc.channels.reason else "")
    return (f'<section id="channels"><h2>{p.t("channels")}</h2>{p.chips([channel_name(c_, p.lang) for c_ in chosen])}{reason}{table}</section>')


def _content(doc: model.Strategy, p: _Page, charts: bool) -> str:
    c = doc.content
    mix = "".join(f'<span class="{k}" style="width:{int(v)}%"></span>'
                  for k, v in (("hero", c.hero), ("hub", c.hub), ("help", c.help)) if v)
    mix_text = p.t("mix", hero=c.hero, hub=c.hub, help=c.help)
    chart = _chart("hhh_mix", (c.hero, c.hub, c.help), p.lang, t("export.onepager.mix_title", p.lang)) if charts else ""
    # the chart when helpers.charts can draw it, else a bar in plain HTML and CSS
    bar = "" if chart else f'<div class="mix" role="img" aria-label="{mix_text}">{mix}</div>'
    ppw = ", ".join(f"{k}: {v}" for k, v in c.posts_per_week.items() if v)
    pairs = [
        (p.field("content.themes"), p.chips(c.themes)),
        (p.field("content.key_messages"), p.bullets(c.key_messages)),
        (p.field("content.tone"), p.chips(c.tone)),
    ]
    if c.tone_notes:
        pairs.append((p.field("content.tone_notes"), esc(c.tone_notes)))
    pairs.append((p.field("content.posts_per_week"), esc(ppw) if ppw else p.empty()))
    return (f'<section id="content"><h2>{p.t("content")}</h2><div class="grid"><div>{p.dl(pairs)}</div>'
            f'<div><h3>{p.t("mix_title")}</h3>{bar}<p>{mix_text}</p>{chart}</div></div></section>')


def _team(doc: model.Strategy, p: _Page, charts: bool) -> str:
    from .schedule import summary, to_frame

    members = "".join(f"<li>{esc(m.name)}{' – ' + esc(m.role) if m.role else ''}</li>"
                      for m in doc.team.members if m.name or m.role)
    members_html = f'<ul class="chips">{members}</ul>' if members else p.empty()
    fmt = t("schedule.date_format", p.lang)
    task_rows = "".join(
        f"<tr><td>{'✓' if task.done else ''}</td><td>{esc(task.title)}</td><td>{esc(task.owner)}</td>"
        f"<td>{task.due.strftime(fmt) if task.due else ''}</td></tr>" for task in doc.team.tasks)
    tasks = p.empty()
    if task_rows:
        heads = "".join(f"<th>{esc(t('export.column.' + k, p.lang))}</th>" for k in ("done", "title", "owner", "due"))
        tasks = f"<table><thead><tr>{heads}</tr></thead><tbody>{task_rows}</tbody></table>"

    entries = doc.calendar.entries
    if entries:
        s = summary(entries)
        per_channel = ", ".join(f"{esc(k)}: {v}" for k, v in s["per_channel"].items())
        per_owner = ", ".join(f"{esc(k)}: {v}" for k, v in s["per_owner"].items() if k)
        cal = p.dl([
            (p.t("period"), p.t("period_value", first=s["first"].strftime(fmt), last=s["last"].strftime(fmt),
                               total=s["total"])),
            (p.t("per_channel"), per_channel),
            (p.t("layers_planned"), p.t("mix", hero=round(s["layer_share"]["hero"]),
                                       hub=round(s["layer_share"]["hub"]), help=round(s["layer_share"]["help"]))),
            (p.t("per_owner"), per_owner or p.empty()),
        ])
        first = sorted(entries, key=lambda e: (e.date, e.time))[:10]
        heads = "".join(f"<th>{esc(t('export.column.' + k, p.lang))}</th>"
                        for k in ("date", "time", "channel", "title", "layer", "owner"))
        rows = "".join(
            f"<tr><td>{e.date.strftime(fmt)}</td><td>{esc(e.time)}</td><td>{esc(channel_name(e.channel, p.lang))}</td>"
            f"<td>{esc(e.title)}</td><td>{esc(value_label('layer', e.layer, p.lang))}</td>"
            f"<td>{esc(e.owner)}</td></tr>" for e in first)
        cal += (f"<div class=\"first-posts\"><h3>{p.t('first_posts')}</h3>"
                f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table></div>")
        if charts:
            cal += _chart("calendar", (to_frame(entries),), p.lang, t("export.onepager.calendar", p.lang))
    else:
        cal = f"<p>{p.t('no_calendar')}</p>"
    return (f'<section id="team"><h2>{p.t("team")}</h2><h3>{p.field("team.members")}</h3>{members_html}'
            f'<h3>{p.field("team.tasks")}</h3>{tasks}<h3>{p.t("calendar")}</h3>{cal}</section>')


def _debrief(doc: model.Strategy, p: _Page) -> str:
    d = doc.debrief
    if not (d.rose or d.thorn or d.bud):
        return ""
    cells = "".join(f"<div><h3>{p.field('debrief.' + k)}</h3>{p.text(getattr(d, k))}</div>"
                    for k in ("rose", "thorn", "bud"))
    return f'<section id="debrief"><h2>{p.t("debrief")}</h2><div class="rose-grid">{cells}</div></section>'


def render(doc: model.Strategy, lang: str | None = None, charts: bool = True, name: str | None = None) -> str:
    """The one-pager as one HTML document (a string). ``lang`` defaults to the document's language;
    ``charts=False`` leaves the charts out (faster; the numbers stay). ``name``: the group's name as
    it is shown (the trainer's view passes :func:`helpers.names.display_name` among the class);
    default the name as typed, with hidden and bidi characters made visible (:func:`esc`)."""
    lang = lang or doc.language
    p = _Page(lang)
    stamp = doc.updated_at.astimezone().strftime(t("schedule.date_format", lang))
    body = "".join([
        _audience(doc, p), _goals(doc, p), _channels(doc, p), _content(doc, p, charts),
        _team(doc, p, charts), _debrief(doc, p),
    ])
    title = p.t("title", group=doc.group if name is None else name)
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{CSS}</style></head><body><main>"
        f"<header><h1>{title}</h1><p>{p.t('updated', date=stamp, revision=doc.revision)}</p></header>"
        f"{body}<footer>{p.t('footer')}</footer></main></body></html>\n"
    )
