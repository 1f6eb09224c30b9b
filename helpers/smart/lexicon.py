"""The SMART check's language knowledge, read once from ``lexicon/<lang>.yaml``.

Every language file names the same concepts (metrics); a sentence is read with all languages at
once, because participants mix Dutch and English ("10% meer followers op LinkedIn").

Word endings are handled by the Snowball stemmer (``snowballstemmer``, pure Python), imported on the
first sentence that needs it, not when this module is imported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
import re

import snowballstemmer
import yaml

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
LANGS = ("nl", "en")
TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
MIN_COMPOUND_PART = 4  # the shortest metric word recognised at the end of a compound


@lru_cache(maxsize=None)
def raw(lang: str) -> dict:
    """The parsed lexicon file of one language."""
    with open(LEXICON_DIR / f"{lang}.yaml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def reload() -> None:
    """Forget what was read, so the next sentence reads the lexicon files again (for tests and for a
    trainer who edits a file while the workshop runs)."""
    raw.cache_clear()
    _language.cache_clear()
    stem.cache_clear()


def merged(section: str) -> dict:
    """One mapping section of every language file merged (``months``, ``seasons``...)."""
    out: dict = {}
    for lang in LANGS:
        out.update(raw(lang).get(section) or {})
    return out


def words(section: str) -> list[str]:
    """One list section of every language file, longest first (for regex alternations)."""
    out: list[str] = []
    for lang in LANGS:
        out += [w for w in raw(lang).get(section) or [] if w not in out]
    return sorted(out, key=len, reverse=True)


def phrase_pattern(item: str) -> str:
    """The regex of one lexicon entry: words apart by spaces or hyphens, "a|b" either word, a trailing
    "?" an optional word ("all our? channels")."""
    out = ""
    for i, part in enumerate(item.split()):
        optional = part.endswith("?") and len(part) > 1
        alts = "|".join(re.escape(a) for a in sorted(part.rstrip("?").split("|"), key=len, reverse=True))
        word = f"(?:{alts})"
        sep = r"[\s-]+" if i else ""
        out += f"(?:{sep}{word})?" if optional else sep + word
    return out


def alternation(items) -> str:
    """A regex alternation of lexicon entries (see :func:`phrase_pattern`), longest first."""
    return "|".join(phrase_pattern(w) for w in sorted(items, key=len, reverse=True))


def metric_order() -> tuple[str, ...]:
    return tuple(raw(LANGS[0])["metrics"])


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    return snowballstemmer.stemmer(raw(lang)["stemmer"])


@lru_cache(maxsize=20000)
def stem(lang: str, word: str) -> str:
    return _stemmer(lang).stemWord(word)


@dataclass
class _Language:
    lang: str
    stems: dict[str, str] = field(default_factory=dict)  # stem -> concept
    forms: dict[str, str] = field(default_factory=dict)  # word as written -> concept
    verbs: dict[str, str] = field(default_factory=dict)  # verb stem -> concept
    phrases: list[tuple[str, list[tuple[frozenset, bool]]]] = field(default_factory=list)
    heads: frozenset = frozenset()
    linking: tuple[str, ...] = ()
    compounds: bool = False  # compounds written as one word ("websitebezoekers")
    weak: frozenset = frozenset()  # weak concepts
    weak_before: dict[str, re.Pattern] = field(default_factory=dict)  # stem -> what makes it weak


@lru_cache(maxsize=None)
def _language(lang: str) -> _Language:
    data = raw(lang)
    out = _Language(lang)
    for key, spec in data["metrics"].items():
        spec = spec or {}
        for w in spec.get("words") or []:
            out.stems.setdefault(stem(lang, w.lower()), key)
            out.forms.setdefault(w.lower(), key)
        for w in spec.get("forms") or []:
            out.forms.setdefault(w.lower(), key)
        for w in spec.get("verbs") or []:
            out.verbs.setdefault(stem(lang, w.lower()), key)
        for phrase in spec.get("phrases") or []:
            parts = []
            for part in phrase.lower().split():
                optional = part.endswith("?")
                alts = part.rstrip("?").split("|")
                parts.append((frozenset(stem(lang, a) for a in alts), optional))
            out.phrases.append((key, parts))
        if spec.get("weak"):
            out.weak = out.weak | {key}
    out.heads = frozenset(h.lower() for h in data.get("heads") or [])
    out.linking = tuple(data.get("linking") or ())
    out.compounds = bool(data.get("compounds"))
    out.weak_before = {stem(lang, w): re.compile(p) for w, p in (data.get("weak_before") or {}).items()}
    return out


def _phrase_end(parts, stems: list[str], i: int) -> int | None:
    """The token index after a phrase that starts at token ``i``, or None."""
    if not parts:
        return i
    (alts, optional), rest = parts[0], parts[1:]
    if i < len(stems) and stems[i] in alts:
        end = _phrase_end(rest, stems, i + 1)
        if end is not None:
            return end
    return _phrase_end(rest, stems, i) if optional else None


def _word_concept(language: _Language, word: str) -> tuple[str | None, bool]:
    """(concept, weak) for one word of a sentence, or (None, False)."""
    lang = language.lang
    if word in language.forms:
        key = language.forms[word]
        return key, key in language.weak
    s = stem(lang, word)
    key = language.stems.get(s)
    if key is None and "-" in word:  # "linkedin-volgers", "facebook-fans"
        last = word.rsplit("-", 1)[1]
        key = language.forms.get(last) or language.stems.get(stem(lang, last))
    if key is None and language.compounds:  # a compound that ends with a metric word: "instagramvolgers"
        for i in range(3, len(s) - MIN_COMPOUND_PART + 1):
            key = language.stems.get(s[i:])
            if key:
                break
    if key is None and language.compounds:
        for i in range(3, len(word) - MIN_COMPOUND_PART + 1):
            key = language.forms.get(word[i:])
            if key:
                break
    if key is None:  # a compound that starts with one before a head: "conversieratio"
        for head in language.heads:
            if not (word.endswith(head) and len(word) > len(head) + 2):
                continue
            base = word[:-len(head)]
            for part in [base] + [base[:-len(link)] for link in language.linking if base.endswith(link)]:
                if len(part) >= 3:
                    key = language.forms.get(part) or language.stems.get(stem(lang, part))
                    if key:
                        break
            if key:
                break
    if key is not None:
        return key, key in language.weak
    key = language.verbs.get(s)
    return (key, True) if key else (None, False)


def find_metric(low: str) -> str | None:
    """The metric a lower-cased sentence names: a phrase or a noun first, else a verb; the earliest
    wins, then the lexicon's order."""
    order = metric_order()
    tokens = [(m.start(), m.end(), m.group().replace("’", "'")) for m in TOKEN.finditer(low)]
    if not tokens:
        return None
    hits: list[tuple[int, int, int]] = []  # (weak, start, order)
    taken: set[int] = set()
    for lang in LANGS:
        language = _language(lang)
        stems = [stem(lang, w) for _, _, w in tokens]
        for key, parts in language.phrases:
            for i in range(len(tokens)):
                end = _phrase_end(parts, stems, i)
                if end is not None and end > i:
                    hits.append((0, tokens[i][0], order.index(key)))
                    taken.update(range(i, end))
    for i, (start, end, word) in enumerate(tokens):
        if i in taken:
            continue
        for lang in LANGS:
            language = _language(lang)
            key, weak = _word_concept(language, word)
            if key is None:
                continue
            pattern = language.weak_before.get(stem(lang, word))
            if pattern is not None and pattern.match(low, end):
                weak = True
            hits.append((int(weak), start, order.index(key)))
            break
    if not hits:
        return None
    return order[min(hits)[2]]


def merged_numbers(section: str) -> dict:
    """A section of every language's ``numbers`` merged (``words``, ``scales``)."""
    out: dict = {}
    for lang in LANGS:
        out.update((raw(lang).get("numbers") or {}).get(section) or {})
    return out


def words_in(section: str, part: str) -> list[str]:
    """One list of a mapping section (``rhythm``/``units``), every language, longest first."""
    out: list[str] = []
    for lang in LANGS:
        out += [w for w in (raw(lang).get(section) or {}).get(part) or [] if w not in out]
    return sorted(out, key=len, reverse=True)


def words_in_numbers(section: str) -> list[str]:
    out: list[str] = []
    for lang in LANGS:
        out += (raw(lang).get("numbers") or {}).get(section) or []
    return out
