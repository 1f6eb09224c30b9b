"""The whole strategy after the workshop, as a learner uses it: two self-study parts in the
participant's app (the budget and the risks), typed at human speed in Dutch and in English and read
back from the page and from disk, screenshots at three sizes; and the SWOT per channel as a lesson
page in JupyterLab, which draws its form by itself. No request leaves this computer."""
from __future__ import annotations

import re
import uuid
from urllib.parse import quote

import pytest

from helpers import render
from helpers.i18n import t
from helpers.strategy import budget as budget_logic, risks as risks_logic

from .conftest import (KERNEL_TIMEOUT, WIDGET_TIMEOUT, app_part, by_placeholder, click_button, field, open_app,
                       screenshot, start_group, type_into, wait_charts, wait_saved)

AMOUNT = {"nl": ("1.200", "80,50"), "en": ("1,200", "80.50")}


def _shots(page, part, name: str) -> None:
    for width, height in ((1280, 720), (1024, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        part.locator('.workshop-step').first.evaluate("el => el.scrollIntoView({block: 'start'})")
        screenshot(page, f"{name}-{width}x{height}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if width >= 1024:
            assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow} px at {width}x{height}"
    page.set_viewport_size({"width": 1280, "height": 720})


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_budget_and_the_risks_in_the_app(lang, page, request):
    server = request.getfixturevalue("app_server" if lang == "nl" else "app_server_en")
    group = f"Team Plan {lang}"
    page.set_viewport_size({"width": 1280, "height": 720})
    scope, _ = open_app(page, server, ready=f'input[placeholder="{t("checkin.group_placeholder", lang)}"]')
    start_group(scope, group, lang, server)

    # the budget: two cost lines typed as a marketer writes amounts
    scope, _ = app_part(page, "budget", lang)
    part = scope.locator(".workshop-part-budget")
    part.get_by_text(t("budget.empty", lang)).wait_for()
    big, small = AMOUNT[lang]
    items = part.get_by_placeholder(t("budget.item_placeholder", lang), exact=True)
    names = ("Fotograaf" if lang == "nl" else "Photographer", "Canva")
    for k, (item, amount) in enumerate(zip(names, (big, small))):
        click_button(part, t("budget.add_line", lang))
        items.nth(k).wait_for()                      # the new line is drawn before it is typed in
        type_into(items.nth(k), item, delay=40)
        type_into(part.get_by_placeholder(t("budget.amount_placeholder", lang), exact=True).nth(k), amount, delay=60)
    doc = wait_saved(server.workspace, group, lambda d: sorted((line.item, line.amount) for line in d.deep_dives.budget)
                     == sorted(zip(names, (1200, 80.5))))
    summary = budget_logic.summary(doc, lang)
    part.get_by_text(summary).wait_for(timeout=30_000)
    assert budget_logic.money(1280.5, lang) in summary
    wait_charts(part, 1)
    text = part.inner_text()
    assert "budget." not in text and "fields." not in text
    _shots(page, part, f"strategy-{lang}-budget")

    # the risks: a prepared scenario added with a click, its owner typed; placed in the matrix
    scope, _ = app_part(page, "risks", lang)
    part = scope.locator(".workshop-part-risks")
    click_button(part, risks_logic.prepared_button("hacked", lang))
    doc = wait_saved(server.workspace, group, lambda d: len(d.deep_dives.risks) == 1)
    risk = doc.deep_dives.risks[0]
    assert (risk.likelihood, risk.impact) == risks_logic.PREPARED["hacked"] and risk.title
    wait_charts(part, 1)
    assert risk.title in part.inner_text()
    text = part.inner_text()
    assert "risks." not in text and "fields." not in text
    _shots(page, part, f"strategy-{lang}-risks")


def test_the_swot_per_channel_as_a_lesson_page_in_jupyterlab(page, workshop_lab_server):
    """make lab: the page draws its form by itself; a channel added, its strengths typed one per line."""
    from helpers.store import Workspace

    server = workshop_lab_server
    group = "Zelfstudie SWOT"
    Workspace(server.workspace).set_current_group(group)
    page.goto(f"{server.base_url}lab/workspaces/t{uuid.uuid4().hex[:10]}/tree/{quote('nl/10-swot.ipynb')}"
              f"?token={server.token}")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.wait_for(state="visible", timeout=KERNEL_TIMEOUT)
    box = panel.get_by_placeholder(t("swot.add_placeholder", "nl"), exact=True)
    box.wait_for(state="attached", timeout=WIDGET_TIMEOUT)
    box.scroll_into_view_if_needed()
    type_into(box, "Insta", delay=40)
    click_button(panel, t("swot.add_channel", "nl"))
    panel.locator("h4", has_text="Instagram").wait_for(timeout=WIDGET_TIMEOUT)  # the channel's own card
    strengths = panel.get_by_placeholder(t("swot.prompts.strengths", "nl"), exact=True).first  # before the organisation's
    strengths.wait_for(timeout=WIDGET_TIMEOUT)
    strengths.scroll_into_view_if_needed()
    type_into(strengths, "Eigen foto's\nSnelle reacties", delay=30)
    doc = wait_saved(server.workspace, group,
                     lambda d: d.deep_dives.swot_channels.get("instagram") is not None
                     and d.deep_dives.swot_channels["instagram"].strengths == ["Eigen foto's", "Snelle reacties"])
    assert doc.deep_dives.swot_channels["instagram"].strengths[0] == "Eigen foto's"
    assert panel.locator(".jp-Dialog").count() == 0 and page.locator(".jp-Dialog").count() == 0
    screenshot(page, "strategy-nl-swot-lab", target=strengths)
