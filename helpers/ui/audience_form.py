"""Step 1: the audience and its persona, and how many people in the Netherlands use each platform.

:func:`audience` is the form with a persona card that follows the typing. It asks first what the
workshop needs (seed 003: ages, gender, occupation, income, interests); location, where and when
online, pains and gains, persona name, quote and description are folded under "more" (an
``Accordion``, closed until clicked) for a group with time left. :func:`platform_use` shows the
platform figures with their source. :class:`CheckGroup` (a row of checkboxes with one ``value``) is
shared with the channel and content forms.
"""
from __future__ import annotations

import html
import re
from typing import Any, Callable, Iterable
import typing

import ipywidgets as widgets
import traitlets

from .. import channels, charts, labels, model
from ..channels import known_platforms, platform_key, platform_label
from ..i18n import LANGUAGES, t
from .base import (Session, bind, join_lines, message_label, safe, show_chart, show_message, split_lines,
    split_sentences, stylesheet)
from .fold import fold
from .step import StepForm

MOMENTS = ("weekday_morning", "lunch", "weekday_afternoon", "evening", "late_evening", "weekend")
moment_label = labels.kind("moment", "audience.moments.{}", MOMENTS)
gender_choice = labels.kind("gender_choice", "audience.gender.{}", labels.GENDERS)  # as the form offers them
income_choice = labels.kind("income_choice", "audience.income.{}", labels.INCOMES)
STYLE = {"description_width": "initial"}


def wide() -> widgets.Layout:
    """A field across the form (a Layout of its own: a shared one closed with one form breaks the next)."""
    return widgets.Layout(width="95%")


# --------------------------------------------------------------------------------------------------
# A group of checkboxes with one value

class CheckGroup(widgets.VBox):
    """Checkboxes for ``options`` (pairs of label and value) with one ``value``: the tuple of the
    values ticked, in the order of the options, followed by the free items.

    A value set from the document that matches no option (after ``normalise``) is never lost: it is
    shown in the "other" text field when there is one (``other``, its placeholder), and otherwise
    kept as it is and given back in ``value``."""

    value = traitlets.Tuple()

    def __init__(self, options: Iterable[tuple[str, Any]], columns: int = 4,
                 normalise: Callable[[str], Any] | None = None, other: str | None = None,
                 description: str = ""):
        self.options = list(options)
        values = [v for _, v in self.options]
        self._normalise = normalise or (lambda item: item if item in values else None)
        self._syncing = False
        self._extra: tuple = ()
        self.boxes = {v: widgets.Checkbox(value=False, description=label, indent=False,
                                          layout=widgets.Layout(width="auto"))
                      for label, v in self.options}
        grid = widgets.GridBox(list(self.boxes.values()), layout=widgets.Layout(
            grid_template_columns=f"repeat({max(1, columns)}, max-content)", grid_gap="0 18px"))
        children: list[widgets.Widget] = []
        if description:
            children.append(widgets.HTML(f"<b>{html.escape(description)}</b>"))
        children.append(grid)
        self.other = None
        if other is not None:
            self.other = widgets.Text(placeholder=other, layout=widgets.Layout(width="60%"))
            children.append(self.other)
        super().__init__(children)
        self.add_class("workshop-checkgroup")
        for box in self.boxes.values():
            box.observe(self._from_children, names="value")
        if self.other is not None:
            self.other.observe(self._from_children, names="value")

    def box(self, value: Any) -> widgets.Checkbox:
        """The checkbox of the option ``value``."""
        return self.boxes[value]

    @traitlets.validate("value")
    def _valid(self, proposal):
        return tuple(proposal["value"] or ())

    @traitlets.observe("value")
    def _to_children(self, change):
        if self._syncing:
            return
        self._syncing = True
        try:
            chosen, rest = set(), []
            for item in change["new"]:
                match = self._normalise(item) if isinstance(item, str) else None
                if match is not None and match in self.boxes:
                    chosen.add(match)
                else:
                    rest.append(item)
            for v, box in self.boxes.items():
                box.value = v in chosen
            if self.other is not None:
                self.other.value = ", ".join(str(r) for r in rest)
                self._extra = ()
            else:
                self._extra = tuple(rest)
        finally:
            self._syncing = False

    def _from_children(self, _change=None):
        if self._syncing:
            return
        ticked = [v for v, box in self.boxes.items() if box.value]
        rest = split_lines(self.other.value.replace("\n", ",")) if self.other is not None else list(self._extra)
        self._syncing = True
        try:
            self.value = tuple(ticked + [r for r in rest if r not in ticked])
        finally:
            self._syncing = False


