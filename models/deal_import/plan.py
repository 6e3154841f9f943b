"""From a CRM export to one import edit: stage mapping, upsert by source id, a report of skips.

Reading the file and building the edit touch nothing: the playbook changes
only when the edit is applied, as one undo step and one transaction.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from journeyapp.models.bulk import collector_paused
from journeyapp.models.calendar_days import calendar_zone
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.formats import DEALS, LAYOUTS, detect
from journeyapp.models.deal_import.formats.layout import Catalogue, Format
from journeyapp.models.deal_import.formats.records import (
    Columns,
    DealRecord,
    Skipped,
    outcome_of_stage,
    without_pipeline,
)
from journeyapp.models.deal_import.mapped_paths import mapped_path, ties_in_journey_order
from journeyapp.models.deal_import.refusal import UnreadableFile
from journeyapp.models.deal_import.table import RulesShown, Table, read_table
from journeyapp.models.deal_import.values import (
    ORDER_WORDS,
    DateOrder,
    DateOrderVote,
    DecimalMarkVote,
    MixedColumn,
    parse_time,
)
from journeyapp.models.edits import Macro, PutEntities
from journeyapp.models.entities import (
    Deal,
    DealOutcome,
    DealStep,
    LossType,
    StageKind,
    StageMapping,
)
from journeyapp.models.errors import EditError, quoted_briefly
from journeyapp.models.lead_import.salesforce_ids import id_key
from journeyapp.models.playbook import Playbook
from journeyapp.models.winloss import loss_type_of
from journeyapp.models.words import count

# CRM stage names are a few words ("Closed Won"); a longer cell is not a stage name.
LONGEST_CRM_STAGE = 500
IGNORE = None  # a CRM stage mapped to nothing: its visits are left out of paths


@dataclass
class ImportPlan:
    file_name: str
    format: str
    encoding: str
    delimiter: str
    records: list[DealRecord]
    skipped: list[Skipped]
    mapping: dict[str, str | None]  # CRM stage → map stage id (None: ignored)
    unmapped: list[str]
    new_mappings: list[StageMapping] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    read_as: str = ""  # "UTF-8, commas" or "Excel workbook, sheet “Deals”", for the summary
    number_rule: str = ""  # how amounts were read, for the summary
    time_rule: str = ""  # what times without a zone were taken to be in, for the summary
    companion_rule: str = ""  # how many deals a companion Opportunity export filled in
    # Deals kept as they were: the export had fewer steps for them (name, steps had, offered).
    kept_longer: list[tuple[str, int, int]] = field(default_factory=list)
    # What the export lost of some deals, e.g. a stage's earlier visits (line, sentence).
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # Closed deals whose close is still to come (an expected close date, or a typo): names.
    closes_later: list[str] = field(default_factory=list)
    deals_new: int = 0  # counted when the edit is built (leads, for a lead import)
    deals_updated: int = 0
    unchanged: int = 0  # deals the export has as the playbook has them already
    # A lead import's verdicts and first touches (lead_import.crm_verdicts.LeadFeedback).
    feedback: Any = None

    def closes_later_sentence(self) -> str:
        """The closed deals dated after the import, in words; "" for none."""
        if not self.closes_later:
            return ""
        shown = ", ".join(f"“{quoted_briefly(name, 40)}”" for name in self.closes_later[:3])
        more = f" and {len(self.closes_later) - 3} more" if len(self.closes_later) > 3 else ""
        one = len(self.closes_later) == 1
        return (
            f"{count(len(self.closes_later), 'closed deal')} {'has' if one else 'have'} a close "
            f"date still to come ({shown}{more}): most likely an expected close date or a typo. "
            f"{'It is' if one else 'They are'} counted as closed on that date; check "
            f"{'it' if one else 'them'} in the CRM."
        )

    @cached_property  # a walk over every visit; the plan is complete when anyone asks
    def crm_stages(self) -> list[str]:
        """The CRM stages in the order deals go through them: by where in its deals' paths
        each one comes on average (closing stages last), then by name."""
        places: dict[str, list[float]] = {}
        for record in self.records:
            last = max(len(record.visits) - 1, 1)
            for index, (crm_stage, _, _) in enumerate(record.visits):
                places.setdefault(crm_stage, []).append(index / last)

        def place(crm_stage: str) -> tuple[bool, float, str]:
            seen = places.get(crm_stage) or [1.0]
            closing = outcome_of_stage(crm_stage) is not None
            return closing, sum(seen) / len(seen), crm_stage

        return sorted(set(self.mapping) | set(self.unmapped), key=place)


def read_export(
    playbook: Playbook,
    path: str | Path,
    format: str = "auto",
    overrides: dict[str, str | None] | None = None,
    date_order: DateOrder | None = None,
    zone: ZoneInfo | None = None,
    member: str | None = None,
    companion: str | Path | None = None,
) -> ImportPlan:
    """Read a CRM export (CSV, workbook, or either in a .zip: ``member`` names the table
    when the zip holds several) and work out where each of its stages goes on the map.

    ``date_order`` says how to read dates such as 03/04/2024 in a column whose values do
    not show it themselves; a column that shows it is read its own way. ``zone`` is what
    times written without a zone are in (UTC unless said). ``companion`` is Salesforce's
    Opportunity export, read beside its history for the deals' names, owners and outcomes."""
    table = read_table(path, lambda header: detect(header) is not None, member)
    table.set_zones(zone, calendar_zone(playbook.meta))
    chosen = detect(table.header) if format == "auto" else format
    naming = None
    if companion is not None and chosen == "pipedrive":

        def naming(records: list[DealRecord]) -> str:
            return _name_pipedrive_stages(records, companion, date_order)

    with collector_paused():
        plan = plan_table(playbook, table, table.name, format, overrides or {}, date_order, naming)
    keep_last_of_each(plan, str.strip, "deal")
    if companion is not None and naming is None:
        _join_companion(plan, companion)
    elif companion is None and _holds_a_companion(path, plan):
        _join_companion(plan, path)
    return plan


