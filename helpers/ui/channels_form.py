"""Step 3: score every platform (audience fit from step 1, brand fit, features, weights) and choose.

The form asks what the workshop needs (seed 003: at least one channel that fits the audience and the
brand): the brand fit of the few platforms that fit step 1's audience best (``channels.shortlist``),
the features wanted and the choice. Rating the other platforms and the weights of the score are
folded away (closed until clicked). The score, the chart and the table follow every change. The
age profile of each platform, on which the audience fit rests, is shown as the assumption it is, and
a group may put in its own figures for a platform (``channels.age_profiles``).
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import channels as logic, charts, model
from ..i18n import t
from .audience_form import CheckGroup, STYLE
from .base import Session, bind, message_label, safe, show_chart, show_message
from .fold import fold
from .step import StepForm
from .lists import html_table

NOT_RATED = -1  # the brand-fit slider's first stop: not rated yet (the score counts it as neutral)
WEIGHT_MAX = 5.0


def _rating_to_doc(value):
    return model.DELETE if value is None or value < 0 else int(value)


def _html(text: str, tag: str = "p") -> widgets.HTML:
    return widgets.HTML(f"<{tag}>{html.escape(text)}</{tag}>")


def _note(text: str | None) -> str:
    """A highlighted note (not an error): for assumptions and advice."""
    if not text:
        return ""
    return (f"<div style='background:#fff8e1;border-left:4px solid #edae49;padding:6px 10px;margin:4px 0'>"
            f"{html.escape(text)}</div>")


class ChannelsForm(StepForm):
    """Brand fit per platform, features wanted, weights; the scores as a chart and a table; the choice."""

    name = "channels"
    section = ("channels",)

    def build(self) -> list[widgets.Widget]:
        self.session.reload()
        s = self.session
        self.platforms = logic.known_platforms()

        # audience fit: what step 1 gave, and the assumption under it
        self.persona = widgets.HTML()
        self.profile_note = widgets.HTML()
        self.profile_table = widgets.HTML()
        self.profile_editor = self._build_profile_editor()
        profiles = widgets.Accordion([widgets.VBox([self.profile_table, self.profile_editor])])
        profiles.set_title(0, t("channelsform.profiles_title"))
        profiles.selected_index = None

        # brand fit: asked of the platforms that fit the audience best (logic.shortlist); every other
        # platform can be rated in a fold. A slider and its row stay the same widgets when the
        # shortlist changes: refresh() only moves the rows between the two places.
        self.brand = {}
        self._brand_rows: dict[str, widgets.Widget] = {}
        for p in self.platforms:
            slider = widgets.SelectionSlider(
                options=[(t("channelsform.not_rated"), NOT_RATED)] + [(str(i), i) for i in range(6)],
                value=NOT_RATED, description=logic.platform_label(p), continuous_update=False,
                style={"description_width": "120px"}, layout=widgets.Layout(width="380px"))
            self.brand[p] = slider
            self._brand_rows[p] = bind(slider, ("channels", "brand_fit", p), s, to_doc=_rating_to_doc,
                                       from_doc=int)
        self.brand_intro = widgets.HTML()
        self.shortlist: list[str] = []
        self.shortlist_box = widgets.VBox()
        self.shortlist_box.add_class("workshop-shortlist")
        self.other_platforms = fold(t("channelsform.other_platforms_title"),
                                    [_html(t("channelsform.other_platforms_intro"))])
        self.other_box = widgets.VBox()
        self.other_platforms.body.children = (*self.other_platforms.body.children, self.other_box)
        self._place_brand_rows(s.doc)

        # features wanted
        self.features = CheckGroup([(logic.feature_label(f), f) for f in logic.FEATURES], columns=3,
                                   normalise=logic.feature_key)
        features_field = bind(self.features, ("channels", "features_wanted"), s, to_doc=list, from_doc=tuple)

        # weights
        current = logic.weights_of(s.doc)
        self.weights = {}
        weight_rows = []
        for c in logic.COMPONENTS:
            slider = widgets.FloatSlider(value=min(current[c], WEIGHT_MAX), min=0, max=WEIGHT_MAX, step=0.5,
                                         description=logic.component_label(c), continuous_update=False,
                                         style={"description_width": "180px"}, layout=widgets.Layout(width="460px"))
            self.weights[c] = slider
            weight_rows.append(bind(slider, ("channels", "weights", c), s, to_doc=float, from_doc=float))
        self.weights_message = widgets.HTML()

        # result
        self.chart = widgets.Output()
        self._drawn: tuple | None = None
        self.table = widgets.HTML()

        # the choice
        self.chosen = CheckGroup([(logic.platform_label(p), p) for p in self.platforms], columns=4,
                                 normalise=logic.platform_key)
        chosen_field = bind(self.chosen, ("channels", "chosen"), s, to_doc=list, from_doc=tuple)
        self.focus = widgets.HTML()
        self.reason = widgets.Textarea(placeholder=t("channelsform.reason_placeholder"),
                                       layout=widgets.Layout(width="95%", height="90px"))
        reason_field = bind(self.reason, ("channels", "reason"), s)

        for w in [*self.brand.values(), self.features, *self.weights.values(), self.chosen]:
            w.observe(self.refresh, names="value")

        def head(key: str) -> widgets.HTML:
            return _html(t(key), "h3")

        self.weights_fold = fold(t("channelsform.weights_title"),
                                 [_html(t("channelsform.weights_intro")), *weight_rows])

        return [
            head("channelsform.audience_heading"), self.persona, self.profile_note, profiles,
            head("channelsform.brand_heading"), self.brand_intro, self.shortlist_box, self.other_platforms,
            head("channelsform.features_heading"), _html(t("channelsform.features_intro")), features_field,
            self.weights_fold, self.weights_message,
            head("channelsform.result_heading"), self.chart, self.table,
            head("channelsform.choice_heading"), _html(t("channelsform.choice_intro")), chosen_field, self.focus,
            _html(t("channelsform.reason_question")), reason_field,
        ]

    def begin(self) -> None:
        self.refresh()

    def follow(self, doc) -> None:
        """Another kernel or laptop saved (step 1 among them): the shortlist, the chart and the
        table follow."""
        self.refresh()

    # -- the shortlist: brand fit asked of the platforms that fit the audience best -----------------
    def _place_brand_rows(self, doc) -> None:
        """Put the sliders of :func:`helpers.channels.shortlist` under the brand question, best fit
        first, and every other platform's in the fold, in the same order; nothing moves when the
        shortlist is the same."""
        ranked = logic.ranked_by_fit(doc)
        top = ranked[:logic.SHORTLIST]
        if top != self.shortlist:
            self.shortlist = top
            self.shortlist_box.children = [self._brand_rows[p] for p in top]
            self.other_box.children = [self._brand_rows[p] for p in ranked[logic.SHORTLIST:]]
        intro = "channelsform.brand_intro" if logic.fit_known(doc) else "channelsform.brand_intro_no_audience"
        text = f"<p>{html.escape(t(intro))}</p>"
        if self.brand_intro.value != text:
            self.brand_intro.value = text

    # -- the age profile: an assumption the group may replace ---------------------------------------
    def _build_profile_editor(self) -> widgets.VBox:
        self.profile_platform = widgets.Dropdown(
            options=[(logic.platform_label(p), p) for p in self.platforms],
            description=t("channelsform.profile_platform"), style=STYLE)
        self.profile_bands = {b: widgets.BoundedFloatText(value=0, min=0, max=100, step=1, description=b,
                                                          style={"description_width": "50px"},
                                                          layout=widgets.Layout(width="150px"))
                              for b in logic.bands()}
        self.profile_save = widgets.Button(description=t("channelsform.profile_save"), icon="check")
        self.profile_reset = widgets.Button(description=t("channelsform.profile_reset"), icon="undo")
        self.profile_message = message_label()
        self.profile_platform.observe(self._fill_profile, names="value")
        self.profile_save.on_click(self._save_profile)
        self.profile_reset.on_click(self._reset_profile)
        self._fill_profile()
        return widgets.VBox([
            _html(t("channelsform.profile_intro")), self.profile_platform,
            widgets.HBox(list(self.profile_bands.values())),
            widgets.HBox([self.profile_save, self.profile_reset]), self.profile_message])

    @safe
    def _fill_profile(self, _change=None):
        profile = logic.age_profiles(self.session.doc).get(self.profile_platform.value, {})
        for band, w in self.profile_bands.items():
            w.value = float(profile.get(band, 0.0))
        show_message(self.profile_message, None)

    @safe
    def _save_profile(self, *_):
        key = self.profile_platform.value
        values = {band: float(w.value) for band, w in self.profile_bands.items()}
        problem = self.session.change(("channels", "age_profiles", key), values)
        total = sum(values.values())
        if problem is None and round(total) != 100:
            problem = t("channelsform.profile_sum", total=f"{total:g}")
        show_message(self.profile_message, problem)
        self.refresh()

    @safe
    def _reset_profile(self, *_):
        key = self.profile_platform.value
        problem = self.session.change(("channels", "age_profiles", key), model.DELETE)
        show_message(self.profile_message, problem)
        self._fill_profile()
        self.refresh()

    # -- showing -------------------------------------------------------------------------------------
    @safe
    def refresh(self, _change=None) -> None:
        doc = self.session.doc
        a = doc.audience
        self._place_brand_rows(doc)
        if a.age_min is not None or a.age_max is not None:
            low = "?" if a.age_min is None else a.age_min
            high = "?" if a.age_max is None else a.age_max
            persona = t("channelsform.persona_ages", low=low, high=high)
        else:
            persona = ""
        where = sorted(logic.platform_label(p) for p in logic.mentioned_platforms(a.online_where))
        if where:
            persona += (" " if persona else "") + t("channelsform.persona_online", platforms=", ".join(where))
        fit_note = logic.fit_note(doc)
        self.persona.value = (f"<p>{html.escape(persona)}</p>" if persona else "") + _note(fit_note)
        self.profile_note.value = _note(logic.age_profile_note(doc))
        df_profiles = logic.age_profile_table(doc)
        self.profile_table.value = html_table(list(df_profiles.columns), df_profiles.values.tolist())

        weights = logic.weights_of(doc)
        given = doc.channels.weights
        all_zero = bool(given) and all(float(given.get(c, 1.0)) == 0 for c in logic.COMPONENTS)
        self.weights_message.value = _note(t("channelsform.weights_all_zero")) if all_zero else ""
        scores = logic.score(doc)
        key = (scores.to_json(), tuple(doc.channels.chosen), tuple(sorted(weights.items())))
        if key != self._drawn:  # drawing takes a moment: only when the picture changes
            show_chart(self.chart, charts.channel_scores(scores, doc.channels.chosen, weights=weights))
            self._drawn = key
        headers = [t("channels.columns.rank"), t("platforms.columns.platform")] + \
                  [logic.component_label(c) for c in logic.COMPONENTS] + [t("channels.columns.total")]
        chosen = set(doc.channels.chosen)
        rows = [[int(r["rank"]), logic.platform_label(r["platform"]) +
                 (" ✓" if r["platform"] in chosen else ""),
                 round(100 * r["audience_fit"]), round(100 * r["brand_fit"]), round(100 * r["features"]),
                 round(100 * r["total"])] for _, r in scores.iterrows()]
        self.table.value = html_table(headers, rows)
        warning = logic.focus_warning(doc.channels.chosen)
        self.focus.value = (f'<span style="color:#b00020">⚠ {html.escape(warning)}</span>' if warning else
                            f'<span style="color:#2e7d32">✓ {html.escape(t("channelsform.focus_ok"))}</span>')


def channels(session: Session | None = None) -> ChannelsForm:
    """Step 3: score the platforms and choose the channels."""
    return ChannelsForm(session)
