"""The participant's app: the whole workshop on one page, one kernel per participant.

A step menu (where you are, what is done, any step one click away), the part's lesson page from
the same notebooks the workshop uses (``helpers.lessons``), its forms where the page places them,
and Previous / Next. Switching parts swaps the page's content in place: nothing is loaded again,
and a part already shown comes back as it was left (its forms follow the document live). The app
speaks the group's language and redraws itself when the check-in changes it.
"""
from __future__ import annotations

import html
import json
import os
import threading
import time
from typing import Callable
from urllib.parse import parse_qs, quote, unquote

from IPython.display import Javascript, display
import ipywidgets as widgets
from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.sync.client import connect

from .. import i18n, labels, lessons, model, pacing
from ..i18n import t
from .base import Session, after_this, close_tree, log, on_main, safe, stylesheet
from .checkin_form import AGENDA_CLASS, GroupPicker, timed_from
from .step import StepForm

__all__ = ["WorkshopApp", "when_participant_comes", "open_group_asked", "group_asked", "GROUP_COOKIE"]

#: The short name of each part in the step menu.
nav_label = labels.kind("app_part", "app.part.{}", model.PARTS)


_waiting = False


def _voila_kernel() -> str | None:
    """``"ahead"`` in a kernel of Voila's pool (``preheat_kernel``), ``"for a page"`` in one Voila
    started for a page being opened, ``None`` outside Voila (JupyterLab, a script)."""
    if not os.environ.get("VOILA_KERNEL_ID"):
        return None
    return "for a page" if os.environ.get("VOILA_PREHEAT", "False") == "False" else "ahead"


def when_participant_comes(callback: Callable[[dict[str, str]], None]) -> bool:
    """In a kernel that Voila started ahead (``preheat_kernel``), call ``callback(info)`` on the
    kernel's main thread once a participant opens the page, with what Voila tells of that request
    (also put in ``os.environ``, as Voila's own ``voila.utils.wait_for_request`` does). Returns
    whether it waits: elsewhere (JupyterLab, a kernel Voila started for the request) there is
    nothing to wait for, and a second call in the same kernel waits no more.

    The page never waits for this: the app is built ahead and shown as soon as someone comes,
    whatever happens to Voila's request socket (a server busy for 40 s once closed it under a
    kernel blocked on it, and the page stayed blank). The request only opens the group the
    browser chose before (:meth:`WorkshopApp.participant_came`)."""
    global _waiting
    if _waiting or _voila_kernel() != "ahead":
        return False
    _waiting = True
    base = os.environ.get("VOILA_WS_BASE_URL") or os.environ.get("VOILA_SERVER_URL", "/")
    url = (f"{os.environ.get('VOILA_WS_PROTOCOL', 'ws')}://{os.environ.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{os.environ.get('VOILA_APP_PORT', '8866')}{base}voila/query/{os.environ['VOILA_KERNEL_ID']}")

    def wait() -> None:
        info = _request_info(url, attempts=ASK_ATTEMPTS)
        for key, value in info.items():
            os.environ[key] = str(value)
        on_main(callback, info)

    threading.Thread(target=wait, name="workshop-request", daemon=True).start()
    return True


#: Failures in a row on Voila's request socket before the kernel stops asking, a second apart (the
#: page is there all the same; the check-in then asks for the group again). A minute: the kernels
#: Voila starts with the server ask before the server listens (CI: five tries were not enough).
ASK_ATTEMPTS = 60