def keep_last_of_each(plan: ImportPlan, key: Callable[[str], str], what: str) -> None:
    """A record listed on several rows of an export made of a row per record (a report
    joining deals or leads to something else lists one once per match; or its id in two
    spellings, as ``key`` reads them alike) is one record, read from its last row; each
    earlier row is named among those skipped."""
    keys = list(map(key, map(attrgetter("source_id"), plan.records)))
    last = dict(zip(keys, range(len(keys)), strict=True))
    if len(last) == len(keys):
        return
    records = plan.records
    for index, (record, record_key) in enumerate(zip(records, keys, strict=True)):
        if last[record_key] != index:
            later = records[last[record_key]].line
            plan.skipped.append(
                (
                    record.line,
                    f"{what} {record.source_id} is listed again at line {later}, which is kept",
                )
            )
    kept = set(last.values())
    plan.records = [record for index, record in enumerate(records) if index in kept]


def _name_pipedrive_stages(
    records: list[DealRecord], companion: str | Path, date_order: DateOrder | None
) -> str:
    """Pipedrive's changes give stage ids; the deals list export of the same account (each
    deal's current stage by name) or a table of stage ids and names says what they are."""
    from journeyapp.models.deal_import.formats import pipedrive_changes

    deals_layout = LAYOUTS["pipedrive-deals"]
    table = read_table(companion, deals_layout.fits)
    if deals_layout.fits(table.header):
        _decide_column_rules(table, deals_layout, table.name, date_order or DateOrder.MDY)
        deals, _ = deals_layout.read(table)
        names = pipedrive_changes.stage_names_from_deals(records, deals)
    else:
        names = pipedrive_changes.stage_names_from_table(table)
    if not names:
        raise UnreadableFile(
            f"{table.name} names none of the stage numbers in the deal changes: give "
            "Pipedrive's deals list export, or a table of stage ids and names."
        )
    pipedrive_changes.name_stages(records, names)
    return f"stage names from {table.name} for {count(len(names), 'stage number')}"


