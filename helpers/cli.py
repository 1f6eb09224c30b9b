"""``python -m helpers ...``: the command line for trainers and scripts."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .i18n import LANGUAGES, t


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m helpers", description=t("cli.description"))
    p.add_argument("--workspace", help=t("cli.workspace_help"))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("check", help=t("cli.check_help"))
    sub.add_parser("groups", help=t("cli.groups_help"))
    sub.add_parser("schema", help=t("cli.schema_help"))

    from .export import FORMATS

    ex = sub.add_parser("export", help=t("cli.export_help"))
    ex.add_argument("group")
    ex.add_argument("--format", default="json", choices=sorted(FORMATS))
    ex.add_argument("--out", help=t("cli.out_help"))
    ex.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.lang_help"))

    rs = sub.add_parser("restore", help=t("cli.restore_help"))
    rs.add_argument("group")
    rs.add_argument("--to", type=int, required=True, metavar="N")

    hist = sub.add_parser("history", help=t("cli.history_help"))
    hist.add_argument("group")

    sm = sub.add_parser("smart", help=t("cli.smart_help"))
    sm.add_argument("sentence", nargs="?")
    sm.add_argument("--lang", choices=LANGUAGES, default=None)
    sm.add_argument("--json", action="store_true")
    sm.add_argument("--org-goal", default=None, help=t("cli.org_goal_help"))

    ap = sub.add_parser("app", help=t("cli.app_help"))
    ap.add_argument("--port", type=int, default=8866)
    ap.add_argument("--lang", choices=LANGUAGES, default="nl")
    ap.add_argument("--no-browser", action="store_true")

    fn = sub.add_parser("first-notebook", help=argparse.SUPPRESS)
    fn.add_argument("--lang", choices=LANGUAGES, default="nl")
    return p


def _workspace(args):
    from .store import Workspace

    return Workspace(args.workspace) if args.workspace else Workspace()


def _find_group(ws, name: str):
    """A group by its name or by its file name (slug), as `groups` lists them."""
    doc = ws.load(name)
    if doc is None:
        for info in ws.groups():
            if name in (info.slug, info.group):
                return ws.load(info.group)
    return doc


def cmd_check(args) -> int:
    from .check import report, run_checks

    text, ok = report(run_checks())
    print(text)
    return 0 if ok else 1


def cmd_groups(args) -> int:
    ws = _workspace(args)
    infos = ws.groups()
    if not infos:
        print(t("cli.no_groups", path=str(ws.root)))
        return 0
    print(t("cli.groups_header"))
    for info in infos:
        if info.problem:
            print(f"  {info.slug}: {info.problem}")
            continue
        done = sum(1 for s in info.steps.values() if s == "done")
        when = info.updated_at.astimezone().strftime("%Y-%m-%d %H:%M") if info.updated_at else "-"
        print(t("cli.groups_row", group=info.group, slug=info.slug, when=when, done=done,
                total=len(info.steps), revision=info.revision))
    return 0


def cmd_export(args) -> int:
    from .export import export, filename

    ws = _workspace(args)
    doc = _find_group(ws, args.group)
    if doc is None:
        print(t("store.no_group", group=args.group), file=sys.stderr)
        return 2
    data = export(doc, args.format, args.lang)
    out = Path(args.out) if args.out else Path.cwd() / filename(doc, args.format)
    if out.is_dir():
        out = out / filename(doc, args.format)
    out.write_bytes(data)
    print(t("cli.exported", path=str(out)))
    return 0


def cmd_restore(args) -> int:
    ws = _workspace(args)
    doc = _find_group(ws, args.group)
    if doc is None:
        print(t("store.no_group", group=args.group), file=sys.stderr)
        return 2
    try:
        new = ws.restore(doc.group, args.to)
    except LookupError as err:
        print(err.args[0], file=sys.stderr)
        return 2
    print(t("cli.restored", group=new.group, rev=args.to, new=new.revision))
    return 0


def cmd_history(args) -> int:
    ws = _workspace(args)
    doc = _find_group(ws, args.group)
    if doc is None:
        print(t("store.no_group", group=args.group), file=sys.stderr)
        return 2
    for entry in ws.history(doc.group):
        fields = ", ".join(".".join(map(str, c["path"])) or t("cli.whole_document") for c in entry["changes"])
        print(f"{entry['rev']:>5}  {entry['at'][:19]}  {fields[:100]}")
    return 0


def cmd_schema(args) -> int:
    from .model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_smart(args) -> int:
    from . import smart

    return smart.cli(args.sentence, args.lang, args.json, args.org_goal)


def cmd_app(args) -> int:
    from . import app

    return app.serve(port=args.port, lang=args.lang, open_browser=not args.no_browser)


def cmd_first_notebook(args) -> int:
    root = Path(__file__).resolve().parent.parent / "notebooks" / args.lang
    first = sorted(root.glob("00-*.ipynb"))
    print(first[0].relative_to(Path.cwd()) if first else root)
    return 0


COMMANDS = {"check": cmd_check, "groups": cmd_groups, "export": cmd_export, "restore": cmd_restore,
            "history": cmd_history, "schema": cmd_schema, "smart": cmd_smart,
            "app": cmd_app, "first-notebook": cmd_first_notebook}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return COMMANDS[args.command](args)
