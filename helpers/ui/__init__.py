"""ipywidgets forms, one module per step. They bind a form to the document and hold no logic.

The notebooks call only these functions, one or two per code cell; each returns a widget.
"""
from __future__ import annotations


def checkin():
    from .checkin import checkin as form

    return form()


def agenda():
    from .checkin import agenda_table

    return agenda_table()


def audience():
    from .audience import audience as form

    return form()


def platform_use():
    from .audience import platform_use as view

    return view()


def goals():
    from .goals import goals as form

    return form()


def channels():
    from .channels import channels as form

    return form()


def content():
    from .content import content as form

    return form()


def team():
    from .team import team as form

    return form()


def calendar():
    from .team import calendar as form

    return form()


def onepager():
    from .debrief import onepager as view

    return view()


def rose():
    from .debrief import rose as form

    return form()
