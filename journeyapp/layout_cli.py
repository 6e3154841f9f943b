"""``journeyapp layout``: lay a playbook's map out as Ctrl+L does, as one undoable edit saved
in the file."""

from __future__ import annotations

import argparse
from pathlib import Path

from journeyapp.models.words import count


def add_layout_parser(sub) -> None:
    command = sub.add_parser(
        "layout", help="lay the map out: phases stay columns, lanes rows, few arrows cross"
    )
    command.add_argument("file", type=Path, help="the .journey playbook")


def run_layout(args: argparse.Namespace) -> int:
    from journeyapp.cli import terminal_progress
    from journeyapp.models.auto_layout import auto_layout
    from journeyapp.models.edit_session import EditSession
    from journeyapp.models.store import Store

    store = Store.open(args.file)
    try:
        store.refuse_if_read_only()
        playbook = store.load()
        with terminal_progress() as show:
            told = (lambda share: show(f"Laying out… {share:.0%}")) if show else None
            edit = auto_layout(playbook, told)
        if edit.edits:
            EditSession(playbook, store).apply(edit)
    finally:
        store.close()
    print(f"Laid out {args.file.name}: {count(len(edit.edits), 'stage')} moved.")
    return 0
