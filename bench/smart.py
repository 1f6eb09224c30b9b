"""The SMART check over its case table (tests/cases/smart_cases.yaml): milliseconds per sentence and
how often it finds what each case expects (metric, number, deadline, platform, the five letters).
Prints figures, asserts nothing.

    python bench/smart.py                    # this checkout
    python bench/smart.py --root /tmp/old    # another checkout's helpers/ on the same case table
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
FIELDS = ("metric", "number", "deadline", "platform")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout whose helpers/ is measured")
    parser.add_argument("--cases", type=Path, default=HERE / "tests" / "cases" / "smart_cases.yaml")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.root.resolve()))
    import yaml

    t0 = time.perf_counter()
    from helpers import smart
    import_ms = (time.perf_counter() - t0) * 1000

    table = yaml.safe_load(args.cases.read_text(encoding="utf-8"))
    today, cases = table["today"], table["cases"]

    t0 = time.perf_counter()
    smart.check(cases[0]["sentence"], cases[0]["lang"], today=today)  # lexicon, stemmer, reference data
    first_ms = (time.perf_counter() - t0) * 1000

    per_round = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for case in cases:
            smart.check(case["sentence"], case["lang"], case.get("org_goal"), case.get("today", today))
        per_round.append((time.perf_counter() - t0) * 1000 / len(cases))
    worst = 0.0
    for case in cases:
        t0 = time.perf_counter()
        smart.check(case["sentence"], case["lang"], case.get("org_goal"), case.get("today", today))
        worst = max(worst, (time.perf_counter() - t0) * 1000)

    hits = {f: [0, 0] for f in FIELDS + ("letters",)}
    for case in cases:
        result = smart.check(case["sentence"], case["lang"], case.get("org_goal"), case.get("today", today))
        found = result.to_dict()["found"]
        for field, value in (case.get("found") or {}).items():
            hits[field][0] += found.get(field) == value
            hits[field][1] += 1
        letters = "".join(l if getattr(result, n).ok else "-" for l, n in zip("SMART", smart.LETTERS))
        hits["letters"][0] += letters == case["expect"]
        hits["letters"][1] += 1

    langs = {lang: sum(c["lang"] == lang for c in cases) for lang in ("nl", "en")}
    print(f"SMART check ({args.root}) over {len(cases)} sentences ({langs['nl']} nl, {langs['en']} en)")
    print(f"  import helpers.smart {import_ms:7.1f} ms; first sentence {first_ms:7.1f} ms "
          "(lexicon, stemmer, reference tables)")
    print(f"  per sentence: median {statistics.median(per_round):.2f} ms, best round "
          f"{min(per_round):.2f} ms, slowest sentence {worst:.2f} ms ({args.rounds} rounds)")
    for field, (good, total) in hits.items():
        rate = 100 * good / total if total else 0
        print(f"  {field:<9} {good:>4}/{total:<4} = {rate:5.1f}% as the case table expects")


if __name__ == "__main__":
    main(sys.argv[1:])