def _holds_a_companion(path: str | Path, plan: ImportPlan) -> bool:
    """Whether the export came in a .zip that also holds the Opportunity export (the weekly
    Data Export does): then the deals get their names, owners and outcomes without asking."""
    from journeyapp.models.deal_import.formats import salesforce_companion

    if plan.format not in salesforce_companion.JOINS or not zipfile.is_zipfile(path):
        return False
    try:
        table = read_table(path, salesforce_companion.is_opportunity_header)
    except UnreadableFile:
        return False  # several, or none: only a --companion named says which
    return salesforce_companion.is_opportunity_header(table.header)


def _join_companion(plan: ImportPlan, companion: str | Path) -> None:
    """Salesforce's Opportunity export joined to the plan's deals by their ids (from the
    weekly Data Export's .zip, its Opportunity.csv)."""
    from journeyapp.models.deal_import.formats import salesforce_companion

    if plan.format not in salesforce_companion.JOINS:
        raise UnreadableFile(
            f"{Path(companion).name} can only be joined to a Salesforce export or to "
            f"Pipedrive's deal changes, and "
            f"{plan.file_name} was read as a {plan.format} export."
        )
    table = read_table(companion, salesforce_companion.is_opportunity_header)
    plan.companion_rule = salesforce_companion.companion_rule(plan.records, table, table.name)


def plan_table(
    playbook: Playbook,
    table: Table,
    name: str,
    format: str,
    overrides: dict[str, str | None],
    date_order: DateOrder | None = None,
    naming: Callable[[list[DealRecord]], str] | None = None,
    catalogue: Catalogue = DEALS,
) -> ImportPlan:
    """The table read in its format, and each CRM stage placed on the map; ``naming`` gives
    the stages their names from another file first, and says how in a sentence."""
    chosen = catalogue.detect(table.header) if format == "auto" else format
    if chosen not in catalogue.names:
        raise UnreadableFile(
            f"{name} is not a CRM export this app reads (its columns start "
            f"{', '.join(quoted_briefly(cell, 30) for cell in table.header[:4])}); "
            f"choose a format: {', '.join(catalogue.names)}."
        )
    if not catalogue.fits(chosen, table.header):
        raise UnreadableFile(nothing_read(name, chosen, table.header, [], catalogue))
    layout = catalogue.layouts[chosen]
    marks, (records, skipped) = _read_by_column_rules(table, layout, name, date_order)
    skipped = table.with_set_aside(skipped)
    plan = ImportPlan(
        name, chosen, table.encoding, table.delimiter, records, skipped, {}, [], [], table.header
    )
    plan.read_as = table.read_as
    if naming is not None:
        plan.companion_rule = naming(records)
    plan.warnings = _repeated_columns(table.header) + sorted(
        chain.from_iterable(map(attrgetter("warnings"), records))
    )
    if table.unended_line is not None and table.footer_line is None:
        plan.warnings.append(
            (
                table.unended_line,
                "the file ends without a line break, as a file cut short does: check that "
                "its last row is whole",
            )
        )
    plan.number_rule = _number_rule(marks)
    plan.time_rule = _time_rule(table)
    wanted = {_fold(k): v for k, v in overrides.items()}
    visits = chain.from_iterable(map(attrgetter("visits"), records))
    stages_seen = dict.fromkeys(map(itemgetter(0), visits))  # in the order first seen
    too_long = next((crm for crm in stages_seen if len(crm) > LONGEST_CRM_STAGE), None)
    if too_long is not None:
        raise UnreadableFile(
            f"{name} has a CRM stage name of {len(too_long):,} characters "
            f"(“{quoted_briefly(too_long, 30)}”); a stage name has at most {LONGEST_CRM_STAGE}."
        )
    for crm_stage in stages_seen:
        saved = playbook.stage_mappings.get(StageMapping.key(chosen, crm_stage))
        if saved is not None and saved.stage is not None and not playbook.has_stage(saved.stage):
            saved = None  # mapped to a stage deleted since: decide again
        if _fold(crm_stage) in wanted:
            target = _stage_named(playbook, wanted[_fold(crm_stage)])
        elif saved is not None:
            plan.mapping[crm_stage] = saved.stage
            continue
        else:
            target = _automatic(playbook, crm_stage, catalogue.aliases(crm_stage))
            if target is False:
                plan.unmapped.append(crm_stage)
                continue
        plan.mapping[crm_stage] = target
        plan.new_mappings.append(
            StageMapping(StageMapping.key(chosen, crm_stage), chosen, crm_stage, target)
        )
    return plan


