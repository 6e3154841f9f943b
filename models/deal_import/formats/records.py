"""What every CRM layout reads into: deal records with their stage visits, and the small
tools each layout's reader shares (columns found by name, cells, changes made visits)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.entities import DealOutcome

WON_WORDS = ("closed won", "won")
# Zoho names its second lost stage "Closed Lost to Competition" (a default of every account).
LOST_WORDS = ("closed lost", "lost", "closed lost to competition")


@dataclass(slots=True)  # a million of them in a big import: no dict each
class DealRecord:
    source_id: str
    line: int
    name: str = ""
    amount: float | None = None
    currency: str = ""
    owner: str = ""
    account: str = ""
    outcome: DealOutcome | None = None  # None: read from the last stage
    reason: str = ""
    loss_type: str = ""  # as the export words it (the generic layout's loss_type column)
    visits: list[tuple[str, int, int | None]] = field(default_factory=list)
    snapshot_only: bool = False
    lead_source: str = ""
    campaign: str = ""
    # What the export shows it lost of this deal (line, sentence): the import goes ahead, and
    # the user is told, e.g. that HubSpot kept only the latest visit of a stage.
    warnings: Sequence[tuple[int, str]] = ()

    def take_sources(self, cells: list[str], where: tuple[int | None, int | None]) -> None:
        """The lead source and campaign from their columns (see ``source_columns``)."""
        self.lead_source = cell(cells, where[0]) or self.lead_source
        self.campaign = cell(cells, where[1]) or self.campaign


def source_columns(columns: Columns, change_log: bool = False) -> tuple[int | None, int | None]:
    """Where the lead source and the campaign are, under whichever of their usual names the
    file has (HubSpot's "Original Source", Salesforce's LeadSource, a generic "source"). In a
    ``change_log`` a bare "Source" says what made each change (HubSpot's CRM_UI, IMPORT,
    WORKFLOW), not where the buyer came from."""
    names = [n for n in SOURCE_NAMES if not change_log or Columns.fold(n) != "source"]
    return columns.find(*names), columns.find(*CAMPAIGN_NAMES)


SOURCE_NAMES = (
    "Original Source",
    "Original Traffic Source",
    "LeadSource",
    "Lead Source",
    "lead_source",
    "source",
    "Deal - Source",
    "Source",
)
CAMPAIGN_NAMES = (
    "Campaign",
    "Primary Campaign",
    "Primary Campaign Source",
    "CampaignId",
    "campaign",
    "Deal - Campaign",
)


Skipped = tuple[int, str]  # line number, reason


def without_pipeline(crm_stage: str) -> str:
    """The stage name without a trailing "(Sales Pipeline)", trimmed.

    Written out rather than as a regular expression: a pattern with ``\\s*`` around the
    brackets backtracks, and a cell of spaces a few hundred kilobytes long took minutes.
    """
    name = crm_stage.strip()
    if name.endswith(")"):
        opening = name.rfind("(")
        if opening != -1 and ")" not in name[opening + 1 : -1]:
            return name[:opening].rstrip()
    return name


def pipeline_of(crm_stage: str) -> str:
    """The pipeline a CRM stage name ends in ("Demo (Partner Pipeline)" → "Partner Pipeline"),
    or "" when it names none."""
    name = crm_stage.strip()
    bare = without_pipeline(name)
    return name[len(bare) :].strip()[1:-1].strip() if bare != name else ""


def stages_by_pipeline(crm_stages: list[str]) -> dict[str, list[str]]:
    """The CRM stages grouped by the pipeline their names end in, each group in the order
    given ("" for stages that name no pipeline), so each pipeline's stages can be mapped
    together: "Demo (Sales Pipeline)" and "Demo (Partner Pipeline)" are two stages."""
    groups: dict[str, list[str]] = {}
    for crm_stage in crm_stages:
        groups.setdefault(pipeline_of(crm_stage), []).append(crm_stage)
    return groups


@functools.lru_cache(maxsize=4096)
def outcome_of_stage(crm_stage: str) -> DealOutcome | None:
    name = without_pipeline(crm_stage).casefold()
    if name in WON_WORDS:
        return DealOutcome.WON
    if name in LOST_WORDS:
        return DealOutcome.LOST
    return None


class Columns:
    """Finds columns by any of their names, ignoring case and spaces."""

    def __init__(self, header: list[str]) -> None:
        self.index = {self.fold(name): i for i, name in enumerate(header)}

    @staticmethod
    def fold(name: str) -> str:
        """A column's name as names are compared."""
        return re.sub(r"[\s_]", "", name.strip().strip('"').casefold())

    def find(self, *names: str) -> int | None:
        return next((self.index[self.fold(n)] for n in names if self.fold(n) in self.index), None)

    def has(self, *names: str) -> bool:
        return all(self.fold(n) in self.index for n in names)


