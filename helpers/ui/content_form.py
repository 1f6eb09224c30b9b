"""Step 4: content. Themes, key messages, tone, the Hero-Hub-Help mix, and per chosen channel the
formats, posts per week, days and times; the weekly plan and the mix as charts, with warnings."""
from __future__ import annotations

import html
import re

import ipywidgets as widgets

from .. import charts, content as logic, labels
from ..channels import known_platforms
from ..i18n import t
from .audience_form import CheckGroup, STYLE, label_matcher
from .base import (Session, bind, close_tree, join_lines, message_label, safe, show_chart, show_message, split_lines,
    split_sentences)
from .lists import html_table
from .step import StepForm

TONES = ("informal", "formal", "humorous", "serious", "enthusiastic", "calm", "personal", "expert")
tone_label = labels.kind("tone", "contentform.tones.{}", TONES)
LAYERS = ("hero", "hub", "help")


def times_to_doc(text: str) -> list[str]:
    """"9:00, 19.30" -> ["09:00", "19:30"]: commas, semicolons or spaces between times; one digit
    hours get a leading zero, a time given twice counts once. Anything else is left as typed, for the model to judge and explain."""
    out = []
    for part in re.split(r"[,;\s]+", text or ""):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", part)
        part = f"{int(m.group(1)):02d}:{m.group(2)}" if m else part
        if part not in out:
            out.append(part)
    return out


def times_from_doc(values) -> str:
    return ", ".join(values or [])


class ChannelPlan(widgets.VBox):
    """One channel: formats, posts per week, days and times."""

    def __init__(self, session: Session, channel: str):
        self.channel = channel
        s = session
        self.formats = CheckGroup([(labels.format_(f), f) for f in logic.formats_for(channel)], columns=3)
        self.posts = widgets.BoundedIntText(value=0, min=0, max=70, description=t("fields.content.posts_per_week"),
                                            style=STYLE, layout=widgets.Layout(width="260px"))
        self.days = CheckGroup([(labels.weekday(d, short=True), d) for d in logic.DAYS], columns=7)
        self.times = widgets.Text(placeholder=t("contentform.times_placeholder"), continuous_update=False,
                                  description=t("fields.content.times"), style=STYLE,
                                  layout=widgets.Layout(width="360px"))
        super().__init__([
            widgets.HTML(f"<b>{html.escape(t('contentform.formats_question'))}</b>"),
            bind(self.formats, ("content", "formats", channel), s, to_doc=list, from_doc=tuple),
            bind(self.posts, ("content", "posts_per_week", channel), s, to_doc=int, from_doc=int),
            widgets.HTML(f"<b>{html.escape(t('contentform.days_question'))}</b>"),
            bind(self.days, ("content", "days", channel), s, to_doc=list, from_doc=tuple),
            bind(self.times, ("content", "times", channel), s, to_doc=times_to_doc, from_doc=times_from_doc),
        ])

    def inputs(self) -> list[widgets.Widget]:
        return [self.formats, self.posts, self.days, self.times]


