"""Collecting group files on the trainer's dashboard (its *Files* tab), for a room without a shared
folder: many files dropped or chosen at once, each merged by the live document, every upload kept
and undoable, and a file too large to send refused in the browser, in words.

- **Drop or choose.** A drop zone ("Sleep groepsbestanden hierheen of kies ze") around an
  ``ipywidgets.FileUpload``. FileUpload only opens a file dialog; a small script (:data:`SCRIPT`,
  delivered as a ``Javascript`` output of a hidden ``Output`` widget, which JupyterLab and Voila
  both run) puts the dropped files into the FileUpload's own file input and lets the widget send
  them as it sends chosen ones: one way in for both.
- **Too large to send.** The kernel's websocket closes on a message over its limit (tornado's 10 MiB
  by default) with no word, and the next file then gets no answer. The script takes such files (and
  the files that would make one upload too large together) out of the list before the widget reads
  it, and tells the kernel their names and sizes through a hidden ``Text``; the refusal is written
  here, through the catalogue, beside the field. A file between
  :data:`helpers.classroom.MAX_UPLOAD_BYTES` and that limit is sent and refused by the kernel.
- **Kept and undoable.** Every upload taken in is kept in the folder's ``.uploads/``
  (:func:`helpers.classroom.uploads`) and listed newest first with *Undo*; undoing asks once more,
  then takes the upload back and keeps every answer changed since
  (:func:`helpers.classroom.undo_upload`).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path
import secrets
from typing import Any, Callable, Iterable

from IPython.display import Javascript
import ipywidgets as widgets

from .. import classroom, labels, render
from ..i18n import current_language, t
from ..names import shown_file_name
from .base import message_label, safe, show_message

log = logging.getLogger("helpers.ui.collect")

__all__ = ["Collection", "drop_zone", "refusals", "SCRIPT", "STYLE", "SHOWN_UPLOADS"]

#: how many uploads the list shows (the rest stay kept in ``.uploads/``)
SHOWN_UPLOADS = 30
#: the kinds of refusal the browser reports: one file over the limit, or one too many for one upload
REFUSALS = {"size": "collect.refused_size", "total": "collect.refused_total"}
_STATUSES = ("added", "merged", "unchanged")
_status = labels.kind("collect_status", "collect.status.{}", _STATUSES)

STYLE = """<style>
.wsm-collect-zone { border: 2px dashed #5b7a99; border-radius: 8px; padding: 14px 16px; background: #f5f8fb;
  align-items: center; flex-wrap: wrap; gap: 12px; min-height: 44px; }