def _request_info(url: str, attempts: int = ASK_ATTEMPTS, pause: float = 1.0) -> dict[str, str]:
    """The request Voila hands this kernel on ``url`` (its ``voila/query/<kernel id>`` socket).

    A kernel waits there for as long as nobody opens the page: minutes, in a room hours. The
    socket sends no keep-alive pings (``ping_interval=None``): a server busy for 40 s (the room
    joining at once, a slow laptop) made the client's pings time out and the socket close. A
    socket closed all the same is opened again: a request that came meanwhile waits in Voila's
    cache for the kernel's next connection. After ``attempts`` failures in a row, or anything
    unforeseen: ``{}`` (no group from the browser; the check-in asks for it)."""
    failures = 0
    while failures < attempts:
        try:
            # loopback only: no proxy from the environment (websockets follows HTTP_PROXY otherwise)
            with connect(url, open_timeout=30, ping_interval=None, close_timeout=2, proxy=None) as socket:
                return json.loads(socket.recv())
        except ConnectionClosed as err:  # closed under the kernel: ask again
            log.warning("the request socket closed (%s); asking again", err)
        except (OSError, TimeoutError, ValueError, WebSocketException) as err:
            log.warning("no request information from Voila: %s", err)
        except Exception as err:  # noqa: BLE001 - a blank page is the one thing that must not happen
            log.warning("no request information from Voila: %r", err)
            return {}
        failures += 1
        time.sleep(pause)
    return {}


#: The cookie in which a browser keeps the group it chose (a day; Voila hands the page's cookies to
#: the kernel as ``HTTP_COOKIE``: see ``helpers.app.command``).
GROUP_COOKIE = "workshop_group"


def group_asked(query: str | None = None, cookies: str | None = None) -> str | None:
    """The group this browser chose before: ``?group=...`` in the page's address, else the
    :data:`GROUP_COOKIE` cookie (from ``query`` and ``cookies``, or Voila's ``QUERY_STRING`` and
    ``HTTP_COOKIE``)."""
    values = parse_qs(query if query is not None else os.environ.get("QUERY_STRING", "")).get("group", [])
    name = values[0].strip() if values else ""
    if not name:  # "a=1; workshop_group=Team%20Groen; ..." (read by hand: one odd cookie must not hide it)
        for part in (cookies if cookies is not None else os.environ.get("HTTP_COOKIE", "")).split(";"):
            key, _, value = part.strip().partition("=")
            if key == GROUP_COOKIE:
                name = unquote(value.strip().strip('"')).strip()
    return name[:200] or None


def open_group_asked(session: Session) -> None:
    """Open the group this browser chose before (:func:`group_asked`), if it exists and is not open
    already: a page reloaded, or the room's address opened again, comes back to its group."""
    asked = group_asked()
    if asked and asked != session.group and session.workspace.exists(asked):
        try:
            session.open(asked)
        except Exception as err:  # noqa: BLE001 - the check-in lets them choose again
            log.warning("could not open the group the page asked for: %s", err)