def _safe_age(text: str):
    try:
        return _parse_age(text)
    except ValueError:
        return "?"


def label_matcher(keys: Iterable[str], label_of: Callable[..., str]) -> tuple[list[tuple[str, str]],
                                                                            Callable[[str], str | None]]:
    """Options whose stored value is the label in the current language (readable in the one-pager),
    and a ``normalise`` that also recognises the label in the other language or the bare key."""
    keys = list(keys)
    options = [(label_of(k), label_of(k)) for k in keys]
    known: dict[str, str] = {}
    for k in keys:
        current = label_of(k)
        known[k.casefold()] = current
        for lang in LANGUAGES:
            known[label_of(k, lang).strip().casefold()] = current
    return options, lambda item: known.get(str(item).strip().casefold())


def _literals(section: type, field: str) -> list[str]:
    """The choices a ``Literal`` field of the model allows, in the model's order."""
    annotation = section.model_fields[field].annotation
    return [str(a) for a in typing.get_args(annotation)]


# --------------------------------------------------------------------------------------------------
# The persona card

def _age_text(a: model.Audience) -> str:
    if a.age_min is not None and a.age_max is not None:
        return t("audience.card.age_range", low=a.age_min, high=a.age_max)
    if a.age_min is not None:
        return t("audience.card.age_from", low=a.age_min)
    if a.age_max is not None:
        return t("audience.card.age_to", high=a.age_max)
    return ""


def persona_card(audience: model.Audience) -> str:
    """The persona as a card in HTML; every text the participant typed is escaped."""
    a = audience
    e = html.escape
    facts = [_age_text(a),
             gender_choice(a.gender),
             a.occupation,
             t("audience.card.income", income=income_choice(a.income)) if a.income else "",
             a.location]
    facts = [f for f in facts if f]

    def items(label_key: str, values: list[str], emoji: str) -> str:
        if not values:
            return ""
        lis = "".join(f"<li>{e(v)}</li>" for v in values)
        return (f"<div style='flex:1 1 45%;min-width:200px'><b>{emoji} {e(t(label_key))}</b>"
                f"<ul style='margin:2px 0 8px 0'>{lis}</ul></div>")

    blocks = "".join([
        items("fields.audience.interests", a.interests, "🎯"),
        items("fields.audience.online_where", a.online_where, "📱"),
        items("fields.audience.online_when", a.online_when, "🕒"),
        items("fields.audience.pains", a.pains, "😣"),
        items("fields.audience.gains", a.gains, "🌟"),
    ])
    empty = not (facts or blocks or a.persona_name or a.persona_quote or a.description)
    name = e(a.persona_name) if a.persona_name else e(t("audience.card.unnamed"))
    parts = [f"<h3 style='margin:0 0 4px 0'>👤 {name}</h3>"]
    if a.persona_quote:
        parts.append(f"<p style='font-style:italic;margin:0 0 6px 0'>“{e(a.persona_quote)}”</p>")
    if facts:
        parts.append(f"<p style='margin:0 0 6px 0'>{' · '.join(e(f) for f in facts)}</p>")
    if blocks:
        parts.append(f"<div style='display:flex;flex-wrap:wrap;gap:4px 16px'>{blocks}</div>")
    if a.description:
        parts.append(f"<p style='margin:4px 0 0 0;white-space:pre-wrap'>{e(a.description)}</p>")
    if empty:
        parts.append(f"<p style='color:#555'>{e(t('audience.card.empty'))}</p>")
    return ("<div class='workshop-persona' style='border:1px solid #bbb;border-radius:8px;padding:12px 16px;"
            f"max-width:720px;background:#fafafa'>{''.join(parts)}</div>")


