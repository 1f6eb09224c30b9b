"""Names that a trainer can tell apart: group names (and other typed text) as they are shown.

Pure functions, no widgets, no files.

- :func:`visible` writes every character that changes how text is laid out but has no glyph of its
  own (bidi embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, the marks U+200E,
  U+200F and U+061C, zero-width characters, the word joiner, the byte order mark, the soft hyphen,
  every other character of Unicode category ``Cf``, line and paragraph separators, and the blank
  Hangul fillers) as a visible marker such as ``⟨U+202E⟩``. Text shown this way renders left to right
  exactly as it was typed: "Groep \\u202eA" can no longer pose as another group. A zero-width joiner
  between two symbols (the emoji 👩‍💻) is kept, because there it draws one picture.
- :func:`skeleton` is what a name looks like: NFKC, invisible characters removed, case folded,
  white space collapsed and a small map of Cyrillic and Greek letters that look like Latin ones
  ("Groep А" with a Cyrillic A) replaced by those Latin letters.
- :func:`display_name` (one name) and :func:`display_names` (a whole class at once) give the name as
  the trainer sees it: :func:`visible`, plus a short fingerprint such as ``(#3fa2c1d0)`` when another
  name of the class looks the same but is not the same. The fingerprint is the one at the end of the
  group's file name (:func:`helpers.model.slug`); when two such names share that fingerprint (they
  differ only in case or by NFKC), the first 8 hex digits of the SHA-256 of the exact name are used.
"""
from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache
from typing import Iterable

from .model import slug

__all__ = ["BIDI_CONTROLS", "visible", "is_hidden", "skeleton", "display_name", "display_names", "fingerprint"]

#: embeddings, overrides, isolates and the directional marks
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: characters that draw nothing but are not of category Cf
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f\u2028\u2029\u180e")
_ZWJ = "\u200d"

#: Cyrillic and Greek letters (after case folding) that look like a Latin letter
_LOOKALIKES = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "һ": "h", "ԛ": "q",
    "ԝ": "w", "ӏ": "l", "ɡ": "g", "ү": "y", "ց": "g", "օ": "o",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
})


def is_hidden(char: str) -> bool:
    """Whether ``char`` draws nothing (or only steers the direction of the text around it)."""
    if char in BIDI_CONTROLS or char in _BLANK_LETTERS:
        return True
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and char not in "\n\t")


def _symbol(char: str | None) -> bool:
    return char is not None and (unicodedata.category(char) == "So" or char == "\ufe0f"
                                 or "\U0001f3fb" <= char <= "\U0001f3ff")


def _marker(char: str) -> str:
    return f"⟨U+{ord(char):04X}⟩"


def visible(text: str, keep_lines: bool = True) -> str:
    """``text`` with every hidden character written as a marker ``⟨U+XXXX⟩`` (see the module).

    ``keep_lines``: a line break or tab stays as it is (free text); otherwise it becomes a marker too
    (a name, which is shown on one line)."""
    text = "" if text is None else str(text)
    if text.isascii() and text.isprintable():
        return text
    out = []
    for i, char in enumerate(text):
        if char in "\n\t" and keep_lines:
            out.append(char)
        elif char == "\r" and keep_lines:
            continue
        elif char == _ZWJ and i and _symbol(text[i - 1]) and _symbol(text[i + 1] if i + 1 < len(text) else None):
            out.append(char)
        elif is_hidden(char) or char in "\n\t":
            out.append(_marker(char))
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=4096)
def skeleton(name: str) -> str:
    """What ``name`` looks like, for comparing names (see the module)."""
    text = unicodedata.normalize("NFKC", str(name))
    text = "".join(c for c in text if not is_hidden(c))
    text = text.casefold().translate(_LOOKALIKES)
    return " ".join(unicodedata.normalize("NFC", text).split())


def fingerprint(name: str) -> str:
    """The 8 hex digits at the end of the group's file name (:func:`helpers.model.slug`)."""
    return slug(name).rsplit("-", 1)[-1]


def _exact(name: str) -> str:
    return hashlib.sha256(str(name).encode("utf-8", "surrogatepass")).hexdigest()[:8]


def display_names(names: Iterable[str]) -> dict[str, str]:
    """Every distinct name of ``names`` -> :func:`display_name` of it among all of them (linear time)."""
    distinct = list(dict.fromkeys(str(n) for n in names))
    by_look: dict[str, list[str]] = {}
    for name in distinct:
        by_look.setdefault(skeleton(name), []).append(name)
    out: dict[str, str] = {}
    for look, group in by_look.items():
        if len(group) == 1:
            out[group[0]] = visible(group[0], keep_lines=False)
            continue
        prints = [fingerprint(n) for n in group]
        for name, mark in zip(group, prints):
            if prints.count(mark) > 1:
                mark = _exact(name)
            out[name] = f"{visible(name, keep_lines=False)} (#{mark})"
    return out


def display_name(name: str, others: Iterable[str] = ()) -> str:
    """``name`` as a trainer sees it among ``others`` (the other names of the class; ``name`` itself
    may be among them): hidden characters as markers, and a fingerprint such as ``Groep A (#3fa2c1d0)``
    when one of ``others`` looks the same but is a different name."""
    name = str(name)
    return display_names([name, *(str(o) for o in others)])[name]


def shown_file_name(filename: object) -> str:
    """A file's name for a message only: its last part, printable characters only (no control,
    bidi or invisible ones), at most 60 characters."""
    name = "".join(ch for ch in str(filename or "") if ch.isprintable())
    name = " ".join(name.replace("\\", "/").split("/")[-1].split())
    return (name[:60] + "…") if len(name) > 60 else (name or "?")