class UnclearDateOrder(UnreadableFile):
    """A date column whose values read as well day-first as month-first: the user must say."""

    def __init__(
        self,
        name: str,
        column: str,
        examples: list[str],
        shown_by: tuple[str, DateOrder, str] | None = None,
    ) -> None:
        self.column, self.examples = column, examples
        example = self.example = examples[0]
        # Another date column of the file that shows its order: (its name, the order, the
        # date that shows it). A hint for the user, never taken as this column's order.
        self.shown_by = shown_by
        hint = ""
        if shown_by is not None:
            other, order, telling = shown_by
            hint = (
                f", while “{quoted_briefly(other, 40)}” in the same file shows "
                f"{ORDER_WORDS[order]} dates such as {telling}"
            )
        super().__init__(
            f"{name}'s column “{quoted_briefly(column, 40)}” has dates such as {example} that "
            f"read as well day-first as month-first{hint}; say which with --date-order dmy or "
            "--date-order mdy."
        )

    def both_readings(self, example: str | None = None) -> tuple[str, str]:
        """An example read day-first and month-first, as a person would write each."""
        readings = []
        for order in (DateOrder.DMY, DateOrder.MDY):
            try:
                day = datetime.fromtimestamp(parse_time(example or self.example, order), UTC)
                readings.append(f"{day.day} {day:%B %Y}")
            except ValueError:
                readings.append("not a date")
        return readings[0], readings[1]


def _time_rule(table: Table) -> str:
    """What times without a zone, and dates alone, were taken to be, for the summary."""
    rule = f"times without a zone read as {_zone_name(table.zone)}"
    if table.day_zone is not None and table.day_zone is not table.zone:
        rule += f", dates alone as days in {_zone_name(table.day_zone)}"
    return rule


def _zone_name(zone) -> str:
    return getattr(zone, "key", "UTC")


def _repeated_columns(header: list[str]) -> list[tuple[int, str]]:
    """A warning for each name two columns of the header share (as the import compares names:
    case and spaces aside): the import reads the last of them."""
    by_name: dict[str, list[int]] = {}
    for number, name in enumerate(header, start=1):
        if name.strip():
            by_name.setdefault(Columns.fold(name), []).append(number)
    return [
        (
            1,
            f"columns {', '.join(map(str, numbers[:-1]))} and {numbers[-1]} are "
            f"{'both' if len(numbers) == 2 else 'all'} named "
            f"“{quoted_briefly(header[numbers[0] - 1], 40)}”: column {numbers[-1]} is read",
        )
        for numbers in by_name.values()
        if len(numbers) > 1
    ]


def _read_by_column_rules(
    table: Table, layout: Format, name: str, given: DateOrder | None
) -> tuple[list[str], tuple[list, list[Skipped]]]:
    """The decimal marks, and the layout's records and skipped rows, each date and amount
    column read by the rules all its values decide (``_decide_column_rules``).

    A layout read in batches is read once while its values vote, under the rules a column
    that shows none gets (month-first, a decimal point): a million rows of ISO dates and
    plain amounts are not looked down twice. Where the votes decide otherwise, the rows are
    read again under the rules decided; where they show it early (a day over 12 first, a
    decimal comma), the read stops there, and the rules are decided in a look first."""
    if not layout.batched or table.rewound is None:
        return _decide_column_rules(table, layout, name, given), layout.read(table)
    dates, marks = _votes(table, layout)
    table.orders.update(dict.fromkeys(dates, DateOrder.MDY))
    table.marks.update(dict.fromkeys(marks, "."))
    assumed = (dict(table.orders), dict(table.marks))
    table.votes_while_reading = {**dates, **marks}
    table.stop_reading_when = lambda: (
        any(v.first_big for v in dates.values()) or any(v.comma for v in marks.values())
    )
    try:
        read: tuple | None = layout.read(table)
    except (UnreadableFile, RulesShown):
        read = None  # maybe for a rule assumed: the rows are read again after a look
    finally:
        table.votes_while_reading, table.stop_reading_when = {}, None
    if read is None:
        table.rewind()
        table.orders.clear()
        table.marks.clear()
        return _decide_column_rules(table, layout, name, given), layout.read(table)
    _decide(table, dates, marks, name, given)
    if (table.orders, table.marks) == assumed:
        return list(table.marks.values()), read
    del read
    table.rewind()
    return list(table.marks.values()), layout.read(table)