# --------------------------------------------------------------------------------------------------
# The form

def _parse_age(text: str) -> int | None:
    """"" -> None, "25" -> 25, "-3" -> -3 (the model says what is wrong); anything else is a problem."""
    text = (text or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"[-+]?\d{1,6}", text):
        raise ValueError(text)
    return int(text)


class AudienceForm(StepForm):
    """Who is the audience? Every answer saved at once; the persona card follows the typing."""

    name = "audience"
    section = ("audience",)

    def build(self) -> list[widgets.Widget]:
        self.session.reload()
        s = self.session

        # ages: two fields saved together, so the check "from <= to" never strands one of them
        self.age_min = widgets.Text(description=t("fields.audience.age_min"), placeholder=t("audience.age_placeholder"),
                                    continuous_update=False, style=STYLE, layout=widgets.Layout(width="200px"))
        self.age_max = widgets.Text(description=t("fields.audience.age_max"), placeholder=t("audience.age_placeholder"),
                                    continuous_update=False, style=STYLE, layout=widgets.Layout(width="200px"))
        self.age_message = message_label()
        self._refused: set[str] = set()  # ages typed here that the model refused (not saved yet)
        doc = s.doc
        self.age_min.value = "" if doc.audience.age_min is None else str(doc.audience.age_min)
        self.age_max.value = "" if doc.audience.age_max is None else str(doc.audience.age_max)
        self.age_min.observe(self._ages_changed, names="value")
        self.age_max.observe(self._ages_changed, names="value")
        for field in ("age_min", "age_max"):
            s._error_listeners[("audience", field)] = lambda msg: show_message(self.age_message, msg)

        self.gender = widgets.Dropdown(
            options=[(gender_choice(g), g) for g in _literals(model.Audience, "gender")],
            value="", description=t("fields.audience.gender"), style=STYLE)
        self.occupation = widgets.Text(description=t("fields.audience.occupation"),
                                       placeholder=t("audience.occupation_placeholder"), style=STYLE, layout=wide())
        self.income = widgets.Dropdown(
            options=[(income_choice(i), i) for i in _literals(model.Audience, "income")],
            value="", description=t("fields.audience.income"), style=STYLE)
        self.location = widgets.Text(description=t("fields.audience.location"),
                                     placeholder=t("audience.location_placeholder"), style=STYLE, layout=wide())
        self.interests = self._area("audience.interests_placeholder")
        self.online_where = self._platforms_group()
        when_options, when_normalise = label_matcher(MOMENTS, moment_label)
        self.online_when = CheckGroup(when_options, columns=3, normalise=when_normalise,
                                      other=t("audience.other_moments"))
        self.pains = self._area("audience.pains_placeholder")
        self.gains = self._area("audience.gains_placeholder")
        self.persona_name = widgets.Text(description=t("fields.audience.persona_name"),
                                         placeholder=t("audience.persona_name_placeholder"), style=STYLE, layout=wide())
        self.persona_quote = widgets.Text(description=t("fields.audience.persona_quote"),
                                          placeholder=t("audience.persona_quote_placeholder"), style=STYLE, layout=wide())
        self.description = widgets.Textarea(placeholder=t("audience.description_placeholder"),
                                            layout=widgets.Layout(width="95%", height="90px"))
        lists = dict(to_doc=split_lines, from_doc=join_lines)
        sentences = dict(to_doc=split_sentences, from_doc=join_lines)
        groups = dict(to_doc=list, from_doc=tuple)
        fields = {
            "gender": bind(self.gender, ("audience", "gender"), s),
            "occupation": bind(self.occupation, ("audience", "occupation"), s),
            "income": bind(self.income, ("audience", "income"), s),
            "location": bind(self.location, ("audience", "location"), s),
            "interests": bind(self.interests, ("audience", "interests"), s, **lists),
            "online_where": bind(self.online_where, ("audience", "online_where"), s, **groups),
            "online_when": bind(self.online_when, ("audience", "online_when"), s, **groups),
            "pains": bind(self.pains, ("audience", "pains"), s, **sentences),
            "gains": bind(self.gains, ("audience", "gains"), s, **sentences),
            "persona_name": bind(self.persona_name, ("audience", "persona_name"), s),
            "persona_quote": bind(self.persona_quote, ("audience", "persona_quote"), s),
            "description": bind(self.description, ("audience", "description"), s),
        }
        self.card = widgets.HTML()
        self.card.add_class("workshop-persona-card")
        for w in (self.gender, self.occupation, self.income, self.location, self.interests, self.online_where,
                  self.online_when, self.pains, self.gains, self.persona_name, self.persona_quote,
                  self.description):
            w.observe(self._refresh_card, names="value")

        def head(key: str) -> widgets.HTML:
            return widgets.HTML(f"<h3>{html.escape(t(key))}</h3>")

        def question(key: str) -> widgets.HTML:
            return widgets.HTML(f"<b>{html.escape(t(key))}</b>")

        def para(key: str) -> widgets.HTML:
            return widgets.HTML(f"<p>{html.escape(t(key))}</p>")

        # what the workshop needs (seed 003): ages, gender, occupation, income, interests; the rest
        # is folded away for a group with time left
        self.more = fold(t("audience.more_title"), [
            para("audience.more_intro"),
            fields["location"],
            head("audience.online_heading"),
            question("audience.where_question"), fields["online_where"],
            question("audience.when_question"), fields["online_when"],
            head("audience.pains_gains_heading"),
            question("audience.pains_question"), fields["pains"],
            question("audience.gains_question"), fields["gains"],
            head("audience.persona_heading"),
            fields["persona_name"], fields["persona_quote"],
            question("audience.description_question"), fields["description"],
        ])
        return [
            head("audience.who_heading"),
            widgets.HBox([self.age_min, self.age_max]), self.age_message,
            fields["gender"], fields["occupation"], fields["income"],
            question("audience.interests_question"), fields["interests"],
            self.more,
            head("audience.card_heading"), self.card,
        ]

    def begin(self) -> None:
        self._refresh_card()

    def follow(self, doc) -> None:
        """Another kernel or laptop saved a change: show its ages (unless being typed here)."""
        busy = self.session.busy_paths()
        for field, w in (("age_min", self.age_min), ("age_max", self.age_max)):
            if ("audience", field) in busy:
                continue
            value = getattr(doc.audience, field)
            shown = "" if value is None else str(value)
            if w.value != shown and _safe_age(w.value) != value:
                w.unobserve(self._ages_changed, names="value")
                try:
                    w.value = shown
                finally:
                    w.observe(self._ages_changed, names="value")
        self._refresh_card()

    # -- building ------------------------------------------------------------------------------------
    def _area(self, placeholder_key: str) -> widgets.Textarea:
        return widgets.Textarea(placeholder=t(placeholder_key),
                                layout=widgets.Layout(width="95%", height="80px"))

    def _platforms_group(self) -> CheckGroup:
        known = known_platforms()
        options = [(platform_label(p), platform_label(p)) for p in known]

        def normalise(item: str) -> str | None:
            key = platform_key(item)
            return platform_label(key) if key in known else None

        return CheckGroup(options, columns=4, normalise=normalise, other=t("audience.other_places"))

    # -- callbacks -----------------------------------------------------------------------------------
    @safe
    def _ages_changed(self, change=None):
        """Save the age the participant changed; then the other one too if what is typed there was
        not saved yet (it was refused a moment ago, e.g. "from" above "to"). A value the
        participant did not type is never written back."""
        fields = [("age_min", self.age_min), ("age_max", self.age_max)]
        if change is not None:
            fields.sort(key=lambda fw: fw[1] is not change.get("owner"))
        message = None
        for i, (field, w) in enumerate(fields):
            try:
                value = _parse_age(w.value)
            except ValueError:
                message = message or t("audience.age_not_number", field=model.field_label(("audience", field)))
                continue
            if i > 0 and (field not in self._refused or value == getattr(self.session.doc.audience, field)):
                continue  # not typed here, or saved already: what another kernel saved stays
            problems = self.session.change_many({("audience", field): value})
            if problems:
                self._refused.add(field)
            else:
                self._refused.discard(field)
            message = message or next(iter(problems.values()), None)
        show_message(self.age_message, message)
        self._refresh_card()

    @safe
    def _refresh_card(self, _change=None):
        self.card.value = persona_card(self.session.doc.audience)


