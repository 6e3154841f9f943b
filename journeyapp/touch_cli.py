"""``journeyapp import-touches``: the receiving team's calls, emails and meetings from an
activity export, attached to the playbook's leads and deals, so SLAs are measured on first
touch."""

from __future__ import annotations

import argparse
from pathlib import Path

from journeyapp.deal_cli import add_reading_options, print_capped, zone_named
from journeyapp.models.words import count

TOUCH_FORMATS = ("auto", "salesforce-tasks", "salesforce-events", "hubspot-contacts", "generic")


def add_touches_parser(sub) -> None:
    command = sub.add_parser(
        "import-touches", help="import first touches (calls, emails, meetings) from an export"
    )
    command.add_argument("file", type=Path, help="the .journey playbook")
    command.add_argument(
        "export",
        type=Path,
        metavar="EXPORT",
        help="Salesforce's Task or Event export, a HubSpot contacts export with the first "
        "engagement's date and type, or a table of record_id, touched_at, kind",
    )
    command.add_argument(
        "--format",
        choices=TOUCH_FORMATS,
        default="auto",
        help="the export's layout (default: auto, from its columns)",
    )
    add_reading_options(command)


def run_import_touches(args: argparse.Namespace) -> int:
    from journeyapp.models.deal_import.touch_plan import read_touches, touch_edit
    from journeyapp.models.deal_import.values import DateOrder
    from journeyapp.models.edit_session import EditSession
    from journeyapp.models.store import Store

    zone = zone_named(args.timezone)
    order = DateOrder(args.date_order) if args.date_order else None
    store = Store.open(args.file, read_only=args.dry_run)
    try:
        if not args.dry_run:
            store.refuse_if_read_only()
        playbook = store.load()
        plan = read_touches(playbook, args.export, args.format, order, zone)
        edit = touch_edit(playbook, plan)
        if edit is not None and not args.dry_run:
            EditSession(playbook, store).apply(edit)
    finally:
        store.close()
    verb = "Would import" if args.dry_run else "Imported"
    print(
        f"{verb} {plan.added_words('touch', 'touches')} onto "
        + f"{count(plan.records, 'lead or deal', 'leads and deals')} from {plan.file_name} "
        + f"({plan.format}, {plan.read_as}): {plan.tally()}."
    )
    print_capped(sorted(plan.skipped), "more skipped row")
    return 0
