"""The room's login (loaded by Voila, by name, in the room's server: see :mod:`helpers.room`).

jupyter_server's token check with two changes: the page that asks for the room code is the room's
own, in the room's language (``WORKSHOP_LANG``), and the code typed is read as a person types it off
a wall (small letters, spaces and dashes are forgiven).
"""
from __future__ import annotations

import hmac
import os

from jupyter_server.auth.identity import PasswordIdentityProvider
from voila.voila_identity_provider import VoilaLoginHandler

from . import render
from .i18n import LANGUAGES
from .room import normal_code

__all__ = ["RoomIdentityProvider", "RoomLoginHandler"]


class RoomLoginHandler(VoilaLoginHandler):
    """The page that asks for the room code, in the room's language (``WORKSHOP_LANG``)."""

    def _render(self, message=None):
        lang = os.environ.get("WORKSHOP_LANG", "nl")
        self.write(render.render("room_login.html", lang if lang in LANGUAGES else "nl",
                                 next=self.get_argument("next", default=self.base_url),
                                 wrong=bool(message), xsrf=render.markup(self.xsrf_form_html())))


class RoomIdentityProvider(PasswordIdentityProvider):
    """jupyter_server's token login with the room's own login page and a forgiving code check."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.login_handler_class = RoomLoginHandler  # Voila passes its own: the room's page instead

    def process_login_form(self, handler):
        typed = normal_code(handler.get_argument("password", default=""))
        if self.token and typed and hmac.compare_digest(typed.encode(), normal_code(self.token).encode()):
            return self.generate_anonymous_user(handler)
        return None