# --------------------------------------------------------------------------------------------------
# Platform figures

class PlatformUse(widgets.VBox):
    """Users per platform in the Netherlands, with the source beside the chart and a choice of edition."""

    def __init__(self):
        self.editions = channels.editions()
        options = [(t("audience.platforms.edition", edition=e), e) for e in reversed(self.editions)]
        if len(self.editions) > 1:
            options.append((t("audience.platforms.all_editions"), "all"))
        self.edition = widgets.Dropdown(options=options, value=self.editions[-1] if self.editions else None,
                                        description=t("audience.platforms.edition_choice"), style=STYLE)
        self.chart = widgets.Output()
        self.source = widgets.HTML(layout=widgets.Layout(max_width="340px", margin="0 0 0 16px"))
        self.message = message_label()
        self.edition.observe(self._show, names="value")
        children: list[widgets.Widget] = []
        if len(self.editions) > 1:
            children.append(self.edition)
        self.chart.layout = widgets.Layout(flex="1 1 420px", min_width="0")
        children += [self.message, widgets.HBox([self.chart, self.source])]
        super().__init__([stylesheet(), *children])
        self.add_class("workshop-step")  # a card like the forms (on a phone: the source under the chart)
        self.add_class("workshop-step-platform-use")
        self._show()

    def show_problem(self, text: str) -> None:
        show_message(self.message, text)

    @safe
    def _show(self, _change=None):
        try:
            df = channels.platforms(self.edition.value)
        except ValueError as err:
            show_message(self.message, str(err))
            return
        show_message(self.message, None)
        show_chart(self.chart, charts.platform_users(df))
        self.source.value = source_html(df)