def _votes(table: Table, layout: Format) -> tuple[dict, dict]:
    """A vote for each of the layout's date columns, and for each of its amount columns."""
    dates = {column: DateOrderVote() for column in layout.date_columns(table.header)}
    marks = {column: DecimalMarkVote() for column in layout.amount_columns(table.header)}
    return dates, marks


def _decide_column_rules(
    table: Table, layout: Format, name: str, given: DateOrder | None
) -> list[str]:
    """Each date column's day/month order and each amount column's decimal mark, decided
    from all its values in one look down the file, never row by row. Where a date column
    does not show its order, the order the user gave, or a refusal that asks for one.
    Returns the decimal marks."""
    dates, marks = _votes(table, layout)
    table.scan({**dates, **marks})
    _decide(table, dates, marks, name, given)
    return list(table.marks.values())


def _decide(table: Table, dates: dict, marks: dict, name: str, given: DateOrder | None) -> None:
    decide_date_orders(table, dates, name, given)
    for column, vote in marks.items():
        table.marks[column] = _decided(vote, table, column, name)


def decide_date_orders(
    table: Table, votes: dict[int, DateOrderVote], name: str, given: DateOrder | None
) -> None:
    """Each date column's day/month order, from its vote on all its values: where the
    column does not show it, the order the user gave, or a refusal that asks for one."""
    for column, vote in votes.items():
        order = _decided(vote, table, column, name)
        if order is None and given is None:
            raise UnclearDateOrder(
                name, table.header[column], vote.examples, _order_shown(table, votes)
            )
        if order is None:
            _refuse_against_shown(table, votes, name, given, column)
        table.orders[column] = order or given


def _order_shown(
    table: Table, votes: dict[int, DateOrderVote]
) -> tuple[str, DateOrder, str] | None:
    """The first date column of the file whose dates show their order: its name, the order,
    and the date that shows it."""
    for other, vote in votes.items():
        shown = vote.shown()
        if shown is not None:
            return table.header[other], shown, vote.telling
    return None


def _refuse_against_shown(
    table: Table, votes: dict[int, DateOrderVote], name: str, given: DateOrder, column: int
) -> None:
    """An order given for a column whose dates read both ways, against the order another
    date column of the same file shows, would put its dates months away: refused."""
    if given not in ORDER_WORDS:
        return
    for other, vote in votes.items():
        shown = vote.shown()
        if shown is not None and shown is not given:
            header = table.header
            raise OrderAgainstFile(name, header[other], vote.telling, shown, header[column], given)


class OrderAgainstFile(UnreadableFile):
    """A date order given for a column against the one another column of the file shows;
    ``shown_in`` shows ``shown`` (``example``), and ``given`` was asked for ``column``."""

    def __init__(
        self,
        name: str,
        shown_in: str,
        example: str,
        shown: DateOrder,
        column: str,
        given: DateOrder,
    ) -> None:
        self.shown_in, self.example, self.shown = shown_in, example, shown
        self.column, self.given = column, given
        super().__init__(
            f"{name}'s column “{quoted_briefly(shown_in, 40)}” shows its dates are "
            f"{ORDER_WORDS[shown]} ({example}), but --date-order {given.value} would read "
            f"“{quoted_briefly(column, 40)}” {ORDER_WORDS[given]}; give the order the file's "
            f"dates follow: --date-order {shown.value}."
        )