def _walk(widget: widgets.Widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


class WorkshopApp(widgets.VBox):
    """The workshop as one page (see the module's docstring). ``forms`` maps the names a lesson
    page calls (``ui.channels()``) to the functions that build them."""

    def __init__(self, forms: dict[str, Callable[..., widgets.Widget]], session: Session | None = None,
                 part: str = model.PARTS[0]):
        self.forms = forms
        self.session = session or Session.get()
        self._group_built = self.session.group  # the group this page was built with (ahead, maybe)
        # a kernel Voila started for a page being opened (no pool kernel was free): the page loads
        # its widgets as soon as this returns, so the next part is not built meanwhile (see _opened)
        self._arriving = _voila_kernel() == "for a page"
        self.part = part
        self._views: dict[tuple, widgets.Widget] = {}
        self._relabelling = False
        self._seen: dict[int, object] = {}  # a built part: the document it last showed
        self.menu = widgets.ToggleButtons(options=[], style={"button_width": "auto"})
        self.menu.add_class("workshop-menu")
        self.where = widgets.HTML()
        self.where.add_class("workshop-where")
        # the part of the agenda that runs now, as the trainer's clock says (empty without one)
        self.pace = widgets.HTML()
        self.pace.add_class("workshop-pace")
        self._pace_seen: int | None = None
        self._pace_timer = None
        self.page = widgets.VBox()
        self.page.add_class("workshop-page")
        self.previous = widgets.Button(icon="arrow-left")
        self.next = widgets.Button(icon="arrow-right", button_style="primary")
        for button in (self.previous, self.next):
            button.add_class("workshop-turn")
        self.scroll = widgets.Output(layout=widgets.Layout(height="0px", overflow="hidden"))
        self.previous.on_click(lambda _b: self.show(self._neighbour(-1)))
        self.next.on_click(lambda _b: self.show(self._neighbour(+1)))
        self.menu.observe(self._picked, names="value")
        self.session.on_saved(self._saved)
        self.session.on_change(self._saved)
        self.session.on_open(self._opened)
        i18n.on_language_change(self._language_changed)
        turn = widgets.HBox([self.previous, self.next])
        turn.add_class("workshop-turns")
        super().__init__([stylesheet(), self.pace, self.menu, self.where, self.page, turn, self.scroll])
        self.add_class("workshop-app")
        self.show(part)
        if self.session.group:
            self._opened(self.session.doc)
        self._arriving = False
        self.update_pace()

    # -- pacing -------------------------------------------------------------------------------------
    def update_pace(self) -> str:
        """Read the trainer's clock in the group's folder (when it changed) and show the part of the
        agenda that runs now; returns the line shown ("" when there is no clock running). Called on
        every part shown and every save or change of the group's document: no thread per page."""
        folder = self.session.workspace.root
        seen = pacing.stamp(folder)
        if seen != self._pace_seen:
            self._pace_seen = seen
            self._pace_timer = pacing.load(folder) if seen is not None else None
        timer = self._pace_timer
        lang = i18n.current_language()
        text = pacing.now_line(timer.state(lang=lang) if timer is not None else None, lang)
        value = f'<div role="status">⏱ {html.escape(text)}</div>' if text else ""
        if self.pace.value != value:
            self.pace.value = value
        return text


    # -- what a participant does --------------------------------------------------------------------
    @safe
    def show(self, part: str | None) -> None:
        """Show ``part`` (one of ``model.PARTS``); ``None`` changes nothing."""
        if part is None or part not in model.PARTS:
            return
        first = not self.page.children
        self.part = part
        view = self._view(part)
        self._bring_up_to_date(view)
        self.page.children = [view]
        self._show_menu()
        if not first:
            with self.scroll:  # the top of the new part, not the middle of the old one's length
                self.scroll.clear_output()
                display(Javascript("window.scrollTo({top: 0, behavior: 'instant'})"))
        # while the participant reads this part, the next one is built: Next then only swaps it in.
        # Not before a group is chosen: a part built without one is built again with it, and a room
        # that opens the app all at once spends its processors on the check-in pages first.
        if self.session.group and not self._arriving:
            after_this(self._prepare, self._neighbour(+1))

    @safe
    def _prepare(self, part: str | None) -> None:
        if part is not None:
            self._view(part)

    def show_problem(self, text: str) -> None:
        self.where.value = f"<b>{text}</b>"

    # -- inside -------------------------------------------------------------------------------------
    def _neighbour(self, step: int) -> str | None:
        at = model.PARTS.index(self.part) + step
        return model.PARTS[at] if 0 <= at < len(model.PARTS) else None

    def _view(self, part: str) -> widgets.Widget:
        """The part's page, built once per language and group (a page built before the group was
        chosen asks for one; it is built again once there is a group)."""
        key = (i18n.current_language(), part, self.session.group)
        view = self._views.get(key)
        if view is None or view.comm is None:
            view = self._views[key] = self._build(part, key[0])
            self._seen[id(view)] = self.session.doc
        return view

    def _bring_up_to_date(self, view: widgets.Widget) -> None:
        """A part built earlier shows the document as it is now: answers given since in other parts
        (the channels chosen in step 3 are the rows of step 4) reach its fields and its forms."""
        doc = self.session.doc
        if doc is None or self._seen.get(id(view)) is doc:
            return  # nothing changed since it was last shown (a change makes a new document)
        inside = set()
        forms = []
        for widget in _walk(view):
            inside.add(id(widget))
            if isinstance(widget, StepForm):
                forms.append(widget)
        busy = self.session.busy_paths()
        for binding in self.session.bindings():
            if id(binding.widget) in inside:
                binding.refresh(self.session, busy)
        for form in forms:
            form._follow(doc)
        self._seen[id(view)] = doc

    def _build(self, part: str, lang: str) -> widgets.Widget:
        children: list[widgets.Widget] = []
        for cell in lessons.cells(part, lang):
            if cell.html:
                text = widgets.HTML(cell.html)
                text.add_class("workshop-lesson")
                children.append(text)
            for name in cell.forms:
                make = self.forms.get(name)
                if make is not None:  # bound to this app's session, never whichever is current
                    children.append(make(self.session))
        view = widgets.VBox(children)
        view.add_class(f"workshop-part-{part}")
        return view

    def _show_menu(self) -> None:
        doc = self.session.doc
        status = model.step_status(doc) if doc is not None else {}
        options = [(("✓ " if status.get(p) == "done" else "") + nav_label(p), p) for p in model.PARTS]
        self._relabelling = True  # new options select the first one for a moment: not a click
        try:
            if list(self.menu.options) != options:
                self.menu.options = options
            if self.menu.value != self.part:
                self.menu.value = self.part
        finally:
            self._relabelling = False
        at = model.PARTS.index(self.part)
        done = sum(1 for s in status.values() if s == "done")
        self.where.value = t("app.where", at=at + 1, total=len(model.PARTS), done=done)
        before, after = self._neighbour(-1), self._neighbour(+1)
        self.previous.description = t("app.previous", part=nav_label(before)) if before else t("app.start")
        self.previous.disabled = before is None
        self.next.description = t("app.next", part=nav_label(after)) if after else t("app.end")
        self.next.disabled = after is None
        try:  # the trainer's clock, looked at whenever the page changes (one stat)
            self.update_pace()
        except Exception:  # never into the page
            log.exception("pacing")

    def _picked(self, change) -> None:
        if not self._relabelling and change["new"] and change["new"] != self.part:
            self.show(change["new"])

    def _saved(self, _doc) -> None:
        on_main(self._show_menu)

    def _opened(self, doc) -> None:
        """The browser keeps the group it chose, in a cookie of its own: a reload, or the room's
        address opened again, comes back to it (:func:`group_asked`); another laptop is not touched."""
        if doc is None:
            return
        value = json.dumps(quote(doc.group, safe=""))
        with self.scroll:
            display(Javascript(f"document.cookie = {json.dumps(GROUP_COOKIE + '=')} + {value}"
                               " + '; path=/; max-age=86400; SameSite=Lax';"))
        on_main(self._show_menu)
        # not while the page loads its widgets (the page opened with a group): widgets made then left
        # the page at "Loading widget..." (CI); the next part is then built when it is asked for
        if not self._arriving:
            after_this(self._prepare, self._neighbour(+1))

    @safe
    def participant_came(self, _info: dict[str, str] | None = None) -> None:
        """Someone opened the page of this kernel, which Voila started and this app built ahead
        (:func:`when_participant_comes`). The trainer's clock, the agenda's times and the check-in's
        list of groups are shown as they are now, and the
        group their browser chose before (its cookie) is opened as a person opens it (typed, then
        Start), unless they have chosen one meanwhile.
        Everything is changed in place: the page is loading its widgets right now, and widgets
        closed and made meanwhile could leave it half drawn."""
        self.update_pace()  # the trainer's clock as it runs now, not when the kernel started
        picker = None
        for widget in _walk(self.page):
            if AGENDA_CLASS in getattr(widget, "_dom_classes", ()):
                timed_from(widget)  # the agenda's times from now
            elif isinstance(widget, GroupPicker) and picker is None:
                picker = widget
        if picker is not None:
            picker.refresh_groups()
        asked = group_asked()
        if self.session.group != self._group_built:
            return  # the person has chosen meanwhile: what they did wins
        if not asked or asked == self.session.group or not self.session.workspace.exists(asked):
            return
        self._arriving = True
        try:
            if picker is not None:
                picker.choose(asked)
            else:
                open_group_asked(self.session)
        finally:
            self._arriving = False

    def _language_changed(self, _lang: str) -> None:
        if self.comm is None:
            return  # closed: the page was left
        after_this(self._redraw)  # the check-in's own callback is still running: replace it after

    @safe
    def _redraw(self) -> None:
        """The whole app again in the new language (the pages of the old one are closed)."""
        old = [v for (lang, _p, _g), v in self._views.items() if lang != i18n.current_language()]
        self.show(self.part)
        for view in old:
            close_tree(view)
        self._views = {k: v for k, v in self._views.items() if v.comm is not None}
