"""Step 3, channels: platform figures, the audience fit of a persona, and the channel score.

Pure functions over the reference data in ``data/`` and the Strategy document:

- :func:`platforms` users per platform in the Netherlands, one edition of one source at a time;
- :func:`age_profiles` and :func:`audience_fit` how well each platform's users match the persona's
  ages (the age profiles are an *assumption*: :func:`age_profile_note` says so in plain words);
- :func:`shortlist` the few platforms that fit the persona best (the most used ones while step 1 is
  empty): step 3 asks the brand fit of these first;
- :func:`score` audience fit, brand fit and features, weighted into one total and a rank;
- :func:`focus_warning` seed 001's advice: do one or two channels well.

Platforms are identified by a lowercase key (``"linkedin"``, ``"x"``); :func:`platform_key` turns
what a person typed ("Insta", "Twitter") into that key and :func:`platform_label` back into a name.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
import re
from typing import Any

import pandas as pd

from . import data, labels
from .i18n import t
from .labels import platform as platform_label, platform_candidate
from .model import Audience, Strategy

FEATURES = ("ads", "remarketing", "shop", "events", "vacancies", "live")
COMPONENTS = ("audience", "brand", "features")
IMAGES = ("community", "informative", "visual", "professional", "inspiring", "playful", "news", "conversational",
          "authentic")
feature_label = labels.kind("feature", "platforms.features.{}", FEATURES)
component_label = labels.kind("component", "channels.components.{}", COMPONENTS)
image_label = labels.kind("image", "platforms.image.{}", IMAGES)
DEFAULT_WEIGHTS: dict[str, float] = {"audience": 2.0, "brand": 1.0, "features": 1.0}
NEUTRAL = 0.5  # the value of a component nobody has filled in yet: it does not change the ranking
ONLINE_BONUS = 0.25  # added to the audience fit when the persona names the platform as a place online
MAX_FOCUS = 2  # seed 001: limit yourself to two platforms and do them really well
SHORTLIST = 4  # step 3 asks the brand fit of this many platforms, the best audience fit first
OLDEST = 99  # the upper end of an open age band such as "65+"

_BAND = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)|\+)\s*$")
# words that name a platform inside a longer text ("LinkedIn groups", "op Insta")
_MENTIONS = {
    "facebook": "facebook", "fb": "facebook", "youtube": "youtube", "instagram": "instagram",
    "insta": "instagram", "linkedin": "linkedin", "pinterest": "pinterest", "tiktok": "tiktok",
    "tik tok": "tiktok", "snapchat": "snapchat", "twitter": "x", "whatsapp": "whatsapp",
    "threads": "threads", "bereal": "bereal", "be real": "bereal",
}


# --------------------------------------------------------------------------------------------------
# Names

def known_platforms() -> list[str]:
    """Every platform the toolkit scores: the keys of ``data/platform_features.csv``, in file order."""
    return [str(p) for p in data.table("platform_features")["platform"]]


def platform_key(name: Any) -> str | None:
    """The key of the platform ``name`` names ("Insta" -> "instagram"), or ``None`` if none."""
    text = platform_candidate(name)
    return text if text and text in known_platforms() else None


def mentioned_platforms(texts: Iterable[str] | str) -> set[str]:
    """The platforms named anywhere in ``texts`` (a persona's "where are they online" answers)."""
    if isinstance(texts, str):
        texts = [texts]
    found: set[str] = set()
    for text in texts:
        if not isinstance(text, str):
            continue
        key = platform_key(text)
        if key:
            found.add(key)
            continue
        low = text.casefold()
        for word, platform in _MENTIONS.items():
            if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", low):
                found.add(platform)
    return found


def feature_key(name: Any) -> str | None:
    """A feature key from its key or its label in either language ("Vacatures" -> "vacancies")."""
    if not isinstance(name, str):
        return None
    text = name.strip().casefold()
    if text in FEATURES:
        return text
    for key in FEATURES:
        if text in {feature_label(key, lang).casefold() for lang in ("nl", "en")}:
            return key
    return None


# --------------------------------------------------------------------------------------------------
# Platform figures

def editions() -> list[int]:
    """The editions of the platform figures in ``data/platforms.csv``, oldest first."""
    return sorted(int(e) for e in data.table("platforms")["edition"].dropna().unique())


def platforms(edition: int | str | None = None, lang: str | None = None) -> pd.DataFrame:
    """Users per platform (millions) of one edition, most used first; the latest when ``None``.

    ``edition="all"`` returns every edition (with its ``edition`` column: chart or compare them as
    separate series, never as one). An edition that does not exist raises a ``ValueError`` whose
    message is written for a person."""
    df = data.table("platforms")
    known = editions()
    if edition == "all":
        return df.sort_values(["edition", "users_millions"], ascending=[True, False]).reset_index(drop=True)
    if edition is None:
        edition = known[-1]
    try:
        edition = int(edition)
    except (TypeError, ValueError):
        edition = None
    if edition not in known:
        raise ValueError(t("channels.errors.unknown_edition", lang, edition=edition,
                           editions=", ".join(str(e) for e in known)))
    rows = df[df["edition"] == edition]
    return rows.sort_values("users_millions", ascending=False).reset_index(drop=True)


def features_table(lang: str | None = None) -> pd.DataFrame:
    """What each platform offers, translated for display, with its source, year and method."""
    df = data.table("platform_features")
    yes, no = t("platforms.answer_yes", lang), t("platforms.answer_no", lang)
    out = pd.DataFrame({t("platforms.columns.platform", lang): [platform_label(p, lang) for p in df["platform"]]})
    for f in FEATURES:
        out[feature_label(f, lang)] = [yes if _yes(v) else no for v in df[f]]
    out[t("platforms.columns.image", lang)] = [image_label(v, lang) for v in df["image"]]
    out[t("platforms.columns.source", lang)] = [f"{s} ({y})" for s, y in zip(df["source"], df["year"])]
    out[t("platforms.columns.method", lang)] = list(df["method"])
    return out


def offers(platform: str) -> set[str]:
    """The features (keys of :data:`FEATURES`) that ``platform`` offers."""
    return _offers_all().get(platform_key(platform) or "", set())


def _offers_all() -> dict[str, set[str]]:
    df = data.table("platform_features")
    return {str(r["platform"]): {f for f in FEATURES if _yes(r[f])} for r in df.to_dict("records")}


def brand_image(platform: str) -> str | None:
    """The brand-image hint of ``platform`` (a key such as ``"professional"``), if known."""
    df = data.table("platform_features")
    row = df[df["platform"] == platform_key(platform)]
    return None if row.empty or pd.isna(row.iloc[0]["image"]) else str(row.iloc[0]["image"])


def _yes(value: Any) -> bool:
    return str(value).strip().casefold() in {"yes", "ja", "true", "1", "y"}


# --------------------------------------------------------------------------------------------------
# Age profiles (an assumption) and audience fit

def bands() -> list[str]:
    """The age bands of ``data/platform_age_profiles.csv`` ("15-19", ..., "65+")."""
    return [c for c in data.table("platform_age_profiles").columns if _BAND.match(str(c))]


def band_bounds(band: str) -> tuple[int, int]:
    """The first and last age of ``band``: "20-39" -> (20, 39), "65+" -> (65, 99)."""
    m = _BAND.match(str(band))
    if not m:
        raise ValueError(f"not an age band: {band!r}")
    low = int(m.group(1))
    return low, int(m.group(2)) if m.group(2) else OLDEST


def age_profiles(doc: Strategy | None = None) -> dict[str, dict[str, float]]:
    """Share of each platform's users (percent) per age band: the file, then the group's overrides.

    A group's override (``doc.channels.age_profiles``) replaces the whole profile of a platform;
    bands it leaves out count as 0. Unknown platforms and bands are ignored."""
    df = data.table("platform_age_profiles")
    names = bands()
    out = {str(r["platform"]): {b: _number(r[b]) for b in names} for _, r in df.iterrows()}
    if doc is not None:
        for name, profile in doc.channels.age_profiles.items():
            key = platform_key(name)
            if key is None:
                continue
            given = {str(b).strip(): _number(v) for b, v in profile.items()}
            out[key] = {b: given.get(b, 0.0) for b in names}
    return out


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if number == number and number > 0 else 0.0  # NaN and negatives count as 0


def profiles_are_assumption() -> bool:
    """True while every row of the age-profile file is marked as an assumption (no published source)."""
    methods = data.table("platform_age_profiles")["method"].fillna("")
    return all(str(m).strip().casefold().startswith("assumption") for m in methods)


def age_profile_note(doc: Strategy | None = None, lang: str | None = None) -> str:
    """One or two sentences to show beside anything that uses the age profiles."""
    if profiles_are_assumption():
        note = t("channels.profiles.assumption", lang)
    else:
        df = data.table("platform_age_profiles")
        sources = "; ".join(sorted({f"{s} ({y})" for s, y in zip(df["source"], df["year"])}))
        note = t("channels.profiles.sourced", lang, source=sources)
    overridden = [platform_label(k, lang) for k in (doc.channels.age_profiles if doc else {}) if platform_key(k)]
    if overridden:
        note += " " + t("channels.profiles.overridden", lang, platforms=", ".join(overridden))
    return note


def age_profile_table(doc: Strategy | None = None, lang: str | None = None) -> pd.DataFrame:
    """The age profiles as a table to show, one row per platform, with where each row comes from."""
    profiles = age_profiles(doc)
    own = {platform_key(k) for k in (doc.channels.age_profiles if doc else {})}
    rows = []
    for platform, profile in profiles.items():
        row = {t("platforms.columns.platform", lang): platform_label(platform, lang)}
        row.update({b: round(v, 1) for b, v in profile.items()})
        row[t("channels.profiles.column_origin", lang)] = t(
            "channels.profiles.origin_group" if platform in own else
            "channels.profiles.origin_assumption" if profiles_are_assumption() else
            "channels.profiles.origin_file", lang)
        rows.append(row)
    return pd.DataFrame(rows)


def _audience(doc_or_audience: Strategy | Audience) -> Audience:
    if isinstance(doc_or_audience, Strategy):
        return doc_or_audience.audience
    if isinstance(doc_or_audience, Audience):
        return doc_or_audience
    raise TypeError("audience_fit needs a Strategy or an Audience")


def _as_profiles(profiles: Any) -> dict[str, dict[str, float]]:
    if isinstance(profiles, pd.DataFrame):
        names = [c for c in profiles.columns if _BAND.match(str(c))]
        return {str(r["platform"]): {b: _number(r[b]) for b in names} for _, r in profiles.iterrows()}
    return {str(p): {str(b): _number(v) for b, v in prof.items()} for p, prof in dict(profiles).items()}


def concentration(profile: Mapping[str, float], age_min: int, age_max: int) -> float:
    """The share (0..1) of a platform's users aged ``age_min``..``age_max``, ages spread evenly in a band."""
    total = sum(profile.values())
    if total <= 0 or age_max < age_min:
        return 0.0
    share = 0.0
    for band, percent in profile.items():
        low, high = band_bounds(band)
        overlap = min(high, age_max) - max(low, age_min) + 1
        if overlap > 0:
            share += percent / total * overlap / (high - low + 1)
    return share


def users_for_scoring() -> dict[str, tuple[float, int]]:
    """Users (millions) per platform for the audience fit: each platform's most recent edition.

    Returns platform -> (millions, edition); a platform missing from the latest edition keeps its
    figure from the edition before (shown in the chart's subtitle, see :func:`users_note`)."""
    df = data.table("platforms").dropna(subset=["users_millions", "edition"])
    out: dict[str, tuple[float, int]] = {}
    for _, row in df.sort_values("edition").iterrows():
        out[str(row["platform"])] = (float(row["users_millions"]), int(row["edition"]))
    return out


def users_note(lang: str | None = None) -> str:
    """Where the user figures in the audience fit come from, naming platforms from an older edition."""
    users = users_for_scoring()
    latest = max(e for _, e in users.values())
    older = sorted((platform_label(p, lang), e) for p, (_, e) in users.items() if e != latest)
    source = data.table("platforms")
    name = str(source[source["edition"] == latest]["source"].iloc[0])
    note = t("channels.users_note", lang, source=name)
    if older:
        note += " " + t("channels.users_note_older", lang,
                        platforms=", ".join(f"{p} ({e})" for p, e in older))
    return note


def audience_fit(doc_or_audience: Strategy | Audience, profiles: Any = None,
                 users: Mapping[str, float] | None = None) -> dict[str, float]:
    """How well each platform reaches the persona, 0..1 (1 = the best platform on that count).

    Two halves, each relative to the best platform: *concentration*, the share of the platform's
    users inside the persona's age range (from the age profiles: an assumption), and *reach*, how
    many people of that age range use it (concentration times users, :func:`users_for_scoring`
    unless ``users`` maps platform -> millions). A platform without a user figure counts on
    concentration alone. With no ages given every platform scores :data:`NEUTRAL`. A platform the
    persona names under "where are they online" gets :data:`ONLINE_BONUS` on top (at most 1)."""
    audience = _audience(doc_or_audience)
    if profiles is None:
        profiles = age_profiles(doc_or_audience if isinstance(doc_or_audience, Strategy) else None)
    profiles = _as_profiles(profiles)
    if users is None:
        users = {p: millions for p, (millions, _) in users_for_scoring().items()}
    low, high = audience.age_min, audience.age_max
    if low is None and high is None:
        fit = {p: NEUTRAL for p in profiles}
    else:
        low = 0 if low is None else low
        high = OLDEST if high is None else high
        share = {p: concentration(prof, low, high) for p, prof in profiles.items()}
        reach = {p: share[p] * float(users[p]) for p in profiles if p in users}
        best_share = max(share.values(), default=0.0)
        best_reach = max(reach.values(), default=0.0)
        fit = {}
        for p in profiles:
            relative = share[p] / best_share if best_share > 0 else 0.0
            if p in reach:
                fit[p] = (relative + (reach[p] / best_reach if best_reach > 0 else 0.0)) / 2
            else:
                fit[p] = relative
    for platform in mentioned_platforms(audience.online_where):
        if platform in fit:
            fit[platform] = min(1.0, fit[platform] + ONLINE_BONUS)
    return {p: round(v, 4) for p, v in fit.items()}


def ranked_by_fit(doc_or_audience: Strategy | Audience) -> list[str]:
    """Every known platform, the best audience fit first (:func:`audience_fit`); platforms that fit
    equally well (all of them while step 1 has no ages and names no platform) the most used first
    (:func:`users_for_scoring`), then in file order."""
    fit = audience_fit(doc_or_audience)
    users = users_for_scoring()
    known = known_platforms()
    return sorted(known, key=lambda p: (-fit.get(p, 0.0), -users.get(p, (0.0, 0))[0], known.index(p)))


def shortlist(doc_or_audience: Strategy | Audience, n: int = SHORTLIST) -> list[str]:
    """The ``n`` platforms that fit the persona of step 1 best: the ones step 3 asks the brand fit
    of first. With step 1 still empty: the ``n`` most used platforms."""
    return ranked_by_fit(doc_or_audience)[:max(0, n)]


def fit_known(doc_or_audience: Strategy | Audience) -> bool:
    """Whether step 1 says anything the audience fit can use (an age or a platform named online);
    otherwise :func:`shortlist` falls back on the most used platforms."""
    audience = _audience(doc_or_audience)
    return (audience.age_min is not None or audience.age_max is not None
            or bool(mentioned_platforms(audience.online_where)))


def fit_note(doc_or_audience: Strategy | Audience, lang: str | None = None) -> str | None:
    """A plain-words note when the audience fit cannot say much: no ages yet, or ages the
    figures do not cover (they start at 15). ``None`` when all is well."""
    audience = _audience(doc_or_audience)
    if audience.age_min is None and audience.age_max is None:
        return t("channels.fit.no_ages", lang)
    names = bands()
    youngest = min(band_bounds(b)[0] for b in names) if names else 0
    if audience.age_max is not None and audience.age_max < youngest:
        return t("channels.fit.too_young", lang, age=youngest)
    return None


# --------------------------------------------------------------------------------------------------
# The score

def weights_of(doc: Strategy | None = None, weights: Mapping[str, Any] | None = None) -> dict[str, float]:
    """The weights in use: :data:`DEFAULT_WEIGHTS`, then the document's, then ``weights``.

    A weight that is not a number or below 0 counts as 0; if all are 0 the defaults apply."""
    out = dict(DEFAULT_WEIGHTS)
    for source in ((doc.channels.weights if doc else None), weights):
        for key, value in (source or {}).items():
            if key in COMPONENTS:
                out[key] = max(0.0, _float(value))
    return out if sum(out.values()) > 0 else dict(DEFAULT_WEIGHTS)


def _float(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if number == number else 0.0


def score(doc: Strategy, weights: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Every known platform scored for this strategy, best first.

    Columns: ``platform`` (key), ``audience_fit`` (see :func:`audience_fit`), ``brand_fit``
    (``doc.channels.brand_fit`` 0..5 as 0..1; :data:`NEUTRAL` when not rated), ``features``
    (share of ``doc.channels.features_wanted`` the platform offers; :data:`NEUTRAL` when none is
    wanted), ``total`` (the weighted mean of the three, 0..1) and ``rank`` (1 = best)."""
    w = weights_of(doc, weights)
    fit = audience_fit(doc)
    brand = {}
    for name, value in doc.channels.brand_fit.items():
        key = platform_key(name)
        if key:
            brand[key] = min(max(_float(value), 0.0), 5.0) / 5
    wanted = sorted({k for k in (feature_key(f) for f in doc.channels.features_wanted) if k})
    rows = []
    offered_by = _offers_all()
    for platform in known_platforms():
        offered = offered_by.get(platform, set())
        features = sum(f in offered for f in wanted) / len(wanted) if wanted else NEUTRAL
        parts = {"audience": fit.get(platform, 0.0), "brand": brand.get(platform, NEUTRAL), "features": features}
        total = sum(w[k] * parts[k] for k in COMPONENTS) / sum(w.values())
        rows.append({"platform": platform, "audience_fit": round(parts["audience"], 4),
                     "brand_fit": round(parts["brand"], 4), "features": round(features, 4),
                     "total": round(total, 4)})
    df = pd.DataFrame(rows, columns=["platform", "audience_fit", "brand_fit", "features", "total"])
    df = df.sort_values(["total", "audience_fit", "platform"], ascending=[False, False, True], kind="stable")
    df = df.reset_index(drop=True)
    df["rank"] = range(1, len(df) + 1)
    return df


def focus_warning(chosen: Iterable[str] | None, lang: str | None = None) -> str | None:
    """Seed 001: do one or two channels really well. ``None`` when 1 or 2 channels are chosen;
    a request to choose one when none is; a warning above :data:`MAX_FOCUS`."""
    seen: list[str] = []
    for name in chosen or []:
        if not isinstance(name, str) or not name.strip():
            continue
        key = platform_key(name) or name.strip().casefold()
        if key not in seen:
            seen.append(key)
    if not seen:
        return t("channels.focus.none", lang)
    if len(seen) > MAX_FOCUS:
        return t("channels.focus.too_many", lang, count=len(seen), max=MAX_FOCUS)
    return None