DELETED_COLUMN = "IsDeleted"  # Salesforce's: Export All (queryAll) brings deleted rows too


def deleted_row(cells: list[str], column: int | None) -> bool:
    """Whether the row is one the CRM deleted (or merged away): its IsDeleted is true."""
    return cell(cells, column).casefold() in ("1", "true")


def cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def picker(*columns: int | None) -> Callable[[list[str]], tuple[str, ...]]:
    """A row's cells in ``columns`` in one call, each as ``cell`` gives it: stripped, and ""
    for a column the file lacks (None). A reader picks a dozen cells from each of a million
    rows; one C call for them all instead of a call each."""
    found = [column for column in columns if column is not None]
    if len(columns) < 2 or not found:
        return lambda cells: tuple(cell(cells, column) for column in columns)
    reach = max(found)
    lacking = len(found) < len(columns)
    get = itemgetter(*(-1 if column is None else column for column in columns))
    strip = str.strip

    def pick(cells: list[str]) -> tuple[str, ...]:
        if len(cells) <= reach:
            return tuple(cell(cells, column) for column in columns)
        return tuple(map(strip, get([*cells, ""] if lacking else cells)))

    return pick


def picked_columns(rows: list[list[str]], columns: Sequence[int | None]) -> list[list[str]]:
    """Each of ``columns``' cells in ``rows``, a list a column, stripped as ``cell`` strips
    them; "" all down a column the file lacks (None). The rows reach every column found."""
    found = [column for column in columns if column is not None]
    if not rows:
        return [[] for _ in columns]
    if len(found) > 1:
        # Where most of the row is wanted, the whole batch turned in one C call, else the
        # wanted cells picked from each row first.
        if len(found) * 2 >= len(rows[0]):
            every = list(zip(*rows, strict=False))  # to the shortest row, past every column
            down = iter([every[column] for column in found])
        else:
            down = iter(zip(*map(itemgetter(*found), rows), strict=True))
    else:
        down = iter([[cells[found[0]] for cells in rows]] if found else [])
    strip = str.strip
    return [
        [""] * len(rows) if column is None else list(map(strip, next(down))) for column in columns
    ]


def cell_time(table: Table, cells: list[str], column: int | None) -> int | None:
    """The time in the row's ``column``; None where the cell is empty. A cell that holds no
    time is a BadValue naming the column."""
    text = cell(cells, column)
    if not text:
        return None
    try:
        return table.time(text, column)
    except BadValue as error:
        raise BadValue(f"{table.header[column]}: {error}") from None


def row_time(
    table: Table, cells: list[str], column: int | None, line: int, skipped: list[Skipped]
) -> int | None:
    """The time in the row's ``column``; None where it is no time, the row then skipped with
    the column's name and why ("Timestamp: “not a date” is not a date")."""
    try:
        return table.time(cell(cells, column), column)
    except BadValue as error:
        skipped.append((line, f"{table.header[column]}: {error}"))
        return None


def visits_from_changes(changes: list[tuple[int, str]]) -> list[tuple[str, int, int | None]]:
    """Ordered (time, stage) changes as visits: a repeat of the same stage is no new visit.
    A deal reopened after a close carries on: its path goes through the close and past it."""
    visits: list[list] = []
    for when, stage in sorted(changes, key=lambda change: change[0]):
        if visits and visits[-1][0] == stage:
            continue
        if visits:
            visits[-1][2] = when
        visits.append([stage, when, None])
    return [tuple(visit) for visit in visits]