def source_html(df) -> str:
    """Where the figures of ``df`` (one or more editions of :func:`helpers.channels.platforms`) come
    from: source, edition, fieldwork, respondents, and which figures are derived. (The data's
    ``method`` column is the maintainers' provenance note, in English: not shown to participants.)"""

    e = html.escape
    parts = [f"<h4 style='margin:0 0 6px 0'>{e(t('audience.platforms.source_heading'))}</h4>"]
    for edition in sorted(df["edition"].dropna().unique()):
        rows = df[df["edition"] == edition]
        first = rows.iloc[0]
        facts = [
            (t("platforms.columns.source"), first.get("source")),
            (t("platforms.columns.edition"), int(edition)),
            (t("audience.platforms.fieldwork"), first.get("fieldwork")),
            (t("audience.platforms.respondents"), first.get("respondents")),
        ]
        items = "".join(f"<li><b>{e(label)}:</b> {e(str(value))}</li>" for label, value in facts
                        if value is not None and str(value) not in ("", "nan"))
        derived = [platform_label(str(p)) for p, d in zip(rows["platform"], rows.get("derived", []))
                   if str(d).strip().casefold() in ("true", "1", "yes")]
        if derived:
            items += f"<li>≈ {e(t('audience.platforms.derived', platforms=', '.join(derived)))}</li>"
        parts.append(f"<ul style='margin:0 0 8px 0;padding-left:18px'>{items}</ul>")
    parts.append(f"<p><small>{e(t('audience.platforms.how_to_read'))}</small></p>")
    return "".join(parts)


def audience(session: Session | None = None) -> AudienceForm:
    """Step 1: the audience form with its persona card."""
    return AudienceForm(session)


def platform_use() -> PlatformUse:
    """Step 1: how many people in the Netherlands use each platform, with the source."""
    return PlatformUse()
