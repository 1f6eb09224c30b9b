"""ipywidgets forms, one module per step (``<step>_form.py``). They bind a form to the document and hold no logic.

The notebooks call only these functions, one or two per code cell; each returns a widget.
"""
from __future__ import annotations


def checkin():
    from .checkin_form import checkin as form

    return form()


def agenda():
    from .checkin_form import agenda_table

    return agenda_table()


def audience():
    from .audience_form import audience as form

    return form()


def platform_use():
    from .audience_form import platform_use as view

    return view()


def goals():
    from .goals_form import goals as form

    return form()


def channels():
    from .channels_form import channels as form

    return form()


def content():
    from .content_form import content as form

    return form()


def team():
    from .team_form import team as form

    return form()


def calendar():
    from .team_form import calendar as form

    return form()


def onepager():
    from .debrief_form import onepager as view

    return view()


def rose():
    from .debrief_form import rose as form

    return form()


def dashboard(folder=None):
    """The trainer's dashboard on the results folder (``WORKSHOP_SHARED_DIR``, else the workspace)."""
    from .dashboard_form import dashboard as view

    return view(folder)


def timer():
    """The agenda timer on its own."""
    from .timer_form import timer_widget

    return timer_widget()