class ContentForm(StepForm):
    """What to post, in which tone and mix, and how often on each chosen channel."""

    name = "content"
    section = ("content",)

    def build(self) -> list[widgets.Widget]:
        self.session.reload()
        s = self.session
        lists = dict(to_doc=split_lines, from_doc=join_lines)

        self.themes = widgets.Textarea(placeholder=t("contentform.themes_placeholder"),
                                       layout=widgets.Layout(width="95%", height="80px"))
        self.key_messages = widgets.Textarea(placeholder=t("contentform.key_messages_placeholder"),
                                             layout=widgets.Layout(width="95%", height="80px"))
        tone_options, tone_normalise = label_matcher(TONES, tone_label)
        self.tone = CheckGroup(tone_options, columns=4, normalise=tone_normalise)
        self.tone_notes = widgets.Textarea(placeholder=t("contentform.tone_notes_placeholder"),
                                           layout=widgets.Layout(width="95%", height="70px"))

        # Hero-Hub-Help: three sliders that always add up to 100 unless the participant says otherwise
        doc = s.doc
        self.mix = {layer: widgets.IntSlider(value=getattr(doc.content, layer), min=0, max=100, step=5,
                                             description=labels.layer(layer), continuous_update=False,
                                             readout_format="d", style={"description_width": "60px"},
                                             layout=widgets.Layout(width="420px"))
                    for layer in LAYERS}
        self.auto = widgets.Checkbox(value=True, description=t("contentform.auto_balance"), indent=False)
        self.mix_sum = widgets.HTML()
        self.mix_message = message_label()
        self._balancing = False
        for layer, slider in self.mix.items():
            slider.observe(lambda change, layer=layer: self._mix_changed(layer), names="value")
        self.mix_chart = widgets.Output()
        hhh = logic.hhh_table()
        hhh_view = widgets.HTML(html_table([hhh.index.name or ""] + list(hhh.columns),
                                           [[i, *row] for i, row in zip(hhh.index, hhh.values.tolist())]))
        reference = widgets.Accordion([hhh_view])
        reference.set_title(0, t("contentform.hhh_table_title"))
        reference.selected_index = None

        # per channel
        self.channels_note = widgets.HTML()
        self.plans: dict[str, ChannelPlan] = {}
        self.channel_tabs = widgets.Accordion()
        self._build_channels()
        self.reload_button = widgets.Button(description=t("contentform.reload_channels"), icon="refresh")
        self.reload_button.on_click(self._reload_channels)

        self.plan_chart = widgets.Output()
        self._drawn: dict[str, object] = {}
        self.warnings = widgets.HTML()

        self.auto.observe(self._auto_changed, names="value")

        def head(key: str) -> widgets.HTML:
            return widgets.HTML(f"<h3>{html.escape(t(key))}</h3>")

        def question(key: str) -> widgets.HTML:
            return widgets.HTML(f"<b>{html.escape(t(key))}</b>")

        return [
            head("contentform.what_heading"),
            question("contentform.themes_question"), bind(self.themes, ("content", "themes"), s, **lists),
            question("contentform.key_messages_question"),
            bind(self.key_messages, ("content", "key_messages"), s, to_doc=split_sentences, from_doc=join_lines),
            head("contentform.tone_heading"),
            question("contentform.tone_question"),
            bind(self.tone, ("content", "tone"), s, to_doc=list, from_doc=tuple),
            bind(self.tone_notes, ("content", "tone_notes"), s),
            head("contentform.mix_heading"), widgets.HTML(f"<p>{html.escape(t('contentform.mix_intro'))}</p>"),
            *self.mix.values(), self.auto, self.mix_sum, self.mix_message, self.mix_chart, reference,
            head("contentform.channels_heading"), self.channels_note, self.channel_tabs, self.reload_button,
            head("contentform.plan_heading"), self.plan_chart, self.warnings,
        ]

    def begin(self) -> None:
        self._show_sum()
        self.refresh()

    def follow(self, doc) -> None:
        """Another kernel or laptop saved a change: show its mix (unless being moved here)."""
        busy = self.session.busy_paths()
        if not any(("content", layer) in busy for layer in LAYERS):
            self._balancing = True
            try:
                for layer, slider in self.mix.items():
                    if slider.value != getattr(doc.content, layer):
                        slider.value = getattr(doc.content, layer)
            finally:
                self._balancing = False
            self._show_sum()
        if list(self.plans) != list(self._channels()):  # channels chosen or dropped in step 3
            self._build_channels()
        self.refresh()

    # -- channels ------------------------------------------------------------------------------------
    def _channels(self) -> list[str]:
        chosen = list(self.session.doc.channels.chosen)
        return chosen or known_platforms()

    def _build_channels(self) -> None:
        chosen = list(self.session.doc.channels.chosen)
        self.channels_note.value = "" if chosen else (
            f"<div style='background:#fff8e1;border-left:4px solid #edae49;padding:6px 10px'>"
            f"{html.escape(t('contentform.no_channels'))}</div>")
        for old in self.plans.values():  # their fields stop being bound when they go
            close_tree(old)
        self.plans = {}
        for channel in self._channels():
            plan = ChannelPlan(self.session, channel)
            for w in plan.inputs():
                w.observe(self.refresh, names="value")
            self.plans[channel] = plan
        self.channel_tabs.children = list(self.plans.values())
        for i, channel in enumerate(self.plans):
            self.channel_tabs.set_title(i, labels.platform(channel))
        self.channel_tabs.selected_index = 0 if chosen else None

    @safe
    def _reload_channels(self, *_):
        self.session.reload()
        self._build_channels()
        self.refresh()

    # -- the mix -------------------------------------------------------------------------------------
    @safe
    def _mix_changed(self, layer: str):
        if self._balancing:
            return
        values = {k: int(w.value) for k, w in self.mix.items()}
        if self.auto.value:
            values = balance(values, layer)
            self._balancing = True
            try:
                for k, w in self.mix.items():
                    w.value = values[k]
            finally:
                self._balancing = False
        problems = self.session.change_many({("content", k): v for k, v in values.items()})
        problem = next(iter(problems.values()), None)
        if problem is None and sum(values.values()) != 100:
            problem = logic.mix_problem(values["hero"], values["hub"], values["help"])
        show_message(self.mix_message, problem)
        self._show_sum()
        self.refresh()

    @safe
    def _auto_changed(self, change):
        if change["new"]:
            self._mix_changed("hub")  # Help takes up the difference

    def _show_sum(self) -> None:
        total = sum(int(w.value) for w in self.mix.values())
        color = "#2e7d32" if total == 100 else "#b00020"
        mark = "✓" if total == 100 else "⚠"
        self.mix_sum.value = (f"<span style='color:{color}'>{mark} "
                              f"{html.escape(t('contentform.mix_total', total=total))}</span>")

    # -- showing -------------------------------------------------------------------------------------
    @safe
    def refresh(self, _change=None) -> None:
        doc = self.session.doc
        mix = tuple(int(self.mix[k].value) for k in LAYERS)
        if mix != self._drawn.get("mix"):  # drawing takes a moment: only when the picture changes
            show_chart(self.mix_chart, charts.hhh_mix(*mix))
            self._drawn["mix"] = mix
        plan = logic.plan(doc)
        key = plan.to_json()
        if key != self._drawn.get("plan"):
            show_chart(self.plan_chart, charts.content_plan(plan))
            self._drawn["plan"] = key
        problems = logic.frequency_problems(doc)
        if problems:
            items = "".join(f"<li>{html.escape(text)}</li>" for text in problems.values())
            self.warnings.value = (f"<div style='color:#8a4b00'><b>⚠ {html.escape(t('contentform.warnings'))}</b>"
                                   f"<ul>{items}</ul></div>")
        else:
            self.warnings.value = ""


def balance(values: dict[str, int], moved: str) -> dict[str, int]:
    """Keep Hero + Hub + Help at 100 after ``moved`` changed: Help takes up the difference when Hero
    or Hub moved (then Hub, then Hero, when Help cannot); Hub when Help moved (then Hero)."""
    v = {k: max(0, min(100, int(values.get(k, 0)))) for k in LAYERS}
    order = {"hero": ("help", "hub"), "hub": ("help", "hero"), "help": ("hub", "hero")}[moved]
    rest = 100 - v[moved]
    first, second = order
    v[first] = max(0, rest - v[second])
    if v[first] + v[second] > rest:
        v[second] = rest - v[first]
    return v


def content(session: Session | None = None) -> ContentForm:
    """Step 4: themes, tone, Hero-Hub-Help mix and the posting plan per channel."""
    return ContentForm(session)