.wsm-collect-zone.wsm-collect-over { background: #e3f0fc; border-color: #0b57d0; }
.wsm-collect-zone .widget-html-content { font-size: 15px; line-height: 1.4; }
.wsm-collect-zone .widget-upload { min-height: 44px; }
.wsm-collect-row { align-items: center; gap: 10px; border-bottom: 1px solid #e3e7eb; padding: 2px 0; }
.wsm-collect-row .widget-html-content { line-height: 1.4; }
.wsm-collect-row button { min-height: 36px; }
</style>"""

#: Runs in the page (JupyterLab or Voila); ``__CONFIG__`` is ``{"token", "limit"}``. It hooks the
#: FileUpload inside the element with class ``token``: the widget's file input (kept outside the
#: page, opened from the button's click) gets a capturing ``change`` listener, which at the input
#: runs before the widget's own and takes out what cannot be sent; a drop on the zone puts the
#: files into that input and dispatches ``change``, so dropped and chosen files take one way.
SCRIPT = r"""
(function () {
  const cfg = __CONFIG__;
  const seen = window.__wsmCollect = window.__wsmCollect || {};
  if (seen[cfg.token]) { return; }
  seen[cfg.token] = true;
  const hasFiles = (e) => !!e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  function report(refused, sent) {
    const box = document.querySelector('.' + cfg.token + '-refused input');
    if (!box) { return; }
    box.value = JSON.stringify({n: Date.now() + '-' + Math.random(), sent: sent, refused: refused});
    box.dispatchEvent(new Event('input', {bubbles: true}));
    box.dispatchEvent(new Event('change', {bubbles: true}));
  }
  function sift(input) {
    const keep = [], refused = [];
    let total = 0;
    for (const f of Array.from(input.files || [])) {
      if (f.size > cfg.limit) { refused.push({name: f.name, size: f.size, why: 'size'}); }
      else if (total + f.size > cfg.limit) { refused.push({name: f.name, size: f.size, why: 'total'}); }
      else { keep.push(f); total += f.size; }
    }
    if (refused.length) {
      const dt = new DataTransfer();
      keep.forEach((f) => dt.items.add(f));
      input.files = dt.files;
      report(refused, keep.length);
    }
  }
  function fileInput(button) {
    // the widget opens its file input from the button's click: catch that one call, open nothing
    const click = HTMLInputElement.prototype.click;
    let found = null;
    HTMLInputElement.prototype.click = function () {
      if (this.type === 'file') { found = this; } else { click.call(this); }
    };
    try { button.dispatchEvent(new MouseEvent('click')); } finally { HTMLInputElement.prototype.click = click; }
    return found;
  }
  function hook(zone) {
    if (zone.__wsmCollect) { return; }
    const button = zone.querySelector('.widget-upload');
    if (!button || !document.querySelector('.' + cfg.token + '-refused input')) { return; }
    const input = fileInput(button);
    if (!input) { return; }
    zone.__wsmCollect = input;
    input.addEventListener('change', () => sift(input), true);
    const over = (on) => zone.classList.toggle('wsm-collect-over', on);
    zone.addEventListener('dragenter', (e) => { if (hasFiles(e)) { e.preventDefault(); over(true); } });
    zone.addEventListener('dragover', (e) => {
      if (hasFiles(e)) { e.preventDefault(); e.stopPropagation(); e.dataTransfer.dropEffect = 'copy'; over(true); }
    });
    zone.addEventListener('dragleave', (e) => { if (!zone.contains(e.relatedTarget)) { over(false); } });
    zone.addEventListener('drop', (e) => {
      if (!hasFiles(e)) { return; }
      e.preventDefault();
      e.stopPropagation();
      over(false);
      const dt = new DataTransfer();
      Array.from(e.dataTransfer.files).forEach((f) => dt.items.add(f));
      input.files = dt.files;
      input.dispatchEvent(new Event('change'));
    });
  }
  // a file dropped just beside the zone must not open in the tab (the dashboard would be gone)
  const besides = (e) => { if (hasFiles(e) && document.querySelector('.' + cfg.token)) { e.preventDefault(); } };
  window.addEventListener('dragover', besides);
  window.addEventListener('drop', besides);
  let found = false, tries = 0;
  const timer = setInterval(() => {
    const zones = document.querySelectorAll('.' + cfg.token);
    zones.forEach(hook);
    found = found || zones.length > 0;
    tries += 1;
    if ((found && zones.length === 0) || (!found && tries > 1200)) {
      clearInterval(timer);
      window.removeEventListener('dragover', besides);
      window.removeEventListener('drop', besides);
      delete seen[cfg.token];
    }
  }, 500);
})();
"""

_esc = render.text


def _megabytes(size: int, lang: str) -> str:
    return render.number(round(size / (1024 * 1024), 1), lang)


def refusals(report: str, lang: str | None = None, limit: int = 200, keys: dict[str, str] = REFUSALS,
             limit_mb: int = classroom.MAX_UPLOAD_BYTES // (1024 * 1024)) -> tuple[list[str], int]:
    """The browser's report of files it did not send (the hidden field's JSON text), as sentences in
    ``lang``: ``(sentences, files still sent)``; ``keys`` are the sentences for each kind of refusal
    and ``limit_mb`` the largest file they name. A report that is not what the script writes gives
    no sentence (it came from the page: never trusted, never shown as markup)."""
    try:
        data = json.loads(report or "{}")
        items = data.get("refused") if isinstance(data, dict) else None
        sent = data.get("sent", 0) if isinstance(data, dict) else 0
    except (ValueError, RecursionError):
        return [], 0
    sent = sent if isinstance(sent, int) and not isinstance(sent, bool) and sent >= 0 else 0
    out = []
    for item in (items if isinstance(items, list) else [])[:limit]:
        if not isinstance(item, dict) or item.get("why") not in keys:
            continue
        size = item.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            continue
        out.append(t(keys[item["why"]], lang, file=shown_file_name(str(item.get("name", ""))[:300]),
                     size=_megabytes(size, lang), limit=limit_mb))
    return out, sent


def drop_zone(words: widgets.Widget, upload: widgets.FileUpload, token: str,
              limit: int) -> tuple[widgets.HBox, widgets.Text, widgets.Output]:
    """The parts that make ``upload`` take dropped files and refuse in the browser what is too
    large to send (:data:`SCRIPT`): the zone (``words`` beside the button), the hidden ``Text`` the
    browser reports refusals to (observe its value; :func:`refusals` turns it into sentences) and the
    hidden ``Output`` that carries the script. ``token`` is a class name unique to this zone."""
    zone = widgets.HBox([words, upload])
    for name in ("wsm-collect-zone", token):
        zone.add_class(name)
    refused = widgets.Text(layout=widgets.Layout(display="none"))
    refused.add_class(f"{token}-refused")
    script = widgets.Output(layout=widgets.Layout(height="0px", overflow="hidden"))
    script.append_display_data(Javascript(SCRIPT.replace("__CONFIG__", json.dumps(
        {"token": token, "limit": int(limit)}))))
    return zone, refused, script


def take_files(upload: widgets.FileUpload, change: dict, accept: Callable[[list], None]) -> None:
    """Hand the files just chosen or dropped on ``upload`` to ``accept``, then empty it for the next
    ones (observed as empty: nothing happens)."""
    files = change["new"]
    if not files:
        return
    try:
        accept(list(files))
    finally:
        upload.value = ()


class Collection(widgets.VBox):
    """The collection part of the dashboard's *Files* tab (see the module text). ``accept`` takes
    the files a FileUpload holds and returns :class:`helpers.classroom.UploadResult` (the dashboard's
    :meth:`~helpers.ui.dashboard_form.Dashboard.accept`, which refreshes it too); ``changed`` is called
    after an undo."""

    def __init__(self, folder: str | os.PathLike, lang: str | None,
                 accept: Callable[[list], list[classroom.UploadResult]],
                 changed: Callable[[], Any] | None = None, limit: int = classroom.SEND_LIMIT_BYTES):
        self.folder = Path(folder)
        self.lang = L = current_language(lang)
        self._accept = accept
        self._changed = changed
        self._refused: list[str] = []  # refusals of the files being sent now, shown with their results
        self._confirming: str | None = None  # the upload whose Undo was clicked once
        self.token = f"wsm-collect-{secrets.token_hex(6)}"

        self.upload = widgets.FileUpload(accept=".json", multiple=True, description=t("dashboard.files.upload", L),
                                         tooltip=t("dashboard.files.upload_tip", L), layout=widgets.Layout(width="auto"))
        self.upload.observe(self._on_upload, names="value")
        self.words = widgets.HTML(f"{STYLE}<span>⬇ {_esc(t('collect.drop', L))}</span>")
        self.zone, self.refused, self.script = drop_zone(self.words, self.upload, self.token, limit)
        self.refused.observe(self._on_refused, names="value")
        self.result = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.result.add_class("wsm-dashboard-upload-result")
        self.message = message_label()
        self.heading = widgets.HTML()
        self.rows = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.rows.add_class("wsm-collect-uploads")
        super().__init__([self.zone, self.refused, self.script, self.result, self.message, self.heading, self.rows],
                         layout=widgets.Layout(width="100%"))
        self.add_class("wsm-collect")
        self.show_uploads()

    def show_problem(self, text: str) -> None:
        show_message(self.message, text)

    # -- taking files in -------------------------------------------------------------------------------
    @safe
    def _on_upload(self, change) -> None:
        take_files(self.upload, change, self._accept)

    @safe
    def _on_refused(self, change) -> None:
        sentences, sent = refusals(change["new"], self.lang)
        if not sentences:
            return
        self._refused = sentences
        self._show([(False, s) for s in sentences])
        if not sent:  # nothing else comes from this choice or drop
            self._refused = []

    def show_results(self, results: Iterable[classroom.UploadResult]) -> None:
        """Show the answer to each file of one upload (with what the browser refused of it) and the
        list of kept uploads."""
        refused, self._refused = self._refused, []
        # the list first, then the answer: whoever sees the answer finds the list as it now is (a
        # click on an Undo of the list being replaced was lost)
        self.show_uploads()
        self._show([(False, s) for s in refused] + [(r.ok, r.message) for r in results])

    def _show(self, lines: list[tuple[bool, str]]) -> None:
        items = "".join(
            f'<li style="color:{"#2e7d32" if ok else "#b00020"}">{"✓" if ok else "⚠"} {_esc(text)}</li>'
            for ok, text in lines)
        self.result.value = f'<ul class="wsm-upload-results">{items}</ul>'

    # -- the kept uploads --------------------------------------------------------------------------------
    def show_uploads(self) -> None:
        """The kept uploads, newest first, each with its *Undo* while it can be undone."""
        L = self.lang
        kept = classroom.uploads(self.folder)
        text = f"<h4 style='margin:12px 0 2px'>{_esc(t('collect.kept_heading', L))}</h4>"
        intro = t("collect.kept_intro", L) if kept else t("collect.kept_none", L)
        text += f"<p style='margin:0 0 6px;color:#444'>{_esc(intro)}</p>"
        if len(kept) > SHOWN_UPLOADS:
            more = t("collect.kept_more", L, count=len(kept) - SHOWN_UPLOADS)
            text += f"<p style='margin:0 0 6px;color:#444'>{_esc(more)}</p>"
        self.heading.value = text
        old = self.rows.children
        self.rows.children = [self._row(record) for record in kept[:SHOWN_UPLOADS]]
        for widget in old:
            widget.close()

    def _row(self, record: classroom.UploadRecord) -> widgets.HBox:
        L = self.lang
        moment = record.at.astimezone()
        when = render.time(moment.replace(tzinfo=None), L)
        if moment.date() != dt.datetime.now().astimezone().date():
            when = f"{render.date(moment, L, 'd MMM')} {when}"
        status = _status(record.status, L) if record.status in _STATUSES else record.status
        if record.status == "merged":
            status = t("collect.status.merged_count", L, count=record.changed)
        if record.undone is not None:
            status = t("collect.status.undone", L)
        line = " · ".join([when, shown_file_name(record.file), record.group or "", status])
        parts: list[widgets.Widget] = [widgets.HTML(f"<span>{_esc(line)}</span>")]
        if record.undoable:
            sure = self._confirming == record.id
            button = widgets.Button(description=t("collect.undo_sure" if sure else "collect.undo", L),
                                    tooltip=t("collect.undo_tip", L), button_style="warning" if sure else "",
                                    icon="undo", layout=widgets.Layout(width="auto"))
            button.on_click(lambda _b, upload_id=record.id: self.undo(upload_id))
            parts.append(button)
        row = widgets.HBox(parts)
        row.add_class("wsm-collect-row")
        return row

    @safe
    def undo(self, upload_id: str, sure: bool = False) -> classroom.UndoResult | None:
        """*Undo* on one upload: the first click asks once more (the button says so), the second
        (or ``sure``) takes the upload back. Returns the result, ``None`` while asking."""
        if not sure and self._confirming != upload_id:
            self._confirming = upload_id
            self.show_uploads()
            return None
        self._confirming = None
        result = classroom.undo_upload(self.folder, upload_id, self.lang)
        self.show_uploads()
        self._show([(result.ok, result.message)])
        if self._changed is not None:
            self._changed()
        return result
