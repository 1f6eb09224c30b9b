"""The app as a trainer would project it and a participant sees it on a phone: every part, in
both languages, at 1280x720, 1024x768 and a 390 px phone. No label, button or tab is cut off
(``scrollWidth`` against ``clientWidth``), no field or button sticks out of its card, the page
never scrolls sideways, and axe-core finds no
serious or critical accessibility violation. Screenshots: ``artifacts/screenshots/look-*.png``."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from helpers import model

from .conftest import app_part, open_app, screenshot, start_group

SIZES = {"1280x720": (1280, 720), "1024x768": (1024, 768), "390x844": (390, 844)}

#: Everything a participant reads that could be cut off: labels, buttons, toggle buttons, tabs,
#: tick-box labels and fold titles; then the page itself (no sideways scrolling).
CUT_OFF = """() => {
  const sel = ['.widget-label', '.widget-label-basic', 'button', '.widget-toggle-button', '.lm-TabBar-tab',
               '.p-TabBar-tab', '.widget-checkbox label', '.jupyter-widget-Collapse-header',
               '.p-Collapse-header'].map(s => '.workshop-app ' + s).join(', ');
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (!el.offsetParent || !el.innerText.trim()) continue;
    if (el.scrollWidth > el.clientWidth + 1)
      out.push(`${el.innerText.trim().slice(0, 50)} (${el.scrollWidth} > ${el.clientWidth})`);
  }
  for (const card of document.querySelectorAll('.workshop-app .workshop-step')) {
    const edge = card.getBoundingClientRect().right + 1;
    for (const el of card.querySelectorAll('input, select, textarea, button, img')) {
      const box = el.getBoundingClientRect();
      if (el.offsetParent && box.width > 0 && box.right > edge)
        out.push(`${el.tagName.toLowerCase()} ${(el.placeholder || el.innerText || el.alt || el.value || '').trim().slice(0, 40)} sticks out of its card (${Math.round(box.right)} > ${Math.round(edge)})`);
    }
  }
  for (const el of [document.scrollingElement, document.querySelector('.workshop-app')]) {
    if (el && el.scrollWidth > el.clientWidth + 1) out.push(`the page scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
  }
  return out;
}"""

AXE = Axe()


def serious(page) -> list[str]:
    """axe-core's serious and critical violations inside the app."""
    results = AXE.run(page, context={"include": [[".workshop-app"]]})
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_part_fits_every_screen_and_passes_axe(lang, page, request):
    server = request.getfixturevalue("app_server" if lang == "nl" else "app_server_en")
    scope, _ = open_app(page, server)
    group = f"Team Look {lang}"
    start_group(scope, group, lang, server)
    problems: dict[str, list[str]] = {}
    for part in model.STEPS:
        app_part(page, part, lang, server)
        page.wait_for_timeout(800)  # charts drawn into their outputs
        for size, (w, h) in SIZES.items():
            page.set_viewport_size({"width": w, "height": h})
            page.wait_for_timeout(150)
            cut = page.evaluate(CUT_OFF)
            if cut:
                problems[f"{part} {size} cut off"] = cut
            screenshot(page, f"look-{lang}-{model.STEPS.index(part)}-{part}-{size}",
                       whole=scope.locator(".workshop-app"))
        page.set_viewport_size({"width": 1280, "height": 720})
        found = serious(page)
        if found:
            problems[f"{part} axe"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
    assert page.offsite == []
