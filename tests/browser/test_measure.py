"""The measuring path in the participant's app (its last part, lesson page 07), as a learner at
home uses it: read the example export, read the KPIs with their formulas, switch the engagement
rate's denominator, read the best time to post, type an A/B test at human speed ("1.200" in Dutch,
"1,200" in English) and read the verdict, write what was learned; in Dutch and in English, every
answer on disk, screenshots at three sizes, no request leaving this computer."""
from __future__ import annotations

import re

import pytest

from helpers import abtest, analytics, metrics
from helpers.i18n import t
from helpers.ui.collect_form import _megabytes
from helpers.ui.measure_form import EXAMPLE, SEND_LIMIT

from .conftest import (app_part, by_placeholder, choose, click_button, fill, open_app, screenshot, start_group,
                       type_into, wait_charts, wait_saved)

COUNTS = {"nl": ("1.200", "36", "1.180", "59"), "en": ("1,200", "36", "1,180", "59")}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _row_shows(table, formula: str, figure: str, timeout: float = 30_000) -> None:
    """Wait until the KPI table has a row with ``formula`` and ``figure``; fail with what it shows."""
    try:
        table.locator("tr").filter(has_text=formula).filter(has_text=figure).first.wait_for(timeout=timeout)
    except Exception:
        raise AssertionError(f"no row with {formula!r} and {figure!r} in:\n{table.inner_text()}") from None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_measuring_path_in_the_app(lang, page, request, tmp_path):
    server = request.getfixturevalue("app_server" if lang == "nl" else "app_server_en")
    group = "Team Meten" if lang == "nl" else "Team Measure"
    example = analytics.read_export(EXAMPLE)
    page.set_viewport_size({"width": 1280, "height": 720})
    scope, _ = open_app(page, server, ready=f'input[placeholder="{t("checkin.group_placeholder", lang)}"]')
    start_group(scope, group, lang, server)

    scope, _ = app_part(page, "measure", lang)
    part = scope.locator(".workshop-part-measure")
    part.get_by_text(t("measureform.nothing_yet", lang)).wait_for()
    # a file too large to send through the page: refused in the browser, in words, nothing sent
    big = tmp_path / "alles.csv"
    with open(big, "wb") as fh:
        fh.truncate(12 * 1024 * 1024)  # sparse
    upload = part.locator(".workshop-step-measure_import .widget-upload")
    page.wait_for_function("() => [...document.querySelectorAll('.wsm-collect-zone')].some(z => z.__wsmCollect)",
                           timeout=60_000)
    with page.expect_file_chooser() as chooser:
        upload.click()
    chooser.value.set_files(str(big))
    refused = t("measureform.refused_size", lang, file="alles.csv", size=_megabytes(big.stat().st_size, lang),
                limit=SEND_LIMIT // (1024 * 1024))
    part.get_by_text(refused).wait_for(timeout=30_000)
    # one's own export, re-saved by a Dutch Excel (";", cp1252): chosen, read, said what it holds
    own = tmp_path / ("mijn-export.csv" if lang == "nl" else "my-export.csv")
    lines = EXAMPLE.read_text("utf-8-sig").splitlines()[:21]
    own.write_bytes("\r\n".join(line.replace(",", ";") for line in lines).encode("cp1252"))
    with page.expect_file_chooser() as chooser:
        upload.click()
    chooser.value.set_files(str(own))
    mine = analytics.read_export(own)
    part.locator(".workshop-measure-found").get_by_text(analytics.summary(mine, lang).splitlines()[0].strip()).wait_for(
        timeout=60_000)
    wait_saved(server.workspace, group, lambda d: d.measure.export.file == own.name and d.measure.export.rows == 20)
    click_button(part, t("measureform.example", lang))
    found = part.locator(".workshop-measure-found")
    found.get_by_text(analytics.summary(example, lang).splitlines()[1].strip()).wait_for(timeout=60_000)
    doc = wait_saved(server.workspace, group, lambda d: d.measure.export.rows == len(example.rows))
    assert doc.measure.export.platform == "instagram"

    # the KPIs, each with its formula; then divided by impressions instead of reach
    table = part.locator(".workshop-measure-kpis")
    reach = metrics.figure(example.rows, "engagement_rate_reach", lang)
    # (the formula is the same for the export read before: wait for the example's own figure)
    _row_shows(table, reach.formula, metrics.show(reach.overall, "engagement_rate_reach", lang))
    choose(part, t("measureform.basis_label", lang), t("measureform.basis.impressions", lang))
    impressions = metrics.figure(example.rows, "engagement_rate_impressions", lang)
    _row_shows(table, impressions.formula, metrics.show(impressions.overall, "engagement_rate_impressions", lang))
    wait_saved(server.workspace, group, lambda d: d.measure.engagement_basis == "impressions")

    # the best time to post, in one sentence, and drawn
    advice = metrics.best_time_advice(metrics.best_times(example.rows, "engagement_rate_impressions"),
                                      "engagement_rate_impressions", lang)
    part.locator(".workshop-measure-advice").get_by_text(advice).wait_for(timeout=60_000)
    assert len(wait_charts(part, 2)) >= 2

    # goals: none yet in step 2, said where to write them
    part.get_by_text(t("progressform.no_goals", lang)).wait_for()

    # an A/B test typed as a marketer types its counts
    click_button(part, t("abtestform.add", lang))
    fill(part, t("abtestform.name_placeholder", lang), "Onderwerpregel" if lang == "nl" else "Subject line")
    shown = part.get_by_placeholder(t("abtestform.shown_placeholder", lang), exact=True)
    converted = part.get_by_placeholder(t("abtestform.converted_placeholder", lang), exact=True)
    a_shown, a_conv, b_shown, b_conv = COUNTS[lang]
    type_into(shown.nth(0), a_shown, delay=60)
    type_into(converted.nth(0), a_conv, delay=60)
    type_into(shown.nth(1), b_shown, delay=60)
    type_into(converted.nth(1), b_conv, delay=60)
    verdict = abtest.verdict(abtest.compare(36, 1200, 59, 1180, lang), lang)
    part.get_by_text(verdict).wait_for(timeout=30_000)
    doc = wait_saved(server.workspace, group, lambda d: d.measure.tests and d.measure.tests[0].b_converted == 59)
    test = doc.measure.tests[0]
    assert (test.a_shown, test.a_converted, test.b_shown, test.b_converted) == (1200, 36, 1180, 59)

    # what was learned
    learned = "Reels op zaterdag werken het best." if lang == "nl" else "Reels on Saturday work best."
    type_into(by_placeholder(part, t("measureform.learned_placeholder", lang)), learned, delay=20)
    wait_saved(server.workspace, group, lambda d: d.measure.learned == learned)

    # the page reads in one language: no catalogue key, no code
    text = _flat(part.inner_text())
    assert "measureform." not in text and "abtestform." not in text and "progressform." not in text
    for width, height in ((1280, 720), (1024, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        for name, target in (("kpis", table), ("best-time", part.locator(".workshop-measure-advice")),
                             ("abtest", part.get_by_text(verdict))):
            target.first.evaluate("el => el.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(200)
            screenshot(page, f"measure-{lang}-{name}-{width}x{height}")
        if width >= 1024:
            assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width}x{height}"
    page.set_viewport_size({"width": 1280, "height": 720})
