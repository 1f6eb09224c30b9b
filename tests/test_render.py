"""What a reader sees is in their language: labels instead of stored codes, numbers and dates as they
write them, table cells that break between words, and participant text that stays text."""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import classroom, labels, model, onepager, render
from helpers.i18n import catalogue, t

LANGS = ("nl", "en")
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> \u202eevil\u202c"
#: stored codes that must never be what a reader sees (whole words, as stored)
CODES = (("platform", "instagram"), ("platform", "facebook"), ("platform", "linkedin"), ("format", "short_video"),
         ("format", "carousel"), ("org_goal", "awareness"), ("org_goal", "lead_generation"), ("phase", "think"),
         ("layer", "hero"), ("layer", "hub"), ("gender", "women"), ("income", "low"), ("status", "draft"),
         ("weekday", "mon"), ("weekday", "thu"), ("progress", "todo"), ("progress", "busy"))
#: English words that must not turn up in Dutch output
ENGLISH = ("Monday", "Thursday", "Mon", "Thu", "January", "July", "June", "Short video", "Brand awareness",
           "women", "low", "draft", "Channel", "Posts per week", "Days", "Times", "Formats", "not yet", "busy")


def coded_doc(lang: str, text: str = "") -> model.Strategy:
    """A document that holds a code wherever the model stores one; ``text`` is added to the free text."""
    doc = model.new_document("Team Codes" + text.replace("\u202e", "").replace("\u202c", ""), lang)  # a name refuses bidi controls
    entry = {"date": "2027-01-04", "time": "19:30", "channel": "instagram", "layer": "hero", "status": "draft",
             "format": "short_video", "title": "Tip" + text, "owner": "Ann"}
    return model.apply_changes(doc, {
        "audience.gender": "women", "audience.income": "low", "audience.age_min": 25, "audience.age_max": 40,
        "audience.description": "Ouders" + text, "audience.persona_name": "Sanne" + text,
        "goals": [{"sentence": "Meer bereik" + text, "org_goal": "awareness", "phase": "think",
                   "kpi": "volgers", "platform": "instagram", "baseline": 1200, "target": 2.5,
                   "deadline": "2027-07-01"},
                  {"sentence": "Leads", "org_goal": "lead_generation", "phase": "do", "platform": "linkedin"}],
        "channels.chosen": ["instagram", "facebook", "linkedin"], "channels.reason": "Past" + text,
        "content.posts_per_week": {"instagram": 2, "facebook": 2, "linkedin": 1},
        "content.days": {"instagram": ["mon", "thu"], "facebook": ["thu"]},
        "content.times": {"instagram": ["19:30"]},
        "content.formats": {"instagram": ["short_video", "carousel"], "facebook": ["carousel"]},
        "content.themes": ["Tips" + text],
        "team.members": [{"name": "Ann" + text, "role": "redactie"}],
        "team.tasks": [{"title": "Foto's" + text, "owner": "Ann", "due": "2027-07-01"}],
        "calendar.entries": [entry, {**entry, "date": "2027-01-07", "channel": "facebook", "layer": "hub"}],
        "debrief.rose": "Samen" + text, "debrief.thorn": "Tijd", "debrief.bud": "TikTok",
    })


