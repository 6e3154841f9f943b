"""``journeyapp import-deals`` and ``import-leads``: bring a CRM export's deals, or its leads'
lifecycle histories, into a playbook file."""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from journeyapp.models.words import capped, count

MAX_SKIPS_SHOWN = 20


def _add_export_arguments(command, stage_words: str) -> None:
    """The arguments every import takes: the playbook, the export, and how to read it."""
    command.add_argument("file", type=Path, help="the .journey playbook")
    command.add_argument(
        "csv",
        type=Path,
        metavar="EXPORT",
        help="the CRM export: CSV, .xlsx, .xls, .ods, or a .zip holding one",
    )
    command.add_argument(
        "--member", metavar="NAME", help="which table to read, when the .zip holds several"
    )
    command.add_argument(
        "--format",
        default="auto",
        help="the export's layout, as the README lists them (default: auto, from its columns)",
    )
    command.add_argument(
        "--map",
        action="append",
        default=[],
        metavar=f'"{stage_words}=Map stage"',
        help=f"where a {stage_words} goes on the map; nothing after = ignores it",
    )
    add_reading_options(command)


def add_reading_options(command) -> None:
    """How any export's dates and times are read, and --dry-run: every import takes them."""
    command.add_argument(
        "--date-order",
        choices=("dmy", "mdy", "ymd"),
        help="how to read dates like 03/04/2024 when the file does not show it "
        "(dmy: day first; mdy: month first)",
    )
    command.add_argument(
        "--timezone",
        metavar="ZONE",
        help="what times written without a zone are in, e.g. Europe/Berlin (default: UTC)",
    )
    command.add_argument("--dry-run", action="store_true", help="report, change nothing")


def print_capped(items, noun: str) -> None:
    """(line, words) items a line each, sorted as given, at most MAX_SKIPS_SHOWN of them."""
    for line in capped(items, noun, MAX_SKIPS_SHOWN):
        print(f"  {line}")


def add_import_parser(sub) -> None:
    command = sub.add_parser("import-deals", help="import deals' stage histories from a CRM export")
    _add_export_arguments(command, "CRM stage")
    command.add_argument(
        "--replace-shorter",
        action="store_true",
        help="replace deals whose history in the export has fewer steps than the playbook's",
    )
    command.add_argument(
        "--companion",
        type=Path,
        metavar="FILE",
        help="Salesforce's Opportunity export (Opportunity.csv), for the deals' names, owners, "
        "accounts and outcomes, joined to the history by Opportunity Id; or, beside "
        "Pipedrive's deal changes, its deals list export, for the stages' names",
    )


def add_import_leads_parser(sub) -> None:
    command = sub.add_parser(
        "import-leads", help="import leads' lifecycle stages from a CRM export"
    )
    _add_export_arguments(command, "CRM lifecycle stage")
    command.add_argument(
        "--companion",
        type=Path,
        metavar="FILE",
        help="Salesforce's CampaignMember export, for the campaign each lead came from",
    )
    command.add_argument(
        "--verdict",
        action="append",
        default=[],
        metavar='"Lead status=accepted"',
        help="what a lead status means: accepted, rejected, recycled, or none (no verdict yet)",
    )


def parse_overrides(pairs: list[str]) -> dict[str, str | None]:
    return parse_pairs(pairs, "--map", "CRM stage=Map stage")


def parse_pairs(pairs: list[str], option: str, shape: str) -> dict[str, str | None]:
    """``option``'s "name=value" pairs (an empty value: None); a usage error names ``shape``."""
    from journeyapp.cli import UsageError

    overrides: dict[str, str | None] = {}
    for pair in pairs:
        crm, sep, target = pair.partition("=")
        if not sep or not crm.strip():
            raise UsageError(f'{option} takes "{shape}", not “{pair}”')
        overrides[crm.strip()] = target.strip() or None
    return overrides


