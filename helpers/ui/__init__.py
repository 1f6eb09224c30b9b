"""ipywidgets forms, one module per step (``<step>_form.py``). They bind a form to the document and hold no logic.

The notebooks call only these functions, one or two per code cell; each returns a widget.
"""
from __future__ import annotations

from .app_form import WorkshopApp, group_asked, wait_for_participant
from .base import Session, log
from .audience_form import audience, platform_use
from .channels_form import channels
from .checkin_form import agenda_table as agenda, checkin
from .content_form import content
from .dashboard_form import dashboard
from .debrief_form import onepager, rose
from .goals_form import goals
from .team_form import calendar, team
from .timer_form import timer_widget as timer

__all__ = ["agenda", "app", "audience", "calendar", "channels", "checkin", "content", "dashboard", "goals",
           "onepager", "platform_use", "rose", "team", "timer"]

#: What a lesson page may call, by name (``ui.channels()``): the forms the app lays out.
FORMS = {name: globals()[name] for name in __all__ if name not in ("app", "dashboard", "timer")}


def app(session=None) -> WorkshopApp:
    """The participant's app: the whole workshop on one page (app mode, ``notebooks/app.ipynb``)."""
    wait_for_participant()
    session = session or Session.get()
    asked = group_asked()
    if asked and asked != session.group and session.workspace.exists(asked):
        try:  # a page reloaded (or opened again) in a browser that chose this group before
            session.open(asked)
        except Exception as err:  # the check-in lets them choose again
            log.warning("could not open the group the page asked for: %s", err)
    return WorkshopApp(FORMS, session)
