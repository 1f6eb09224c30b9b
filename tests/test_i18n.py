"""Two complete languages: same keys, same placeholders, the right language chosen."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import i18n
from helpers.i18n import catalogue, placeholders, t

LOCALES = Path(i18n.__file__).parent / "locales"


def test_both_languages_have_the_same_files():
    files = {lang: sorted(p.name for p in (LOCALES / lang).glob("*.yaml")) for lang in i18n.LANGUAGES}
    assert files["nl"] == files["en"]
    assert files["nl"], "no catalogues found"


def test_both_catalogues_have_the_same_keys():
    nl, en = set(catalogue("nl")), set(catalogue("en"))
    assert sorted(nl - en) == [], "keys only in Dutch"
    assert sorted(en - nl) == [], "keys only in English"


def _by_message(cat: dict[str, str]) -> dict[str, set[str]]:
    """Placeholders per message; the plural forms of one message together (English "mentioned
    once" may leave out the {count} that its "other" form has)."""
    out: dict[str, set[str]] = {}
    for key, text in cat.items():
        base, _, form = key.rpartition(".")
        key = base if form in ("one", "other") and f"{base}.one" in cat else key
        out.setdefault(key, set()).update(placeholders(text))
    return out


def test_both_catalogues_have_the_same_placeholders():
    nl, en = _by_message(catalogue("nl")), _by_message(catalogue("en"))
    diff = {k: (nl[k], en.get(k)) for k in nl if nl[k] != en.get(k)}
    assert diff == {}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_message_that_counts_has_a_form_for_one_and_for_more(lang):
    cat = catalogue(lang)
    counting = sorted(k for k, v in cat.items() if placeholders(v) & {"count", "n"}
                      and not k.endswith((".one", ".other")) and not _not_counting(k))
    assert counting == [], "give these a 'one' and an 'other' form"
    for key in [k[: -len(".one")] for k in cat if k.endswith(".one")]:
        assert f"{key}.other" in cat, key
        assert placeholders(cat[f"{key}.other"]) >= placeholders(cat[f"{key}.one"]), key


def _not_counting(key: str) -> bool:
    """Messages whose {count} or {n} is not the number of the nouns around it."""
    return key in {"dashboard.progress.steps_of", "dashboard.present.position", "goals.goal_n", "timer.position",
                   "classroom.export.broken_header"}  # "Bestanden die niet gelezen konden worden: 3"


def test_one_and_more_read_right_in_both_languages():
    assert t("dashboard.summary_broken", "nl", count=1) == "1 bestand kon niet worden gelezen (zie Voortgang)."
    assert t("dashboard.summary_broken", "nl", count=3) == "3 bestanden konden niet worden gelezen (zie Voortgang)."
    assert t("dashboard.summary_broken", "en", count=1) == "1 file could not be read (see Progress)."
    assert t("dashboard.summary_broken", "en", count=0) == "0 files could not be read (see Progress)."
    assert t("classroom.words.times", "en", count=1) == "mentioned once"
    assert t("smart.time_bound.in_days", "nl", n=1) == "nog 1 dag"
    assert t("store.import_merged", "nl", file="a.json", group="X", count=1200).endswith("(1.200 antwoorden bijgewerkt).")
    assert t("store.import_merged", "en", file="a.json", group="X", count=1200).endswith("(1,200 answers updated).")


def test_no_text_is_empty_or_untranslated_by_accident():
    nl, en = catalogue("nl"), catalogue("en")
    assert [k for k, v in nl.items() if not v.strip()] == []
    assert [k for k, v in en.items() if not v.strip()] == []
    # identical sentences in both languages are suspicious unless they are names or short labels
    same = [k for k in nl if nl[k] == en[k] and len(nl[k].split()) > 3]
    assert same == []


def test_every_key_used_in_the_code_exists():
    """Literal keys in t("...") calls, across the package, are all in the Dutch catalogue."""
    used = set()
    for path in Path(i18n.__file__).parent.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if not k.endswith(".") and not i18n.has(k, "nl"))
    assert missing == []


def test_language_order_argument_document_env_default(monkeypatch):
    """The group's own language wins; WORKSHOP_LANG (app mode's --lang) holds until a group is open."""
    assert i18n.current_language() == "nl"
    monkeypatch.setenv("WORKSHOP_LANG", "en")
    assert i18n.current_language() == "en"
    i18n.set_language("nl")
    assert i18n.current_language() == "nl"
    assert i18n.current_language("en") == "en"
    i18n.set_language(None)
    monkeypatch.setenv("WORKSHOP_LANG", "fr")  # unknown: ignored
    assert i18n.current_language() == "nl"


