"""Every word a participant reads is in their language and no internal code shows: each part of
the app (lesson text, forms, messages, tables), the one-pager and every export (CSV, Excel,
iCalendar, HTML), for a group that finished every step, in Dutch and in English."""
from __future__ import annotations

import html
import io
import random
import re

import openpyxl
import pytest

from helpers import export, i18n, labels, lessons, model, onepager
from helpers.ui import app
from helpers.ui.base import Session

from conftest import import_every_module
from factories import make_group

#: Everyday words that only one of the two languages has (none is a loanword the other uses).
WORDS = {
    "nl": {"het", "een", "van", "voor", "niet", "bij", "wordt", "jullie", "doelgroep", "kanalen", "kalender",
           "klaar", "bewaard", "stap", "groep", "nog", "waar", "hoe", "wie", "maandag", "dinsdag", "woensdag",
           "donderdag", "vrijdag", "zaterdag", "zondag", "doelen", "taken", "gepland", "opgeslagen", "kies"},
    "en": {"the", "and", "with", "your", "for", "not", "audience", "channels", "calendar", "ready", "saved",
           "step", "group", "yet", "where", "how", "who", "monday", "tuesday", "wednesday", "thursday", "friday",
           "saturday", "sunday", "goals", "tasks", "planned", "choose", "which"},
}
#: Words of the other language that this one borrows ("how-to video" is Dutch marketing talk).
LOANWORDS = {"nl": {"how"}, "en": set()}
TOKEN = re.compile(r"[A-Za-zÀ-ÿ_]+(?:'[a-z]+)?")


def widget_texts(widget) -> list[str]:
    """What a widget tree shows: values of text widgets and HTML, descriptions, placeholders,
    option labels, tooltips, button texts."""
    out = []
    chooses = hasattr(widget, "options") and not hasattr(widget, "ensure_option")  # its value is a code, not shown
    for attr in ("description", "placeholder", "tooltip") if chooses else ("value", "description", "placeholder", "tooltip"):
        value = getattr(widget, attr, None)
        if isinstance(value, str) and not (attr == "value" and value.startswith("<style>")):
            out.append(value)
    for option in getattr(widget, "options", ()) or ():
        out.append(option[0] if isinstance(option, tuple) else str(option))
    for tip in getattr(widget, "tooltips", ()) or ():
        out.append(str(tip))
    for child in getattr(widget, "children", ()) or ():
        out.extend(widget_texts(child))
    for output in getattr(widget, "outputs", ()) or ():
        data = output.get("data", {})
        out.append(str(data.get("image/svg+xml", "")))
    return out


def plain(text: str) -> str:
    """Text as read: tags, entities, data: links and SVG markup out."""
    text = re.sub(r'(?:href|src)="data:[^"]*"', "", text)
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def answers_words(doc: model.Strategy) -> set[str]:
    """Words the group typed itself (in whatever language they wrote): not ours to judge."""
    typed = []

    def walk(node):
        if isinstance(node, str):
            typed.append(node)
        elif isinstance(node, dict):
            for k, v in node.items():
                typed.append(str(k))
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc.model_dump(mode="json", exclude={"language"}))
    return {w.lower() for text in typed for w in TOKEN.findall(text)}


def codes_with_own_labels(lang: str) -> set[str]:
    """Stored codes whose label in ``lang`` is another word: the code itself must never show."""
    import_every_module()
    found = set()
    for name, (template, codes) in labels.REGISTRY.items():
        for code in codes:
            code = str(code)
            if "_" not in code and not code.isalpha():
                continue
            shown = i18n.t(template.format(code), lang) if i18n.has(template.format(code), lang) else code
            if shown != code and len(code) > 2:
                found.add(code)
    names = i18n.catalogue(lang)
    found |= {key.rsplit(".", 1)[1] for key in names if key.startswith("platforms.names.")
              and names[key] != key.rsplit(".", 1)[1]}
    return found


