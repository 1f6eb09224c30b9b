"""ipywidgets forms, one module per step (``<step>_form.py``). They bind a form to the document and hold no logic.

The notebooks call only these functions, one or two per code cell; each returns a widget.

A form's module is imported when the form is first asked for (PEP 562), not with this package:
the participant's app opens on the check-in, and a kernel that has not yet reached step 1 does
not load pandas, Altair and the chart renderer. Each participant of a room has a kernel of their
own, so what the first page needs sets how fast and how heavy a room is (``bench/room.py``,
``bench/hub.py``).
"""
from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

from .app_form import WorkshopApp, open_group_asked, when_participant_comes
from .base import Session, keep_logs_off_the_page

#: Where each public function lives: name -> (module in this package, name there).
_WHERE = {
    "abtest": ("abtest_form", "abtest"),
    "agenda": ("checkin_form", "agenda_table"),
    "audience": ("audience_form", "audience"),
    "calendar": ("team_form", "calendar"),
    "channels": ("channels_form", "channels"),
    "checkin": ("checkin_form", "checkin"),
    "content": ("content_form", "content"),
    "dashboard": ("dashboard_form", "dashboard"),
    "goals": ("goals_form", "goals"),
    "onepager": ("debrief_form", "onepager"),
    "platform_use": ("audience_form", "platform_use"),
    "rose": ("debrief_form", "rose"),
    "team": ("team_form", "team"),
    "timer": ("timer_form", "timer_widget"),
    "measure_import": ("measure_form", "measure_import"),
    "kpis": ("measure_form", "kpis"),
    "best_times": ("measure_form", "best_times"),
    "adjust": ("measure_form", "adjust"),
    "goal_progress": ("progress_form", "goal_progress"),
    # the whole strategy (issue 12): one form module per self-study part
    "selfstudy": ("selfstudy_form", "selfstudy"),
    "situation": ("situation_form", "situation"),
    "accounts": ("situation_form", "accounts"),
    "rivals": ("competitors_form", "rivals"),
    "audit": ("competitors_form", "audit"),
    "swot": ("swot_form", "swot"),
    "messages": ("tactics_form", "messages"),
    "tactics": ("tactics_form", "tactics"),
    "policy": ("policy_form", "policy"),
    "guidelines": ("policy_form", "guidelines"),
    "risks": ("risks_form", "risks"),
    "budget": ("budget_form", "budget"),
    "formula": ("distribution_form", "formula"),
    "workflow": ("distribution_form", "workflow"),
    "publish": ("distribution_form", "publish"),
    "report": ("report_form", "report"),
}

__all__ = ["abtest", "accounts", "adjust", "agenda", "app", "audience", "audit", "best_times", "budget", "calendar",
           "channels", "checkin", "content", "dashboard", "formula", "goal_progress", "goals", "guidelines", "kpis",
           "measure_import", "messages", "onepager", "platform_use", "policy", "publish", "report", "risks", "rivals",
           "rose", "selfstudy", "situation", "swot", "tactics", "team", "timer", "workflow"]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(f".{module}", __name__), attribute)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


#: Forms that show the workshop's data, not a group's document: they take no session.
NO_SESSION = ("agenda", "platform_use")


def _form(name: str) -> Callable[..., Any]:
    def make(session: Session | None = None) -> Any:
        form = __getattr__(name)
        return form() if name in NO_SESSION else form(session)

    make.__name__ = make.__qualname__ = name
    return make


#: What a lesson page may call, by name (``ui.channels()``): the forms the app lays out, each called
#: with the app's session (``make(session)``). Each is imported when the app first builds a part that
#: shows it.
FORMS: dict[str, Callable[..., Any]] = {
    name: _form(name) for name in __all__ if name not in ("app", "dashboard", "timer")}


def app(session=None) -> WorkshopApp:
    """The participant's app: the whole workshop on one page (app mode, ``notebooks/app.ipynb``)."""
    keep_logs_off_the_page()
    session = session or Session.get()
    open_group_asked(session)  # a kernel Voila started for this request has its cookie already
    built = WorkshopApp(FORMS, session)
    # a kernel started ahead: the page is built before anyone comes; their request opens their group
    when_participant_comes(built.participant_came)
    return built