def test_a_page_that_follows_the_language_is_told_when_it_changes():
    heard = []

    class Page:
        def relabel(self, lang):
            heard.append(lang)

    page = Page()
    i18n.on_language_change(page.relabel)
    i18n.set_language("en")
    i18n.set_language("en")  # no change: no call
    i18n.set_language("nl")
    assert heard == ["en", "nl"]
    del page  # a page that is gone is not called
    i18n.set_language("en")
    assert heard == ["en", "nl"]


def test_a_notebook_in_the_english_folder_speaks_english_until_a_document_says_otherwise(monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/me/workshop/notebooks/en/00-check-in.ipynb")
    assert i18n.current_language() == "en"
    i18n.set_language("nl")
    assert i18n.current_language() == "nl"
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/en/notebooks/nl/00-inchecken.ipynb")
    i18n.set_language(None)
    assert i18n.current_language() == "nl"


def test_placeholders_are_filled_and_a_missing_key_never_raises():
    assert t("store.no_revision", "en", rev=9, last=3) == "Version 9 does not exist; choose a version from 1 to 3."
    assert t("no.such.key") == "no.such.key"
    assert "{rev}" in t("store.no_revision", "nl")  # no values: the text as written
    assert t("store.no_revision", "nl", wrong=1)  # wrong values: the text, not an exception


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_command_line_speaks_the_language(monkeypatch, capsys, lang):
    from helpers.cli import main

    monkeypatch.setenv("WORKSHOP_LANG", lang)
    assert main(["groups"]) == 0
    out = capsys.readouterr().out
    assert ("nog geen groepen" if lang == "nl" else "no groups") in out


# -- every key a test can find ---------------------------------------------------------------------------

HELPERS = Path(i18n.__file__).parent
#: the places that may build a key from a code: the labels module (code sets declared with
#: labels.kind, checked below), the model's field labels (keys follow the model's fields), and the
#: one-pager's two prefix helpers (their keys are literal in the template, checked below)
BUILDS_KEYS = {"labels.py", "model.py", "onepager.py"}


def test_no_catalogue_key_is_built_at_run_time():
    built = [f"{p.relative_to(HELPERS)}:{n}" for p in HELPERS.rglob("*.py") if p.name not in BUILDS_KEYS
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"""\bt\(\s*f["']""", line)]
    assert built == [], "write the key out, or declare the codes with labels.kind"


def _key_literals() -> set[str]:
    """String constants in the package that have the shape of a key of a catalogue domain."""
    import ast

    domains = {p.stem for p in (LOCALES / "nl").glob("*.yaml")}
    found = set()
    for path in HELPERS.rglob("*.py"):
        if path.name == "labels.py":  # its key prefixes are checked with the codes (below)
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", node.value) and node.value.split(".")[0] in domains \
                    and not node.value.endswith((".yaml", ".log", ".json", ".csv", ".html", ".ipynb")):
                found.add(node.value)
    return found


def _is_document_path(text: str) -> bool:
    from helpers import model

    try:
        model.get_at(model.Strategy(group="x").model_dump(mode="json"), model.parse_path(text))
        return True
    except (KeyError, IndexError, TypeError, ValueError):
        return False


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_key_written_out_in_the_code_or_a_template_exists(lang):
    missing = sorted(k for k in _key_literals() if not i18n.has(k, lang) and not _is_document_path(k))
    assert missing == []
    for page in (HELPERS / "templates").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        keys = ([f"export.onepager.{k}" for k in re.findall(r"""\bo\(\s*["']([a-z0-9_.]+)["']""", text)]
                + [f"fields.{k}" for k in re.findall(r"""\bf\(\s*["']([a-z0-9_.]+)["']""", text)]
                + re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", text))
        assert [k for k in keys if not i18n.has(k, lang)] == [], page.name


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_declared_code_has_its_label(lang):
    from conftest import import_every_module
    from helpers import labels

    import_every_module()

    assert len(labels.REGISTRY) >= 20
    missing = sorted(key for key in labels.keys() if not i18n.has(key, lang))
    assert missing == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_field_of_the_document_has_a_label(lang):
    """model.field_label builds its keys from the model's own fields: each one has a label (a
    message never names a field by its code, "age profiles")."""
    import typing

    from pydantic import BaseModel

    from helpers import model

    unlabelled = []

    def walk(cls, path):
        for name, info in cls.model_fields.items():
            if name == "id":
                continue
            inner = [a for a in (info.annotation, *typing.get_args(info.annotation))
                     for a in (a, *typing.get_args(a)) if isinstance(a, type) and issubclass(a, BaseModel)]
            if inner:
                walk(inner[0], path + (name,))
            elif model.field_label(path + (name,), lang) == name.replace("_", " "):
                unlabelled.append(".".join(path + (name,)))

    walk(model.Strategy, ())
    assert unlabelled == []
