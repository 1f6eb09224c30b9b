"""Realistic group documents for tests and benchmarks: a classroom in a folder.

``make_group(i, rng, finished=...)`` builds one valid :class:`~helpers.model.Strategy` the way a group
fills it in during the workshop (check-in, audience and persona, SMART goals, channels, Hero-Hub-Help,
frequency, team, calendar, Rose). ``make_class(folder, n)`` writes a whole class: most groups done,
some half-way, some barely started, two corrupt files and one group that typed hostile text into
every field. Deterministic for a given seed.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from helpers import model
from helpers.model import LONG, SHORT, Strategy

UTC = dt.timezone.utc
BASE = dt.datetime(2026, 3, 9, 9, 0, tzinfo=UTC)

TEAMS = ["Vos", "Uil", "Das", "Reiger", "Otter", "Egel", "Merel", "Zwaluw", "Bever", "Haas", "Kievit", "Lynx"]
PEOPLE = ["Anouk", "Bram", "Chaima", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ibrahim", "Jesse", "Kim", "Lotte",
          "Mehmet", "Noor", "Olivier", "Priya", "Quinten", "Roos", "Sem", "Tess", "Umut", "Vera", "Wout", "Yara", "Zoë"]
# the same word in different cases, to exercise normalisation
WORDS = ["nieuwsgierig", "Nieuwsgierig", "energiek", "moe", "benieuwd", "koffie", "Koffie", "zin", "focus", "druk",
         "ontspannen", "enthousiast", "ENTHOUSIAST", "gespannen", "zonnig", "vrijdag", "leergierig", "chaos"]
OCCUPATIONS = ["student", "jonge ouder", "ondernemer", "HR-manager", "zzp'er", "docent", "verpleegkundige",
               "marketeer", "gepensioneerd", "IT-consultant"]
INTERESTS = ["koken", "hardlopen", "duurzaamheid", "gamen", "reizen", "mode", "tuinieren", "muziek", "lezen",
             "fietsen", "yoga", "fotografie"]
PAINS = ["weinig tijd", "te veel keuze", "onzeker over de prijs", "slechte service elders", "informatie-overload"]
GAINS = ["snel geholpen", "persoonlijk advies", "gemak", "erbij horen", "korting"]
PLATFORMS = ["instagram", "linkedin", "tiktok", "facebook", "youtube", "pinterest", "x", "whatsapp"]
FORMATS = ["photo", "carousel", "short_video", "story", "text", "live", "poll"]
ORG_GOALS = ["awareness", "lead_generation", "sales", "recruitment", "engagement", "reputation"]
KPIS = ["reach", "engagement", "followers", "clicks", "leads", "applications"]
GOAL_SENTENCES = [
    "We willen {n}% meer volgers op {p} voor eind {y}.",
    "Binnen zes maanden {n} nieuwe leads via {p}.",
    "Meer naamsbekendheid.",
    "Voor 1 december {y} {n} sollicitaties via {p}.",
    "Het engagement op {p} stijgt naar {n}% in {y}.",
]
THEMES = ["achter de schermen", "klantverhalen", "tips en tricks", "nieuwe producten", "evenementen",
          "medewerkers in beeld", "duurzaamheid", "vraag van de week"]
MESSAGES = ["Wij maken het makkelijk.", "Lokaal en eerlijk.", "Altijd persoonlijk advies.", "Samen verder."]
TONES = ["informeel", "humoristisch", "deskundig", "warm", "zakelijk"]
ROLES = ["contentmaker", "fotograaf", "webcare", "planner", "eindredacteur"]
TASKS = ["Fotoshoot plannen", "Huisstijl templates maken", "Webcare-rooster opstellen", "Eerste posts schrijven",
         "Nulmeting doen", "Budget aanvragen", "Hashtags uitzoeken"]
ROSES = ["De persona maakte het ineens concreet.", "Goed samengewerkt in de groep.", "De SMART-check was verhelderend.",
         "Leuk om de kalender echt te vullen."]
THORNS = ["Te weinig tijd voor stap 4.", "Lastig om het eens te worden over kanalen.", "De doelen bleven vaag.",
          "Wie gaat dit straks echt doen?"]
BUDS = ["Volgende keer eerst een nulmeting.", "Een TikTok-pilot van een maand.", "Klanten laten meeschrijven.",
        "Webcare delen met de klantenservice."]

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"quotes\" & 'apostrophes' </div></td></table>",
    "🎉👩‍💻🌹 émoji",
    "=HYPERLINK(\"http://example.invalid\",\"klik\")",
    "{group} {0} %s",
    "javascript:alert(1)",
]

Finished = bool | Literal["partial"]


def hostile_text(limit: int, salt: int = 0) -> str:
    """Hostile text of exactly ``limit`` characters (the most the model allows): script tags, broken
    markup, quotes, emoji, formulas; never ending in a space. ``salt`` varies it."""
    parts = HOSTILE[salt % len(HOSTILE):] + HOSTILE[:salt % len(HOSTILE)]
    # one in four starts like a spreadsheet formula
    text = ("=1+1 " if salt % 4 == 0 else f"{salt} ") + " ".join(parts)
    while len(text) < limit:
        text += " " + " ".join(parts)
    text = text[:limit]
    return text[:-1] + "x" if text.endswith(" ") else text


def group_name(i: int) -> str:
    return f"Groep {i + 1:02d} {TEAMS[i % len(TEAMS)]}"


def _ts(rng: random.Random, minutes: int) -> str:
    return (BASE + dt.timedelta(minutes=minutes, seconds=rng.randrange(60))).isoformat()


def _checkin(rng: random.Random, people: list[str], partial: bool) -> dict:
    out = {}
    for name in people:
        mood = rng.randint(1, 5) if not (partial and rng.random() < 0.3) else None
        word = rng.choice(WORDS) if not (partial and rng.random() < 0.3) else ""
        out[name] = {"mood": mood, "word": word}
    return out


def _audience(rng: random.Random, full: bool) -> dict:
    lo = rng.choice([18, 20, 25, 30, 35, 45, 55])
    a = {"age_min": lo, "age_max": lo + rng.choice([10, 15, 20]),
         "gender": rng.choice(["all", "women", "men", "mixed"]),
         "occupation": rng.choice(OCCUPATIONS), "income": rng.choice(["low", "middle", "high", "mixed"]),
         "location": rng.choice(["Utrecht", "Rotterdam", "Groningen", "Eindhoven", "heel Nederland"]),
         "interests": rng.sample(INTERESTS, rng.randint(2, 4)),
         "online_where": rng.sample(["Instagram", "LinkedIn", "TikTok", "YouTube", "WhatsApp"], 2),
         "online_when": rng.sample(["'s ochtends", "in de trein", "'s avonds", "in de lunchpauze"], 2),
         "pains": rng.sample(PAINS, 2), "gains": rng.sample(GAINS, 2),
         "persona_name": rng.choice(["Sanne", "Mo", "Linda", "Kees", "Fatima", "Joost"]) + f" ({lo + 5})",
         "persona_quote": rng.choice(["Ik heb geen tijd voor gedoe.", "Laat me zien dat het werkt.",
                                      "Ik wil iets bijdragen."])}
    if not full:  # half-way: age and gender only
        a = {k: a[k] for k in ("age_min", "age_max", "gender")}
    return a


def _goals(rng: random.Random, full: bool) -> list[dict]:
    out = []
    for _ in range(rng.randint(1, 3)):
        platform = rng.choice(PLATFORMS[:5])
        sentence = rng.choice(GOAL_SENTENCES).format(n=rng.choice([10, 15, 20, 50, 100]), p=platform.capitalize(),
                                                    y=rng.choice([2026, 2027]))
        g = {"sentence": sentence, "org_goal": rng.choice(ORG_GOALS), "phase": rng.choice(["see", "think", "do", "care"]),
             "kpi": rng.choice(KPIS), "platform": platform, "baseline": float(rng.randrange(0, 5000, 50)),
             "target": float(rng.randrange(5000, 10000, 100)),
             "deadline": dt.date(rng.choice([2026, 2027]), rng.randint(6, 12), 1).isoformat(),
             "smart": {k: rng.random() < 0.7 for k in ("specific", "measurable", "achievable", "relevant", "time_bound")}}
        if not full:
            g = {"sentence": sentence, "smart": g["smart"]}
        out.append(g)
    return out


def _channels(rng: random.Random, chosen: list[str], full: bool) -> dict:
    fit = {p: rng.randint(0, 5) for p in rng.sample(PLATFORMS, 4) + chosen}
    return {"brand_fit": fit, "chosen": chosen if full else [],
            "reason": "Hier zit onze doelgroep en het past bij ons merk." if full else ""}


def _mix(rng: random.Random) -> dict:
    hero = rng.choice([5, 10, 15, 20])
    hub = rng.choice([20, 25, 30, 40])
    return {"hero": hero, "hub": hub, "help": 100 - hero - hub}


def _content(rng: random.Random, chosen: list[str], full: bool) -> dict:
    c = {"themes": rng.sample(THEMES, rng.randint(2, 4)), **_mix(rng)}
    if full:
        c.update(key_messages=rng.sample(MESSAGES, 2), tone=rng.sample(TONES, 2),
                 posts_per_week={p: rng.randint(1, 5) for p in chosen},
                 days={p: rng.sample(["mon", "tue", "wed", "thu", "fri"], 2) for p in chosen},
                 times={p: [rng.choice(["08:30", "12:15", "19:00", "20:30"])] for p in chosen},
                 formats={p: rng.sample(FORMATS, 2) for p in chosen})
    return c


def _team(rng: random.Random, people: list[str], chosen: list[str], full: bool) -> tuple[dict, dict]:
    members = [{"name": p, "role": rng.choice(ROLES)} for p in people]
    team = {"members": members, "tasks": []}
    calendar: dict = {"start": "2026-03-16", "weeks": 4, "entries": []}
    if not full:
        return team, calendar
    team["tasks"] = [{"title": title, "owner": rng.choice(people),
                      "due": (dt.date(2026, 3, 16) + dt.timedelta(days=rng.randint(0, 27))).isoformat(),
                      "done": rng.random() < 0.3} for title in rng.sample(TASKS, rng.randint(2, 5))]
    for week in range(4):
        for channel in chosen:
            for _ in range(rng.randint(1, 3)):
                day = dt.date(2026, 3, 16) + dt.timedelta(days=7 * week + rng.randint(0, 4))
                calendar["entries"].append({
                    "date": day.isoformat(), "time": rng.choice(["08:30", "12:15", "19:00"]), "channel": channel,
                    "theme": rng.choice(THEMES), "layer": rng.choice(["hero", "hub", "help", "help"]),
                    "format": rng.choice(FORMATS), "owner": rng.choice(people),
                    "title": rng.choice(["Klantverhaal", "Tip van de week", "Achter de schermen", "Poll"]),
                    "status": rng.choice(["idea", "draft", "ready", "published"])})
    return team, calendar


def make_group(i: int, rng: random.Random, *, finished: Finished = True, hostile: bool = False) -> Strategy:
    """One group's document. ``finished=True``: every step done; ``"partial"``: the first few steps
    done and the next half-way; ``False``: at most the check-in. ``hostile=True``: every text field
    holds script tags, broken markup, quotes, emoji and formulas, as long as the model allows."""
    if hostile:
        return _hostile_group(i)
    people = rng.sample(PEOPLE, rng.randint(3, 5))
    minutes = rng.randint(5, 85)
    data: dict = {"schema_version": model.SCHEMA_VERSION, "group": group_name(i),
                  "language": "nl" if rng.random() < 0.8 else "en", "revision": rng.randint(3, 120),
                  "created_at": BASE.isoformat(), "updated_at": _ts(rng, minutes)}
    if finished is False:
        if rng.random() < 0.6:
            data["checkin"] = {"people": _checkin(rng, people, partial=True)}
        return model.load_document(data)
    chosen = rng.sample(PLATFORMS, rng.randint(1, 3))
    done_steps = 5 if finished is True else rng.randint(0, 4)  # of audience, goals, channels, content, team
    data["checkin"] = {"people": _checkin(rng, people, partial=finished != True)}  # noqa: E712
    steps = []
    for k in range(min(done_steps + 1, 5)):
        steps.append((k, k < done_steps))
    for k, full in steps:
        if k == 0:
            data["audience"] = _audience(rng, full)
        elif k == 1:
            data["goals"] = _goals(rng, full)
        elif k == 2:
            data["channels"] = _channels(rng, chosen, full)
        elif k == 3:
            data["content"] = _content(rng, chosen, full)
        elif k == 4:
            data["team"], data["calendar"] = _team(rng, people, chosen, full)
    if finished is True:
        data["debrief"] = {"rose": rng.choice(ROSES), "thorn": rng.choice(THORNS), "bud": rng.choice(BUDS),
                           "presented": rng.random() < 0.5}
    elif rng.random() < 0.4:
        data["debrief"] = {"rose": rng.choice(ROSES)}
    return model.load_document(data)


def _hostile_group(i: int) -> Strategy:
    s = lambda k: hostile_text(SHORT, k)  # noqa: E731
    long = lambda k: hostile_text(LONG, k)  # noqa: E731
    channel = hostile_text(SHORT, 99)
    chosen = ["instagram", channel]
    people = [hostile_text(SHORT, 10 + k) for k in range(3)]
    data = {
        "schema_version": model.SCHEMA_VERSION,
        "group": f"<script>alert(1)</script><img src=x onerror=alert(1)> \"{i}\" 🎉",
        "language": "nl", "revision": 7, "created_at": BASE.isoformat(),
        "updated_at": (BASE + dt.timedelta(minutes=40)).isoformat(),
        "checkin": {"people": {p: {"mood": 1 + k, "word": s(20 + k)} for k, p in enumerate(people)}},
        "audience": {"description": long(1), "age_min": 0, "age_max": 120, "gender": "other", "occupation": s(2),
                     "income": "mixed", "location": s(3), "interests": [s(4), s(5)], "online_where": [s(6)],
                     "online_when": [s(7)], "pains": [s(8)], "gains": [s(9)], "persona_name": s(30),
                     "persona_quote": s(31)},
        "goals": [{"sentence": long(40 + k), "org_goal": s(50 + k), "phase": "see", "kpi": s(60 + k),
                   "platform": s(70 + k), "baseline": 0, "target": 1e9, "deadline": "2027-12-31",
                   "smart": {"specific": True, "measurable": k > 0, "achievable": False, "relevant": True,
                             "time_bound": k > 1}} for k in range(3)],
        "channels": {"brand_fit": {channel: 5, "instagram": 0}, "features_wanted": [s(80)], "chosen": chosen,
                     "reason": long(81), "weights": {s(82): 10}},
        "content": {"themes": [s(83), s(84)], "key_messages": [s(85)], "tone": [s(86)], "tone_notes": long(87),
                    "hero": 34, "hub": 33, "help": 33, "formats": {channel: [s(88)]},
                    "posts_per_week": {channel: 70, "instagram": 0}, "days": {channel: ["sat", "sun"]},
                    "times": {channel: ["23:59"]}},
        "team": {"members": [{"name": p, "role": s(90 + k)} for k, p in enumerate(people)],
                 "tasks": [{"title": s(100 + k), "owner": people[k], "due": "2026-03-20", "done": k == 0}
                           for k in range(3)]},
        "calendar": {"start": "2026-03-16", "weeks": 1,
                     "entries": [{"date": f"2026-03-{16 + k}", "time": "12:00", "channel": channel, "theme": s(110 + k),
                                  "layer": "hub", "format": s(120 + k), "owner": people[0], "title": s(130 + k),
                                  "status": "draft"} for k in range(5)]},
        "debrief": {"rose": long(140), "thorn": long(141), "bud": long(142), "presented": True},
        "deep_dives": {"situation_quantitative": long(150), "swot": {"strengths": [s(151)], "threats": [s(152)]},
                       "competitors": [{"name": s(153), "channels": [s(154)], "strong": long(155), "weak": long(156)}],
                       "guidelines_do": [s(157)], "guidelines_dont": [s(158)], "notes": {s(159): long(160)}},
    }
    return model.load_document(data)


@dataclass
class Generated:
    """What :func:`make_class` wrote."""

    folder: Path
    docs: list[Strategy] = field(default_factory=list)
    states: dict[str, Finished] = field(default_factory=dict)  # group name -> how finished
    corrupt: list[str] = field(default_factory=list)  # file names
    hostile: Strategy | None = None


def write_group(folder: Path, doc: Strategy) -> Path:
    path = folder / f"{model.slug(doc.group)}.json"
    path.write_text(doc.model_dump_json(indent=1), encoding="utf-8")
    return path


def make_class(folder: str | Path, n: int = 30, seed: int = 0, *, corrupt: bool = True,
               hostile: bool = True) -> Generated:
    """Write ``n`` groups to ``folder`` (3 in 5 finished, 1 in 5 half-way, 1 in 5 barely started;
    the last one hostile when ``hostile``), plus two corrupt files when ``corrupt``: a truncated
    document and one with the wrong schema."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    out = Generated(folder)
    for i in range(n):
        if hostile and i == n - 1:
            doc = make_group(i, rng, hostile=True)
            out.hostile = doc
            state: Finished = True
        else:
            state = (True, True, True, "partial", False)[i % 5]
            doc = make_group(i, rng, finished=state)
        write_group(folder, doc)
        out.docs.append(doc)
        out.states[doc.group] = state
    if corrupt:
        whole = make_group(n, rng, finished=True).model_dump_json(indent=1)
        truncated = f"{model.slug('Groep afgebroken')}.json"
        (folder / truncated).write_text(whole[: len(whole) // 2], encoding="utf-8")
        wrong = f"{model.slug('Groep verkeerd schema')}.json"
        (folder / wrong).write_text(json.dumps({
            "schema_version": 2, "group": "Groep verkeerd schema",
            "content": {"hero": 90, "hub": 30, "help": 60},
            "checkin": {"people": {"Piet": {"mood": 9, "word": "oeps"}}},
            "favourite_colour": "blauw"}), encoding="utf-8")
        out.corrupt = sorted([truncated, wrong])
    return out


def complete_strategy(seed: int = 3, lang: str = "nl") -> Strategy:
    """A group that finished the workshop and every self-study part: every deep dive filled with
    recognisable, distinct words (``Tekst<n>``, one of a kind each), rows in every list, a read export's figures, an
    A/B test and next steps. For the full report and the self-study overview."""
    rng = random.Random(seed)
    doc = make_group(seed, rng, finished=True).model_copy(update={"language": lang})
    data = doc.model_dump(mode="json")
    n = iter(range(1000, 5000))

    def w(words: int = 3) -> str:
        return " ".join(f"Tekst{next(n)}" for _ in range(words))

    chosen = data["channels"]["chosen"] or ["instagram", "linkedin"]
    data["channels"]["chosen"] = chosen
    people = [m["name"] for m in data["team"]["members"]] or ["Noor", "Sem"]
    swot = lambda: {k: [w(), w()] for k in ("strengths", "weaknesses", "opportunities", "threats")}  # noqa: E731
    data["deep_dives"] = {
        "situation": {"works_internally": w(12), "outsiders_say": w(12), "who_talks": w(8), "complaints": w(8),
                      "opinion_leaders": [w(2), w(2)], "competitors_do": w(10)},
        "accounts": [{"platform": p, "handle": f"@bakker{k}", "followers": 1200 * (k + 1), "posts_per_week": 3.5,
                      "engagement_rate": 4.25, "response_hours": 6, "owner": people[k % len(people)],
                      "mission": w(4), "kpi": "bereik", "top_content": w(3), "verdict": "keep"}
                     for k, p in enumerate(chosen)],
        "rivals": [{"competitor": f"Bakkerij {c}", "platform": p, "followers": 800 + 100 * k, "posts_per_week": 2,
                    "engagement_rate": 3.1, "works": w(6), "misses": w(6)}
                   for k, (c, p) in enumerate([(c, p) for c in ("Zoet", "Meel", "Korst", "Deeg", "Oven", "Rogge") for p in chosen])],
        "swot": swot(),
        "swot_channels": {p: swot() for p in chosen},
        "messages": [{"audience": w(2), "message": w(10)} for _ in range(3)],
        "tactics": {"paid": {p: "both" if k == 0 else "organic" for k, p in enumerate(chosen)},
                    "influencers": [w(2)], "influence_note": w(10), "ugc": ["social_proof", "user_moment"],
                    "ugc_note": w(8), "inspiration": [w(3), w(3)], "own_share": 70, "segmentation": w(8),
                    "answer_hours": "ma-vr 9:00-17:00"},
        "policy": {"tasks": ["Content maken", "Reageren", "Rapporteren"],
                   "raci": {task: {people[0]: "A", people[1 % len(people)]: "R"} for task in
                            ("Content maken", "Reageren", "Rapporteren")},
                   "hours_per_week": 12, "budget_structural": 6000, "budget_incidental": 1500, "stance": "both"},
        "proactive": w(8),
        "guidelines_do": [w(4), w(4)], "guidelines_dont": [w(4), w(4)],
        "risks": [{"title": w(2), "scenario": w(8), "likelihood": 1 + k, "impact": 5 - k, "response": w(8),
                   "owner": people[0]} for k in range(4)],
        "budget": [{"item": w(2), "kind": kind, "platform": chosen[0] if kind == "ads" else "", "period": period,
                    "paid": kind == "ads", "amount": amount}
                   for kind, period, amount in (("content", "month", 400), ("tools", "year", 1200),
                                                ("ads", "month", 250), ("people", "once", 900))],
        "distribution": {"formula": [{"weekday": d, "topic": w(2), "platform": chosen[0], "format": "reel"}
                                     for d in ("mon", "wed", "fri")],
                         "stages": [{"name": w(1), "owner": people[k % len(people)], "status": "done"}
                                    for k in range(5)]},
    }
    for entry in data["calendar"]["entries"]:
        entry.update(audience=w(2), keywords=w(2))
    return model.load_document(data)
