"""The ``journeyapp`` command: open the app, or create, check and export playbooks.

A command-line error is one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import NoReturn

from journeyapp.display_check import DisplayError
from journeyapp.models.errors import PlaybookError
from journeyapp.models.words import count
from journeyapp.terminal_text import escaped_output

# The commands kept in modules of their own: each module, the functions that add its
# commands to the parser, and by command the function that runs it. A module is loaded only
# for a command of its own, so opening the window loads none of them.
SUBCOMMANDS = {
    "layout_cli": (("add_layout_parser",), {"layout": "run_layout"}),
    "deal_cli": (
        ("add_import_parser", "add_import_leads_parser"),
        {"import-deals": "run_import_deals", "import-leads": "run_import_leads"},
    ),
    "touch_cli": (("add_touches_parser",), {"import-touches": "run_import_touches"}),
    "replay_cli": (("add_replay_parser",), {"replay": "run_replay"}),
    "review_cli": (
        ("add_review_parsers",),
        {"snapshot": "run_snapshot", "diff": "run_diff", "funnel": "run_funnel"},
    ),
    "feedback_cli": (("add_feedback_parser",), {"feedback": "run_feedback"}),
    "meeting_cli": (
        ("add_meeting_parsers",),
        {"agenda": "run_agenda", "meeting-notes": "run_meeting_notes"},
    ),
    "winloss_cli": (
        ("add_winloss_parsers",),
        {"winloss": "run_winloss", "interview-guide": "run_interview_guide"},
    ),
    "room_cli": (("add_room_parser",), {"host": "run_host"}),
}
RUN_BY = {
    command: (module, function)
    for module, (_, runners) in SUBCOMMANDS.items()
    for command, function in runners.items()
}

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

COMMANDS = (
    "new",
    "check",
    "export",
    "layout",
    "import-deals",
    "import-leads",
    "import-touches",
    "replay",
    "snapshot",
    "diff",
    "funnel",
    "feedback",
    "agenda",
    "meeting-notes",
    "winloss",
    "interview-guide",
    "host",
)


class UsageError(Exception):
    """Bad words on the command line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _command_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="journeyapp", description="Buyer's journey playbooks.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    new = sub.add_parser("new", help="create a playbook file")
    new.add_argument("file", type=Path)
    source = new.add_mutually_exclusive_group()
    source.add_argument("--template", default="b2b-saas", choices=("b2b-saas", "blank"))
    source.add_argument("--from-json", type=Path, metavar="IN")
    new.add_argument("--name", help="the playbook's name")
    new.add_argument("--company", help="whose playbook it is")
    new.add_argument("--version", help="which version of the playbook, such as 2026 Q4")
    new.add_argument("--owner", help="who keeps the playbook up to date")
    new.add_argument(
        "--logo", type=Path, metavar="IMAGE", help="a PNG or JPEG logo for the PDF cover"
    )

    check = sub.add_parser("check", help="list a playbook's problems")
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true", help="print the problems as JSON")

    export = sub.add_parser("export", help="write a playbook to another format")
    export.add_argument("file", type=Path)
    export.add_argument("--json", type=Path, metavar="OUT", dest="json_out")
    export.add_argument("--graphml", type=Path, metavar="OUT")
    export.add_argument("--pdf", type=Path, metavar="OUT", help="the playbook as a PDF handbook")
    export.add_argument(
        "--html", type=Path, metavar="OUT", help="the playbook as one self-contained web page"
    )
    export.add_argument(
        "--sections",
        metavar="A,B",
        help="sections of the PDF and the web page: cover, contents, map, stages, raci, roles, "
        "handoffs, glossary, scoring, funnel, feedback, winloss, lessons, improvements, history "
        "(default: all)",
    )
    export.add_argument("--role", metavar="ROLE", help="only this role's responsibilities page")
    export.add_argument(
        "--page-size",
        choices=("a4", "letter", "a3", "tabloid"),
        help="the PDF's paper (default: the system locale's, Letter in the US and Canada)",
    )
    for module, (adders, _) in SUBCOMMANDS.items():
        for adder in adders:
            getattr(import_module(f"journeyapp.{module}"), adder)(sub)
    return parser


def _app_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="journeyapp",
        description=(
            "Open the journeyapp window. "
            "Commands: new, check, export, layout, import-deals, import-leads, import-touches, "
            "replay, snapshot, diff, "
            "funnel, feedback, agenda, meeting-notes, winloss, interview-guide, host "
            "(see COMMAND -h)."
        ),
    )
    parser.add_argument("file", nargs="?", type=Path, help="a .journey playbook to open")
    parser.add_argument(
        "--sample", action="store_true", help="start on a fresh copy of the sample playbook"
    )
    return parser


def run_new(args: argparse.Namespace) -> int:
    from journeyapp.models.change import Kind
    from journeyapp.models.logo import read_logo
    from journeyapp.models.operations import set_fields
    from journeyapp.models.store import Store
    from journeyapp.models.templates import load_template

    if args.file.exists():
        raise PlaybookError(f"{args.file.name} already exists; choose another name.")
    if args.from_json is not None:
        from journeyapp.export.json_interchange import read_json

        playbook = read_json(args.from_json)  # as exported: a never-reviewed stage stays so
    else:
        playbook = load_template(args.template)
    properties = {
        name: value
        for name in ("name", "company", "version", "owner")
        if (value := getattr(args, name)) is not None
    }
    if args.logo is not None:
        properties["logo"] = read_logo(args.logo)
    if properties:
        playbook.apply(set_fields(playbook, Kind.META, "meta", **properties))
    Store.create(args.file, playbook).close()
    print(f"Created {args.file}")
    return EXIT_OK