def _decided(vote: DateOrderVote | DecimalMarkVote, table: Table, column: int, name: str):
    """The vote's result; a column that mixes two conventions refused in a sentence."""
    try:
        return vote.result()
    except MixedColumn as mixed:
        raise UnreadableFile(
            f"{name}'s column “{quoted_briefly(table.header[column], 40)}” cannot be read: {mixed}."
        ) from None


def _number_rule(marks: list[str]) -> str:
    if not marks:
        return ""
    if marks[0] == ",":
        return "amounts read with a comma as the decimal mark (1.234,50 is 1234.50)"
    return "amounts read with a point as the decimal mark (1,234.50 is 1234.50)"


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _stage_named(playbook: Playbook, wanted: str | None) -> str | None:
    if wanted is None or not wanted.strip():
        return IGNORE
    for stage in playbook.stages():
        if stage.id == wanted or _fold(stage.name) == _fold(wanted):
            return stage.id
    raise EditError(f"There is no stage called “{wanted}” on the map.")


def _automatic(
    playbook: Playbook, crm_stage: str, aliases: tuple[str, ...] = ()
) -> str | bool | None:
    """A stage of the same name (with or without the CRM's "(pipeline)") or of one of its
    ``aliases``, or the won/lost stage for closed deals; False if none."""
    names = {_fold(crm_stage), _fold(without_pipeline(crm_stage)), *map(_fold, aliases)}
    for stage in playbook.stages():
        if _fold(stage.name) in names:
            return stage.id
    outcome = outcome_of_stage(crm_stage)
    if outcome is not None:
        kind = StageKind.WON if outcome is DealOutcome.WON else StageKind.LOST
        ends = [s.id for s in playbook.stages_in_journey_order() if s.kind is kind]
        if ends:
            return ends[0]
    return False


def import_edit(
    playbook: Playbook, plan: ImportPlan, replace_shorter: bool = False, now: int | None = None
) -> Macro:
    """The edit that brings the plan's deals in; refuses while CRM stages are unmapped.

    A deal the playbook has already is never given a shorter history without being asked
    (``replace_shorter``): such deals are kept as they are and listed in ``plan.kept_longer``.
    Closed deals whose close comes after ``now`` (default: the present) are listed in
    ``plan.closes_later``.
    """
    with collector_paused():
        return _import_edit(playbook, plan, replace_shorter, time.time() if now is None else now)


def refuse_unmapped(plan: ImportPlan) -> None:
    """Refuse to import while some CRM stages have no place on the map, naming them."""
    if plan.unmapped:
        listed = ", ".join(f"“{' '.join(s.split())[:40]}”" for s in plan.unmapped[:5])
        more = f" and {len(plan.unmapped) - 5} more" if len(plan.unmapped) > 5 else ""
        raise EditError(
            f"{count(len(plan.unmapped), 'CRM stage')} "
            f"{'has' if len(plan.unmapped) == 1 else 'have'} "
            f"no place on the map: {listed}{more}. "
            f"Map each to a stage or ignore it."
        )


def mappings_before(playbook: Playbook, plan: ImportPlan) -> list[StageMapping]:
    """The saved stage mappings the plan's new ones replace (for undo)."""
    return [
        playbook.stage_mappings[m.id] for m in plan.new_mappings if m.id in playbook.stage_mappings
    ]