def run_import_deals(args: argparse.Namespace) -> int:
    from journeyapp.models.deal_import.formats import FORMATS
    from journeyapp.models.deal_import.plan import import_edit, read_export

    _check_format(args.format, FORMATS)

    def edit(playbook, plan):
        return import_edit(playbook, plan, replace_shorter=args.replace_shorter)

    return _run_import(args, read_export, edit, "deal")


def run_import_leads(args: argparse.Namespace) -> int:
    from journeyapp.models.lead_import.plan import FORMATS, lead_import_edit, read_leads

    _check_format(args.format, FORMATS)
    words = parse_pairs(args.verdict, "--verdict", "Lead status=accepted")
    read = functools.partial(read_leads, verdicts={k: v or "" for k, v in words.items()})
    return _run_import(args, read, lead_import_edit, "lead")


def _run_import(args: argparse.Namespace, read, make_edit, noun: str) -> int:
    """Read the export into a plan, apply its one edit (unless a dry run), and report."""
    from journeyapp.models.edit_session import EditSession
    from journeyapp.models.store import Store

    store = Store.open(args.file, read_only=args.dry_run)
    try:
        if not args.dry_run:
            store.refuse_if_read_only()
        playbook = store.load()
        from journeyapp.models.deal_import.values import DateOrder

        order = DateOrder(args.date_order) if args.date_order else None
        zone = zone_named(args.timezone)
        plan = read(
            playbook,
            args.csv,
            args.format,
            parse_overrides(args.map),
            order,
            zone,
            args.member,
            companion=args.companion,
        )
        edit = make_edit(playbook, plan)
        if not args.dry_run:
            EditSession(playbook, store).apply(edit)
    finally:
        store.close()
    verb = "Would import" if args.dry_run else "Imported"
    print(
        f"{verb} {count(plan.deals_new + plan.deals_updated, noun)} from {plan.file_name} "
        f"({plan.format}, {plan.read_as}): "
        f"{plan.deals_new:,} new, {plan.deals_updated:,} updated, "
        + (f"{plan.unchanged:,} unchanged, " if plan.unchanged else "")
        + f"{count(len(plan.skipped), 'row')} skipped"
        + "".join(f"; {rule}" for rule in _rules(plan) if rule)
        + "."
    )
    if plan.kept_longer:
        from journeyapp.models.deal_import.plan import kept_longer_sentence

        print(f"  {kept_longer_sentence(plan)}")
    if plan.closes_later:
        print(f"  {plan.closes_later_sentence()}")
    for crm_stage in plan.crm_stages:
        target = plan.mapping.get(crm_stage)
        shown = playbook.stage(target).name if target and playbook.has_stage(target) else "ignored"
        print(f"  {crm_stage} → {shown}")
    from journeyapp.models.lead_import.crm_verdicts import feedback_sentences

    hint = 'say what one means with --verdict "Status=accepted" (or rejected, recycled, none)'
    for sentence in feedback_sentences(plan, playbook, hint):
        print(f"  {sentence}")
    print_capped(sorted(plan.skipped), "more skipped row")
    print_capped(list(plan.warnings), "more warning")
    return 0


def _rules(plan) -> tuple[str, ...]:
    """How amounts and times were read, and what a companion export filled in."""
    return (plan.number_rule, plan.time_rule, plan.companion_rule)


def _check_format(name: str, formats: tuple[str, ...]) -> None:
    """The layouts are known only once the importer is loaded, which no other command needs."""
    from journeyapp.cli import UsageError

    if name not in ("auto", *formats):
        raise UsageError(
            f"argument --format: invalid choice: '{name}' (choose from auto, {', '.join(formats)})"
        )


def zone_named(name: str | None):
    """The --timezone given, as a zone; a usage error in one line if it names none."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from journeyapp.cli import UsageError

    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"--timezone takes a zone name such as Europe/Berlin or UTC, not “{name}”"
        ) from None