def load_playbook(path: Path):
    from journeyapp.models.store import Store

    store = Store.open(path, read_only=True)
    if store.notice:
        print(f"journeyapp: note: {store.notice}", file=sys.stderr)
    try:
        playbook = store.load()
        for repair in store.repairs:
            print(f"journeyapp: note: {repair}", file=sys.stderr)
        return playbook
    finally:
        store.close()


def run_check(args: argparse.Namespace) -> int:
    from journeyapp.models.validation import Severity, validate

    problems = validate(load_playbook(args.file))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "severity": p.severity.value,
                        "message": p.message,
                        "kind": p.kind.value,
                        "id": p.id,
                    }
                    for p in problems
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for problem in problems:
            print(f"{problem.severity.value}: {problem.message}")
        warnings = len(problems) - errors
        print(f"{args.file.name}: {count(errors, 'error')}, {count(warnings, 'warning')}")
    return EXIT_PROBLEMS if errors else EXIT_OK


@contextlib.contextmanager
def terminal_progress():
    """A progress line on a terminal's stderr, rewritten in place (Ctrl+C cancels); nothing
    when stderr is a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    terminal = getattr(sys.stderr, "unescaped", sys.stderr)
    shown = [0]

    def show(message: str) -> None:
        terminal.write("\r" + message.ljust(shown[0]))
        terminal.flush()
        shown[0] = len(message)

    try:
        yield show
    finally:
        if shown[0]:
            terminal.write("\r" + " " * shown[0] + "\r")
            terminal.flush()


def run_export(args: argparse.Namespace) -> int:
    if all(out is None for out in (args.json_out, args.graphml, args.pdf, args.html)):
        raise UsageError("export needs --json OUT, --graphml OUT, --pdf OUT or --html OUT")
    if args.role is not None and args.sections is not None:
        raise UsageError("--role prints one role's page alone: give --role or --sections, not both")
    if args.role is not None and args.html is not None:
        raise UsageError(
            "--role makes a PDF of one role's page; the web page holds every role: "
            "export them apart"
        )
    outputs = [out for out in (args.json_out, args.graphml, args.pdf, args.html) if out]
    named = [out.resolve() for out in outputs]
    if len(set(named)) < len(named):
        raise UsageError("two of the outputs name the same file: give each its own")
    from journeyapp.export.atomic_file import check_destination

    for out in outputs:  # every output checked before any is written
        check_destination(out)
    from journeyapp.export.section_names import SECTIONS

    chosen = tuple(s.strip() for s in args.sections.split(",")) if args.sections else SECTIONS
    playbook = load_playbook(args.file)
    if args.json_out is not None:
        from journeyapp.export.json_interchange import write_json

        write_json(playbook, args.json_out, like=args.file)
        print(f"Wrote {args.json_out}")
    if args.graphml is not None:
        from journeyapp.export.graphml import write_graphml

        write_graphml(playbook, args.graphml, like=args.file)
        print(f"Wrote {args.graphml}")
    if args.pdf is not None:
        from journeyapp.export.pdf.playbook_pdf import write_pdf

        with terminal_progress() as progress:
            pages = write_pdf(
                playbook,
                args.pdf,
                like=args.file,
                sections=chosen,
                role=args.role,
                progress=progress,
                page_size=args.page_size,
            )
        print(f"Wrote {args.pdf} ({pages} page{'' if pages == 1 else 's'})")
    if args.html is not None:
        from journeyapp.export.html.playbook_html import write_html

        write_html(playbook, args.html, like=args.file, sections=chosen)
        print(f"Wrote {args.html}")
    return EXIT_OK


RUNNERS = {"new": run_new, "check": run_check, "export": run_export}


def _runner(command: str) -> Callable[[argparse.Namespace], int]:
    """The function that runs ``command`` (its module loaded now, if it has one of its own)."""
    if command in RUNNERS:
        return RUNNERS[command]
    module, function = RUN_BY[command]
    return getattr(import_module(f"journeyapp.{module}"), function)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        with escaped_output():
            return _run(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:  # what reads the output stopped reading (`| head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nor at exit's flush
        return 0


def _run(argv: list[str]) -> int:
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            return _runner(args.command)(args)
        args = _app_parser().parse_args(argv)
        # Start-up makes only objects that live as long as the app; the collector's passes
        # over them before the first frame find nothing to free (run_app resumes it then).
        gc.disable()
        # The Qt-free model layer before the window: once PySide6 is loaded it inspects the
        # source of every module imported after it, which makes NetworkX's few hundred
        # modules load about 40% slower.
        import journeyapp.models.store
        import journeyapp.models.templates
        import journeyapp.models.validation  # noqa: F401
        from journeyapp.app import run_app

        try:
            return run_app(args.file, sample=args.sample)
        finally:
            gc.enable()
    except UsageError as error:
        command = argv[0] if argv and argv[0] in COMMANDS else ""
        return _fail(f"{error} (see journeyapp {command + ' -h' if command else '--help'})")
    except (PlaybookError, DisplayError) as error:
        return _fail(str(error))
    except BrokenPipeError:
        raise
    except OSError as error:
        return _fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
    except KeyboardInterrupt:
        return _fail("interrupted")


def _fail(message: str) -> int:
    print(f"journeyapp: {' '.join(message.split())}", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