def _import_edit(playbook: Playbook, plan: ImportPlan, replace_shorter: bool, now: float) -> Macro:
    from journeyapp.models.replay import close_time

    refuse_unmapped(plan)
    existing = playbook.deals
    deals, previous = [], []
    plan.kept_longer = []
    plan.closes_later = []
    known = _vendor_deals(playbook, plan.format)
    unchanged = 0
    order = {stage.id: n for n, stage in enumerate(playbook.stages_in_journey_order())}
    for record in plan.records:
        path = ties_in_journey_order(mapped_path(record, plan.mapping), order)
        if not path:
            plan.skipped.append((record.line, "every stage of this deal is ignored"))
            continue
        deal_id = f"deal-{plan.format}-{record.source_id}"
        if known:
            deal_id = known.get(id_key(record.source_id), deal_id)
        before = existing.get(deal_id)
        deal = _deal(deal_id, record, plan.format, path, _closed_by_map(playbook, path))
        if (close_time(playbook, deal) or 0) > now:
            plan.closes_later.append(deal.name)
        if before is not None and len(path) < len(before.path) and not replace_shorter:
            plan.kept_longer.append((before.name, len(before.path), len(path)))
            continue  # a file cut short, or an export of part of the history
        if before is not None:
            previous.append(before)
            deal = replace(  # what the room agreed about it is kept
                _filled_from(deal, before),
                root_cause=before.root_cause,
                buyer_words=before.buyer_words,
                buying_team=before.buying_team,
                segment=before.segment or deal.segment,
                # the room's loss type stays unless the export names one
                loss_type=before.loss_type if deal.loss_type is LossType.NONE else deal.loss_type,
                notes=_notes_moved_along(before, path),
            )
        if before is not None and deal == before:
            unchanged += 1  # the same export again: no change, and no undo step for it
            continue
        deals.append(deal)
    if not deals and plan.kept_longer and not unchanged:
        raise EditError(f"Nothing was imported: {kept_longer_sentence(plan)}")
    plan.unchanged = unchanged
    if not deals and unchanged:  # nothing to change: an edit of nothing, no undo step
        remapped = [m for m in plan.new_mappings if playbook.stage_mappings.get(m.id) != m]
        before = [
            playbook.stage_mappings[m.id] for m in remapped if m.id in playbook.stage_mappings
        ]
        return Macro(
            (PutEntities(Kind.STAGE_MAPPING, tuple(remapped), tuple(before)),),
            label=f"Import nothing new from {plan.file_name}",
        )
    return import_macro(playbook, plan, Kind.DEAL, deals, previous)


# The layouts of one CRM, whose record ids are the same deal whichever export brought it.
VENDOR_LAYOUTS = (
    frozenset({"salesforce", "salesforce-report", "salesforce-field-history"}),
    frozenset({"hubspot", "hubspot-history"}),
    frozenset({"pipedrive", "pipedrive-deals"}),
)


def _vendor_deals(playbook: Playbook, layout: str) -> dict[str, str]:
    """The deals the same CRM brought in any of its layouts, by their record id as compared
    (``id_key``): a deal from HubSpot's deals export and then its stage history is one."""
    layouts = next((family for family in VENDOR_LAYOUTS if layout in family), None)
    if layouts is None:
        return {}
    return {
        id_key(deal.source_id): deal.id
        for deal in playbook.deals
        if deal.source_system in layouts and deal.source_id
    }


def import_macro(
    playbook: Playbook,
    plan: ImportPlan,
    kind: Kind,
    entities: list,
    previous: list,
    catalogue: Catalogue = DEALS,
) -> Macro:
    """One undo step: the plan's new stage mappings and its entities (``previous``: those they
    replace); refused in a sentence when the export gave none."""
    if not entities:
        raise EditError(
            nothing_read(plan.file_name, plan.format, plan.header, plan.skipped, catalogue)
        )
    plan.deals_new = len(entities) - len(previous)
    plan.deals_updated = len(previous)
    return Macro(
        (
            PutEntities(
                Kind.STAGE_MAPPING,
                tuple(plan.new_mappings),
                tuple(mappings_before(playbook, plan)),
            ),
            PutEntities(kind, tuple(entities), tuple(previous)),
        ),
        label=f"Import {count(len(entities), kind.value)} from {plan.file_name}",
    )


def kept_longer_sentence(plan: ImportPlan) -> str:
    """The deals an import left as they were rather than shorten their history, in words."""
    shown = ", ".join(
        f"“{quoted_briefly(name, 40)}” ({had} steps, {offered} in the export)"
        for name, had, offered in plan.kept_longer[:3]
    )
    more = f" and {len(plan.kept_longer) - 3} more" if len(plan.kept_longer) > 3 else ""
    return (
        f"{count(len(plan.kept_longer), 'deal')} already here would lose steps of their history: "
        f"{shown}{more}; they are kept as they are (--replace-shorter replaces them)."
    )


