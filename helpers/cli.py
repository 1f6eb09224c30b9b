"""``python -m helpers ...``: the command line for trainers and scripts.

Every command answers bad input with one plain sentence in the user's language (from the ``cli``
catalogue) and exit code 2, never with a Python traceback: an unknown or malformed group name, a
workspace that is missing, a file or unreadable, a file that cannot be read, a bad number, and
argparse's own complaints. Anything unexpected also ends in one sentence and exit code 2; the
details go to standard error only with ``--debug``.

``export --out`` never writes into the workspace folder (documents, histories, locks: nothing in
it), never into a folder that does not exist, and replaces an existing file only with ``--force``
(or after "yes" to the question, when a person is typing at a terminal).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from pathlib import Path
import re
import sys
import traceback

from . import abtest, agenda, app, hub, room, smart, trainer
from .check import report, run_checks
from .classroom import read_class
from .export import FORMATS, export, filename
from .i18n import LANGUAGES, t
from .model import json_schema, step_status
from .names import visible
from .store import GroupInfo, MAX_FILE_BYTES, Workspace, atomic_write, default_workspace

#: the largest version number or port the command line accepts
MAX_REVISION = 10**9
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


class CliError(Exception):
    """Bad input: ``args[0]`` is the sentence to show; the command ends with exit code 2."""


# --------------------------------------------------------------------------------------------------
# Arguments

#: argparse's own messages (English) -> a catalogue key; the rest is shown as argparse wrote it
_ARGPARSE_MESSAGES = [
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "cli.argparse.required"),
    (re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     "cli.argparse.choice"),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "cli.argparse.unrecognized"),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"), "cli.argparse.expected_one"),
    (re.compile(r"argument (?P<arg>\S+): (?P<detail>.+)"), "cli.argparse.argument"),
]


def _argparse_sentence(message: str) -> str:
    for pattern, key in _ARGPARSE_MESSAGES:
        m = pattern.fullmatch(message.strip())
        if m:
            return t(key, **m.groupdict())
    return t("cli.argparse.other", detail=message.strip())


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one sentence in the user's language (and exit code 2)."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        self.exit(2, f"{_argparse_sentence(message)} {t('cli.see_help', prog=self.prog)}\n")


def _revision(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,10}", (text or "").strip()) or not 1 <= int(text) <= MAX_REVISION:
        raise argparse.ArgumentTypeError(t("cli.bad_revision", value=_shown(text)))
    return int(text)


def _port(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", (text or "").strip()) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(t("cli.bad_port", value=_shown(text)))
    return int(text)


def _clock(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat((text or "").strip())
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_clock", value=_shown(text))) from None


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m helpers", description=t("cli.description"))
    p.add_argument("--workspace", help=t("cli.workspace_help"))
    p.add_argument("--debug", action="store_true", help=t("cli.debug_help"))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("check", help=t("cli.check_help"))
    sub.add_parser("groups", help=t("cli.groups_help"))
    sub.add_parser("schema", help=t("cli.schema_help"))


    ex = sub.add_parser("export", help=t("cli.export_help"))
    ex.add_argument("group")
    ex.add_argument("--format", default="json", choices=sorted(FORMATS))
    ex.add_argument("--out", help=t("cli.out_help"))
    ex.add_argument("--force", action="store_true", help=t("cli.force_help"))
    ex.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.lang_help"))

    rs = sub.add_parser("restore", help=t("cli.restore_help"))
    rs.add_argument("group")
    rs.add_argument("--to", type=_revision, required=True, metavar="N")

    hist = sub.add_parser("history", help=t("cli.history_help"))
    hist.add_argument("group")

    im = sub.add_parser("import", help=t("cli.import_help"))
    im.add_argument("files", nargs="+", metavar="FILE")

    sm = sub.add_parser("smart", help=t("cli.smart_help"))
    sm.add_argument("sentence", nargs="?")
    sm.add_argument("--lang", choices=LANGUAGES, default=None)
    sm.add_argument("--json", action="store_true")
    sm.add_argument("--org-goal", default=None, help=t("cli.org_goal_help"))

    ap = sub.add_parser("app", help=t("cli.app_help"))
    ap.add_argument("--port", type=_port, default=8866)
    ap.add_argument("--lang", choices=LANGUAGES, default="nl")
    ap.add_argument("--no-browser", action="store_true")

    rm = sub.add_parser("room", help=t("cli.room_help"))
    rm.add_argument("--port", type=_port, default=8866)
    rm.add_argument("--lang", choices=LANGUAGES, default="nl")
    rm.add_argument("--code", default=None, help=t("cli.room_code_help"))
    rm.add_argument("--folder", default=None, help=t("cli.room_folder_help"))
    rm.add_argument("--ahead", type=int, default=4, metavar="N", help=t("cli.room_ahead_help"))
    rm.add_argument("--ip", default="0.0.0.0", help=argparse.SUPPRESS)   # tests: loopback only
    rm.add_argument("--no-browser", action="store_true")

    tr = sub.add_parser("trainer", help=t("cli.trainer_help"))
    tr.add_argument("--port", type=_port, default=trainer.PORT)
    tr.add_argument("--lang", choices=LANGUAGES, default="nl")
    tr.add_argument("--folder", default=None, help=t("cli.trainer_folder_help"))
    tr.add_argument("--no-browser", action="store_true")

    hb = sub.add_parser("hub", help=t("cli.hub_help"))
    hb.add_argument("--port", type=_port, default=8000)
    hb.add_argument("--lang", choices=LANGUAGES, default="nl")
    hb.add_argument("--code", default=None, help=t("cli.hub_code_help"))
    hb.add_argument("--folder", default=None, help=t("cli.hub_folder_help"))
    hb.add_argument("--ip", default="127.0.0.1", help=t("cli.hub_ip_help"))

    ag = sub.add_parser("agenda", help=t("cli.agenda_help"))
    ag.add_argument("--lang", choices=LANGUAGES, default="nl")
    ag.add_argument("--start", type=_clock, default=None, metavar="HH:MM", help=t("cli.start_help"))
    ag.add_argument("--out", help=t("cli.agenda_out_help"))

    ab = sub.add_parser("abtest", help=t("abtest.help"))
    ab.add_argument("a_conv", metavar="A_CONV", help=t("abtest.arg.conversions", variant="A"))
    ab.add_argument("a_n", metavar="A_N", help=t("abtest.arg.people", variant="A"))
    ab.add_argument("b_conv", metavar="B_CONV", help=t("abtest.arg.conversions", variant="B"))
    ab.add_argument("b_n", metavar="B_N", help=t("abtest.arg.people", variant="B"))
    ab.add_argument("--json", action="store_true", help=t("abtest.json_help"))
    ab.add_argument("--lang", choices=LANGUAGES, default=None, help=t("abtest.lang_help"))

    ap_ = sub.add_parser("abtest-plan", help=t("abtest.plan_help").replace("%", "%%"))
    ap_.add_argument("baseline", metavar="BASELINE_PERCENT", help=t("abtest.arg.baseline").replace("%", "%%"))
    ap_.add_argument("difference", metavar="DIFFERENCE_POINTS", help=t("abtest.arg.difference"))
    ap_.add_argument("--json", action="store_true", help=t("abtest.json_help"))
    ap_.add_argument("--lang", choices=LANGUAGES, default=None, help=t("abtest.lang_help"))

    kp = sub.add_parser("kpi", help=t("cli.kpi_help"))
    kp.add_argument("file", metavar="FILE")
    kp.add_argument("--json", action="store_true", help=t("cli.kpi_json_help"))
    kp.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.kpi_lang_help"))

    fn = sub.add_parser("first-notebook", help=argparse.SUPPRESS)
    fn.add_argument("--lang", choices=LANGUAGES, default="nl")
    return p


# --------------------------------------------------------------------------------------------------
# Checks shared by the commands

def _shown(text: str, limit: int = 60) -> str:
    """Typed text inside a sentence: control characters as ``?``, hidden ones visible, shortened."""

    text = visible(_CONTROL.sub("?", str(text)), keep_lines=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _group_name(name: str) -> str:
    if not name or not name.strip():
        raise CliError(t("cli.empty_group"))
    if _CONTROL.search(name):
        raise CliError(t("cli.bad_group_name", group=_shown(name)))
    return name


def _workspace(args):
    """The workspace of ``--workspace`` (else ``WORKSHOP_DIR``), checked: when it exists it must be a
    folder we may read. A workspace that does not exist yet is fine (it has no groups)."""

    root = Path(args.workspace) if args.workspace else default_workspace()
    if "\x00" in str(root):
        raise CliError(t("cli.workspace_unreadable", path=_shown(root, 200)))
    try:
        if root.exists() and not root.is_dir():
            raise CliError(t("cli.workspace_not_folder", path=_shown(root, 200)))
        if not root.exists() and any(p.exists() and not p.is_dir() for p in root.parents):
            raise CliError(t("cli.workspace_not_folder", path=_shown(root, 200)))
        if root.is_dir() and not os.access(root, os.R_OK | os.X_OK):
            raise CliError(t("cli.workspace_unreadable", path=_shown(root, 200)))
    except (OSError, ValueError):
        raise CliError(t("cli.workspace_unreadable", path=_shown(root, 200))) from None
    return Workspace(root)


def _scan(ws):
    """``(slug, group name, problem)`` of every file in the workspace, as `groups` lists them."""
    try:
        return [(i.slug, i.group, i.problem) for i in ws.groups()]
    except (RecursionError, MemoryError, ValueError, OSError):
        # one hostile file made the store give up (see the issue note): read what can be read, read-only

        cls = read_class(ws.root)
        return ([(slug, doc.group, None) for slug, doc in cls.groups]
                + [(Path(name).stem, Path(name).stem, reason) for name, reason in cls.broken])


def _find_group(ws, name: str):
    """A group by its name or by its file name (slug), as `groups` lists them."""
    name = _group_name(name)
    try:
        doc = ws.load(name)
        if doc is None and ws.problems:  # its file could not be read and was put aside by the store
            ws.problems.clear()
            raise CliError(t("cli.group_put_aside", group=_shown(name)))
        if doc is None:
            for slug, group, problem in _scan(ws):
                if name in (slug, group):
                    if problem:
                        raise CliError(t("cli.group_unreadable", group=_shown(name)))
                    # a file whose name is not the slug of its group (copied in by hand): read it as is
                    doc = ws.load(group) or ws.load_slug(slug)
                    break
    except (RecursionError, MemoryError):  # helpers/store.py lets these through (see the issue note)
        raise CliError(t("cli.group_unreadable", group=_shown(name))) from None
    for problem in ws.problems:  # read from the history after a damaged file was put aside: say so
        print(problem.message, file=sys.stderr)
    ws.problems.clear()
    if doc is None:
        raise CliError(t("store.no_group", group=_shown(name)))
    return doc


# --------------------------------------------------------------------------------------------------
# Commands

def cmd_check(args) -> int:
    text, ok = report(run_checks())
    print(text)
    return 0 if ok else 1


def _broken_reasons(root: Path) -> dict[str, str]:
    """File name -> the reason it cannot be read, in plain words (read-only)."""

    return dict(read_class(root).broken)


def cmd_groups(args) -> int:
    ws = _workspace(args)
    try:
        infos = ws.groups()
    except (RecursionError, MemoryError, ValueError, OSError):
        infos = None  # one hostile file made the store give up: list what can be read, read-only
    if infos is None:

        cls = read_class(ws.root)
        infos = [GroupInfo(slug, doc.group, doc.revision, doc.updated_at, step_status(doc)) for slug, doc in cls.groups]
        infos += [GroupInfo(Path(name).stem, Path(name).stem, -1, None, {}, reason) for name, reason in cls.broken]
        infos.sort(key=lambda i: i.slug)
    if not infos:
        print(t("cli.no_groups", path=str(ws.root)))
        return 0
    reasons = _broken_reasons(ws.root) if any(info.problem for info in infos) else {}
    print(t("cli.groups_header"))
    for info in infos:
        if info.problem:
            # groups() only reads: the file was not put aside (the store's own sentence says it was)
            file = f"{info.slug}.json"
            print("  " + t("cli.group_file_unreadable", file=_shown(file, 200),
                           reason=reasons.get(file, t("store.reason_other"))))
            continue
        done = sum(1 for s in info.steps.values() if s == "done")
        when = info.updated_at.astimezone().strftime("%Y-%m-%d %H:%M") if info.updated_at else "-"
        print(t("cli.groups_row", group=_shown(info.group, 200), slug=info.slug, when=when, done=done,
                total=len(info.steps), revision=info.revision))
    return 0


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def _ask_overwrite(path: Path) -> bool:
    answer = input(t("cli.overwrite_ask", path=str(path)) + " ")
    yes = {w.strip().casefold() for w in t("cli.yes_words").split(",")}
    return answer.strip().casefold() in yes


def _out_path(args, ws, default_name: str) -> Path:
    """Where ``export`` may write, or :class:`CliError` (see the module)."""
    out = Path(args.out).expanduser() if args.out else Path.cwd() / default_name
    try:
        if out.is_dir():
            out = out / default_name
        parent = out.parent
        if not parent.is_dir():
            raise CliError(t("cli.out_no_folder", folder=_shown(parent, 200)))
        real = Path(os.path.realpath(parent)) / out.name
        target = Path(os.path.realpath(out))
        root = Path(os.path.realpath(ws.root))
        if _inside(real, root) or _inside(target, root) or out.name in ("", ".", ".."):
            raise CliError(t("cli.out_in_workspace", path=_shown(out, 200), folder=_shown(ws.root, 200)))
        if out.is_dir():
            raise CliError(t("cli.out_is_folder", path=_shown(out, 200)))
        if out.exists() or out.is_symlink():
            if args.force:
                return out
            if sys.stdin is not None and sys.stdin.isatty():
                if _ask_overwrite(out):
                    return out
                raise CliError(t("cli.out_kept", path=_shown(out, 200)))
            raise CliError(t("cli.out_exists", path=_shown(out, 200)))
    except (OSError, ValueError):
        raise CliError(t("cli.out_unwritable", path=_shown(out, 200))) from None
    return out


def cmd_export(args) -> int:
    ws = _workspace(args)
    doc = _find_group(ws, args.group)
    out = _out_path(args, ws, filename(doc, args.format))
    # the group file carries everything a merge needs, removed rows included
    data = (ws.group_file(doc.group) if args.format == "json" else None) or export(doc, args.format, args.lang)
    try:
        atomic_write(out, data)  # a new file beside it, then a rename: never half a file, never through a link
    except OSError:
        raise CliError(t("cli.out_unwritable", path=_shown(out, 200))) from None
    print(t("cli.exported", path=str(out)))
    return 0


def cmd_restore(args) -> int:
    ws = _workspace(args)
    doc = _find_group(ws, args.group)
    try:
        new = ws.restore(doc.group, args.to)
    except LookupError as err:
        raise CliError(str(err.args[0])) from None
    except (RecursionError, MemoryError):
        raise CliError(t("cli.group_unreadable", group=_shown(doc.group))) from None
    print(t("cli.restored", group=_shown(new.group, 200), rev=args.to, new=new.revision))
    return 0


def cmd_history(args) -> int:
    ws = _workspace(args)
    doc = _find_group(ws, args.group)
    try:
        entries = ws.history(doc.group)
    except (RecursionError, MemoryError):
        raise CliError(t("cli.group_unreadable", group=_shown(doc.group))) from None
    for entry in entries:
        changes = [c for c in entry["changes"] if isinstance(c, dict) and isinstance(c.get("path"), list)]
        fields = ", ".join(".".join(map(str, c["path"])) or t("cli.whole_document") for c in changes)
        print(f"{entry['rev']:>5}  {_shown(str(entry.get('at', ''))[:19], 19)}  {_shown(fields, 100)}")
    for problem in ws.problems:  # a damaged line: said in words, the file kept aside
        print(_shown(problem.message, 400), file=sys.stderr)
    return 0


def cmd_import(args) -> int:
    """Merge group files (from several laptops, in any order, any number of times) into the
    workspace; each file gets one sentence. Exit code 2 when a file was refused."""

    ws = _workspace(args)
    refused = 0
    for name in args.files:
        path = Path(name)
        try:
            with open(path, "rb") as fh:
                content = fh.read(MAX_FILE_BYTES + 1)
        except IsADirectoryError:
            content = None
        except OSError:
            content = None
        if content is None:
            print(t("cli.import_unreadable", file=_shown(name)), file=sys.stderr)
            refused += 1
            continue
        result = ws.import_file(content, path.name)
        print(_shown(result.message, 300), file=sys.stdout if result.ok else sys.stderr)
        refused += not result.ok
    return 2 if refused else 0


def cmd_schema(args) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_smart(args) -> int:
    return smart.cli(args.sentence, args.lang, args.json, args.org_goal)


def cmd_abtest(args) -> int:
    """``abtest A_CONV A_N B_CONV B_N [--json] [--lang]``: counts as the user's language writes
    them ("1.200" in Dutch); ``--json`` prints :meth:`abtest.Result.to_dict` plus the verdict."""
    try:
        counts = [abtest.parse_count(text, args.lang) for text in (args.a_conv, args.a_n, args.b_conv, args.b_n)]
        result = abtest.compare(*counts, lang=args.lang)
    except abtest.AbTestProblem as err:
        raise CliError(str(err)) from None
    if args.json:
        print(json.dumps({**result.to_dict(), "verdict": abtest.verdict(result, args.lang)}, ensure_ascii=False, indent=2))
    else:
        print(abtest.summary(result, args.lang))
    return 0


def cmd_abtest_plan(args) -> int:
    """``abtest-plan BASELINE_PERCENT DIFFERENCE_POINTS``: people per variant (abtest.plan)."""
    try:
        baseline = abtest.parse_percent(args.baseline, args.lang)
        difference = abtest.parse_percent(args.difference, args.lang)
        needed = abtest.plan(baseline, difference, args.lang)
        text = abtest.plan_summary(baseline, difference, args.lang)
    except abtest.AbTestProblem as err:
        raise CliError(str(err)) from None
    if args.json:
        print(json.dumps({"baseline": baseline, "difference": difference, "needed_per_variant": needed}, indent=2))
    else:
        print(text)
    return 0


def cmd_app(args) -> int:
    return app.serve(port=args.port, lang=args.lang, open_browser=not args.no_browser)


def cmd_room(args) -> int:
    return room.serve(port=args.port, lang=args.lang, code=args.code, folder=args.folder, ip=args.ip,
                      open_browser=not args.no_browser, ahead=args.ahead)


def cmd_trainer(args) -> int:
    return trainer.serve(port=args.port, lang=args.lang, results=args.folder, open_browser=not args.no_browser)


def cmd_hub(args) -> int:
    return hub.serve(port=args.port, lang=args.lang, code=args.code, folder=args.folder, ip=args.ip)


def cmd_agenda(args) -> int:
    out = Path(args.out) if args.out else Path(__file__).resolve().parent.parent / "workshop" / f"agenda.{args.lang}.html"
    start = dt.datetime.combine(dt.date.today(), args.start) if args.start else None
    if out.is_dir():
        out = out / f"agenda.{args.lang}.html"
    if not out.parent.is_dir():
        raise CliError(t("cli.out_no_folder", folder=_shown(out.parent, 200)))
    try:  # a printout made from data/agenda.yaml: writing it again over an older one loses nothing
        atomic_write(out, agenda.printable(args.lang, start).encode("utf-8"))
    except OSError:
        raise CliError(t("cli.out_unwritable", path=_shown(out, 200))) from None
    print(out)
    return 0


def cmd_kpi(args) -> int:
    """What an analytics export holds (issue 11): a summary in words, or ``--json``."""
    # the one late import of ours: the importer stands on pandas, a quarter of a second that no
    # other command needs (docs/architecture.md; tests/test_architecture.py allows it)
    from .analytics import ExportError, as_json, read_export, summary

    try:
        export = read_export(args.file, name=_shown(args.file, 200), lang=args.lang)
    except ExportError as err:
        raise CliError(err.message(args.lang)) from None
    except (MemoryError, RecursionError):
        raise CliError(t("cli.kpi_failed", args.lang, file=_shown(args.file, 200))) from None
    if args.json:
        print(json.dumps(as_json(export, args.lang), ensure_ascii=False, indent=2))
    else:
        print(summary(export, args.lang))
    return 0


def cmd_first_notebook(args) -> int:
    root = Path(__file__).resolve().parent.parent / "notebooks" / args.lang
    first = sorted(root.glob("00-*.ipynb"))
    print(first[0].relative_to(Path.cwd()) if first else root)
    return 0


COMMANDS = {"check": cmd_check, "groups": cmd_groups, "export": cmd_export, "restore": cmd_restore,
            "import": cmd_import, "abtest": cmd_abtest, "abtest-plan": cmd_abtest_plan,
            "history": cmd_history, "schema": cmd_schema, "smart": cmd_smart,
            "app": cmd_app, "room": cmd_room, "trainer": cmd_trainer, "hub": cmd_hub, "agenda": cmd_agenda, "kpi": cmd_kpi,
            "first-notebook": cmd_first_notebook}


def main(argv: list[str] | None = None) -> int:
    """Run one command; bad input and anything unexpected end in one sentence and exit code 2."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        args = _parser().parse_args(argv)
        debug = args.debug
        return COMMANDS[args.command](args)
    except CliError as err:
        print(err.args[0], file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the last line of defence: a sentence, not a traceback
        print(t("cli.unexpected", error=type(err).__name__), file=sys.stderr)
        if debug:

            traceback.print_exc(file=sys.stderr)
        else:
            print(t("cli.debug_hint"), file=sys.stderr)
        return 2