class _Page(HTMLParser):
    """The text a reader sees (outside <style>), the tags, and the inline styles."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._style = False
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if not self._style:
            self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(self.text)


def seen(source: str) -> str:
    return _Page(source).words


def assert_no_codes(text: str, lang: str) -> None:
    for kind, code in CODES:
        word = re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])")
        if word.search(labels.label(kind, code, lang)):
            continue  # the label itself holds the word ("busy", "Brand awareness")
        assert not word.search(text), (lang, code)
    if lang == "nl":
        for word in ENGLISH:
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), word


def a_class(tmp_path: Path, *docs: model.Strategy) -> classroom.Class:
    return classroom.Class(folder=tmp_path, groups=[(model.slug(d.group), d) for d in docs])


# -- the one-pager -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_one_pager_shows_labels_never_codes(lang):
    text = seen(onepager.render(coded_doc(lang), lang, charts=False))
    assert_no_codes(text, lang)
    for kind, code in [("platform", "instagram"), ("platform", "facebook"), ("format", "short_video"),
                       ("org_goal", "awareness"), ("phase", "think"), ("gender", "women"),
                       ("income", "low"), ("layer", "hero")]:
        assert labels.label(kind, code, lang) in text, (kind, code)
    assert labels.weekday("thu", lang, short=True) in text


@pytest.mark.parametrize("lang, numbers, dates", [
    ("nl", ("1.200", "2,5", "Instagram: 2", "Facebook: 2"), ("1 juli 2027", "ma 4 jan", "do 7 jan")),
    ("en", ("1,200", "2.5", "Instagram: 2", "Facebook: 2"), ("1 July 2027", "Mon 4 Jan", "Thu 7 Jan")),
])
def test_the_one_pager_writes_numbers_and_dates_as_the_reader_does(lang, numbers, dates):
    text = seen(onepager.render(coded_doc(lang), lang, charts=False))
    for expected in numbers + dates:
        assert expected in text, expected
    assert "2.00" not in text and "1200" not in text and "19:30" in text


def test_a_table_cell_never_splits_inside_a_word():
    page = onepager.render(coded_doc("nl"), charts=False)
    css = page.split("<style>")[1].split("</style>")[0]
    rule = re.search(r"td, th \{([^}]*)\}", css).group(1)
    assert "word-break: keep-all" in rule and "overflow-wrap: normal" in rule
    assert "anywhere" not in css and "break-all" not in css
    assert not re.search(r"\b(td|th)[^{]*\{[^}]*\bwidth:", css)  # no fixed narrow column


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_text_stays_text_in_the_one_pager(lang):
    page = onepager.render(coded_doc(lang, " " + HOSTILE), lang, charts=False)
    tags = {tag for tag, _ in _Page(page).tags}
    assert "script" not in tags and "img" not in tags
    assert not [a for _, attrs in _Page(page).tags for a in attrs if a.startswith("on")]
    assert "\u202e" not in page and "⟨U+202E⟩" in page
    assert seen(page).count("<script>alert(1)</script>") >= 10  # shown, as text, in many places


# -- the class views ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_class_views_show_labels_and_keep_hostile_text_as_text(lang, tmp_path):
    cls = a_class(tmp_path, coded_doc(lang, " " + HOSTILE), coded_doc(lang))
    views = {
        "progress": classroom.progress_html(cls, lang),
        "rose": classroom.rose_wall_html(cls, lang),
        "words": classroom.word_cloud_html([(HOSTILE, 3), ("fijn", 1200)], lang),
        "present": classroom.presentation_html(cls, cls.groups[0][0], lang, charts=False),
    }
    for name, source in views.items():
        page = _Page(source)
        assert not {"script", "img"} & {tag for tag, _ in page.tags}, name
        assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")], name
        assert "\u202e" not in source, name
        if name != "present":
            assert_no_codes(page.words, lang)
    progress = seen(views["progress"])
    assert labels.label("step", "goals", lang) in progress and labels.label("progress", "busy", lang) in progress
    assert t("classroom.words.times", lang, count=render.number(1200, lang)) in views["words"]
    # the one-pager inside the frame: labels, and the hostile text still text
    frame = dict(_Page(views["present"]).tags[0][1])
    assert frame["sandbox"] == ""
    inner = _Page(frame["srcdoc"])
    assert "script" not in {tag for tag, _ in inner.tags}
    assert_no_codes(inner.words, lang)


# -- the formatters ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, expected", [
    ("nl", ["1.200", "2,5", "2", "1 juli 2027", "ma 4 jan", "19:30", "3 minuten geleden", "1 minuut geleden"]),
    ("en", ["1,200", "2.5", "2", "1 July 2027", "Mon 4 Jan", "19:30", "3 minutes ago", "1 minute ago"]),
])
def test_one_formatter_per_kind_per_language(lang, expected):
    now = dt.datetime(2027, 7, 1, 12, 0, tzinfo=dt.timezone.utc)
    got = [render.number(1200, lang), render.number(2.5, lang), render.number(2.0, lang),
           render.date(dt.date(2027, 7, 1), lang), render.day(dt.date(2027, 1, 4), lang), render.time("19:30", lang),
           render.ago(now - dt.timedelta(minutes=3), lang, now), render.ago(now - dt.timedelta(minutes=1), lang, now)]
    assert [g.rstrip(".") for g in got] == expected


def test_the_renderer_escapes_by_default_and_refuses_a_missing_value():
    import jinja2

    env = render.environment()
    page = env.from_string("<p title='{{ x }}'>{{ x }}</p>").render(x="<b onclick=x>'a'//url(</b>\u202e")
    assert "<b" not in page and "'a'" not in page and "//" not in page and "url(" not in page
    assert "\u202e" not in page and "⟨U+202E⟩" in page
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_every_label_exists_in_both_languages():
    for kind, (prefix, codes) in labels._KINDS.items():
        for code in codes:
            for lang in LANGS:
                assert f"{prefix}.{code}" in catalogue(lang), (kind, code, lang)
    for lang in LANGS:
        assert labels.label("org_goal", "awareness", lang) != "awareness"
        assert labels.label("platform", "x", lang) != "x"


# -- the trainer's dashboard -------------------------------------------------------------------------

@pytest.mark.parametrize("lang, expected", [("nl", ("2,5", "1.200", "4 jan 2027", "3 minuten geleden")),
                                            ("en", ("2.5", "1,200", "4 Jan 2027", "3 minutes ago"))])
def test_the_dashboard_tables_write_numbers_dates_and_times_ago_per_language(lang, expected, tmp_path):
    import pandas as pd

    from helpers.ui import dashboard_form as dfm

    table = dfm.table_html(pd.DataFrame({"x": [2.5, 1200.0], "when": [dt.date(2027, 1, 4), None],
                                         "text": [HOSTILE, "Instagram"]}), lang)
    shown = seen(table)
    for text in expected[:3]:
        assert text in shown
    assert "2.50" not in shown and "1200.0" not in shown and "nan" not in shown.lower()
    assert "script" not in {tag for tag, _ in _Page(table).tags} and "\u202e" not in table
    doc = coded_doc(lang)
    now = doc.updated_at + dt.timedelta(minutes=3, seconds=5)
    grid = dfm.progress_grid_html(a_class(tmp_path, doc), lang, now=now)
    assert expected[3] in seen(grid)
    assert_no_codes(seen(grid), lang)