def nothing_read(
    name: str,
    fmt: str,
    header: list[str],
    skipped_rows: list[Skipped],
    catalogue: Catalogue = DEALS,
) -> str:
    """Why an export gave no deal: the columns its format needs, the format its columns fit
    best, and the first rows that could not be read; or that it has no rows at all."""
    if not skipped_rows and catalogue.fits(fmt, header):
        return f"{name} has its header and no rows: there is no {catalogue.what} to import."
    needed = ", ".join(catalogue.layouts[fmt].needed)
    closest, held = catalogue.closest(header)
    fits = f"; its columns fit the {closest} format best" if closest != fmt and held else ""
    first = sorted(skipped_rows)[:1]
    skipped = (
        f"; {count(len(skipped_rows), 'row')} could not be read (line {first[0][0]}: {first[0][1]})"
        if first
        else ""
    )
    return (
        f"No {catalogue.what} could be read from {name} as a {fmt} export, which needs "
        f"the columns {needed}{fits}{skipped}."
    )


def _notes_moved_along(before: Deal, path: tuple[DealStep, ...]) -> dict:
    """The team's step notes on the re-imported path: each goes with its visit (same stage,
    same entry time), wherever that visit now falls; a note whose visit is gone keeps its
    number, or the next free one. None is ever dropped."""
    where = {(step.stage, step.entered): n for n, step in enumerate(path)}
    moved, stayed = {}, []
    for key, note in sorted(before.notes.items(), key=lambda item: int(item[0])):
        step = int(key)
        visit = before.path[step] if step < len(before.path) else None
        new = where.get((visit.stage, visit.entered)) if visit is not None else None
        if new is None or new in moved:
            stayed.append((step, note))
        else:
            moved[new] = note
    for step, note in stayed:
        while step in moved:
            step += 1
        moved[step] = note
    return {str(step): note for step, note in sorted(moved.items())}


def _closed_by_map(playbook: Playbook, path: tuple[DealStep, ...]) -> DealOutcome | None:
    """Won or lost, when the path ends in a stage the map calls won or lost: a CRM's closed
    stage in any language ("Fermée perdue") is known by where it was mapped."""
    last = path[-1].stage if path else None
    if last is None or not playbook.has_stage(last):
        return None
    return {StageKind.WON: DealOutcome.WON, StageKind.LOST: DealOutcome.LOST}.get(
        playbook.stage(last).kind
    )


def _filled_from(deal: Deal, before: Deal) -> Deal:
    """The imported deal, with what its export has no value for (a Data Loader export has no
    names, accounts nor owners) as the deal already here has it."""
    named = deal.name != deal.source_id
    priced = deal.amount is not None
    return replace(
        deal,
        name=deal.name if named else before.name,
        account=deal.account or before.account,
        owner=deal.owner or before.owner,
        amount=deal.amount if priced else before.amount,
        currency=deal.currency if priced else before.currency,
        lead_source=deal.lead_source or before.lead_source,
        campaign=deal.campaign or before.campaign,
    )


def _deal(
    deal_id: str,
    record: DealRecord,
    system: str,
    path: tuple[DealStep, ...],
    mapped: DealOutcome | None = None,
) -> Deal:
    outcome = record.outcome or mapped or outcome_of_stage(path[-1].crm_stage) or DealOutcome.OPEN
    return Deal(
        id=deal_id,
        name=record.name or record.source_id,
        source_id=record.source_id,
        source_system=system,
        account=record.account,
        amount=record.amount,
        currency=record.currency,
        owner=record.owner,
        outcome=outcome,
        stated_reason=record.reason,
        loss_type=loss_type_of(record.loss_type) if outcome is DealOutcome.LOST else LossType.NONE,
        path=path,
        snapshot_only=record.snapshot_only,
        lead_source=record.lead_source,
        campaign=record.campaign,
    )