def vocabulary(lang: str) -> set[str]:
    """Every word our own texts in ``lang`` use (catalogues and lesson pages): a code that is also
    one of these words ("weekend", "score") is that word, not a leak."""
    texts = list(i18n.catalogue(lang).values())
    for part in model.PARTS:
        texts += [cell.html for cell in lessons.cells(part, lang)]
    return {w for text in texts for w in TOKEN.findall(plain(str(text)))}  # as written: "Instagram", not "instagram"


def problems(text: str, lang: str, typed: set[str]) -> list[str]:
    other = WORDS["en" if lang == "nl" else "nl"] - LOANWORDS[lang]
    codes = codes_with_own_labels(lang) - vocabulary(lang)
    found = []
    for token in TOKEN.findall(re.sub(r"\.[a-z]{2,4}\b", " ", plain(text))):  # a file's extension is not a word
        low = token.lower()
        if low in typed:
            continue
        if low in other:
            found.append(f"other language: {token}")
        if "_" in token or token in codes:
            found.append(f"code: {token}")
    return found


@pytest.fixture
def finished(workspace):
    """A group that did every step (answers typed in Dutch, as the factories write them)."""
    def make(lang: str) -> Session:
        doc = make_group(1, random.Random(7), finished=True).model_copy(update={"language": lang})
        workspace.create(doc.group, lang)
        workspace.update(doc.group, {k: v for k, v in doc.model_dump(mode="json").items()
                                     if k in ("checkin", "audience", "goals", "channels", "content", "team",
                                              "calendar", "debrief")})
        s = Session(workspace, delay=0.01)
        s.open(doc.group)
        Session.reset(s)
        return s
    return make


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_part_the_one_pager_and_every_export_speak_one_language_without_codes(lang, finished):
    session = finished(lang)
    doc = session.doc
    typed = answers_words(doc)
    found: dict[str, list[str]] = {}

    a = app(session)
    for part in model.PARTS:
        a.show(part)
        text = "\n".join(widget_texts(a))
        found[f"app {part}"] = problems(text, lang, typed)

    found["one-pager"] = problems(onepager.render(doc, lang, charts=False), lang, typed)
    for fmt in ("csv", "ics", "html"):
        found[fmt] = problems(export.export(doc, fmt, lang).decode("utf-8-sig"), lang, typed)
    book = openpyxl.load_workbook(io.BytesIO(export.export(doc, "xlsx", lang)))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    found["xlsx"] = problems("\n".join(cells + book.sheetnames), lang, typed)

    found = {where: sorted(set(p)) for where, p in found.items() if p}
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_measuring_forms_speak_one_language_without_codes(lang, finished):
    """Lesson page 07 after the example export was read, an A/B test typed and a goal judged: every
    form and the one-pager's section 6 in one language."""
    from helpers import ui

    session = finished(lang)
    i18n.set_language(lang)
    try:
        forms = [ui.measure_import(session)]
        forms[0].example.click()
        session.insert(("measure", "tests"), {"name": "Onderwerpregel", "a_shown": 1200, "a_converted": 36,
                                              "b_shown": 1180, "b_converted": 59})
        session.flush()
        forms += [ui.kpis(session), ui.best_times(session), ui.goal_progress(session), ui.abtest(session),
                  ui.adjust(session)]
        typed = answers_words(session.doc) | {"Onderwerpregel"}
        found = {type(f).__name__: problems("\n".join(widget_texts(f)), lang, typed) for f in forms}
        found["one-pager"] = problems(onepager.render(session.doc, lang, charts=False), lang, typed)
    finally:
        i18n.set_language("nl")
    found = {where: sorted(set(p)) for where, p in found.items() if p}
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_the_scan_finds_a_code_and_a_word_of_the_other_language():
    assert problems("Kies short_video voor Instagram", "nl", set()) == ["code: short_video"]
    assert "other language: the" in problems("Kies the kanaal", "nl", set())
    assert problems("Kies het kanaal", "en", set()) == ["other language: Kies", "other language: het"]
    assert problems("Kanaal: instagram", "nl", set()) == ["code: instagram"]
    assert problems("in het weekend, zie data.csv", "nl", set()) == []  # a Dutch word; a file name
    assert problems("the Noor", "nl", {"the"}) == []   # what the group typed is theirs
