"""The .journey file's tables, its identity pragmas, and migrations from older versions.

The CREATE TABLE text below is history: migrations repeat it. A test builds it
and checks every table's columns against its entity's dataclass, so a field
added to a dataclass without its column (and a migration) fails that test.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from journeyapp.models.change import Kind
from journeyapp.models.entities import ENTITY_TYPES
from journeyapp.models.fields import structured_fields
from journeyapp.models.frozen_records import frozen_record

APPLICATION_ID = 0x4A524E59  # "JRNY": tells our files from other SQLite databases
SCHEMA_VERSION = 10


@frozen_record
class Table:
    """Where one kind of entity lives; its columns are its dataclass's fields (plus
    ``position`` when the table keeps the user's order)."""

    kind: Kind
    name: str
    ordered: bool
    order_by: str = ""  # how an unordered kind is read back (default: by id)
    blocked: bool = False  # its rows are kept many to a row of the table (lead_blocks.py)

    @property
    def json_columns(self) -> tuple[str, ...]:
        """The columns that hold JSON: the fields declared as lists, maps or records."""
        return structured_fields(ENTITY_TYPES[self.kind])


TABLES: dict[Kind, Table] = {
    table.kind: table
    for table in (
        Table(Kind.PHASE, "phases", ordered=True),
        Table(Kind.LANE, "lanes", ordered=True),
        Table(Kind.STAGE, "stages", ordered=False),
        Table(Kind.HANDOFF, "handoffs", ordered=False),
        Table(Kind.ROLE, "roles", ordered=True),
        Table(Kind.ACTIVITY, "activities", ordered=True),
        Table(Kind.DEFINITION, "definitions", ordered=True),
        Table(Kind.SCORING_RULE, "scoring_rules", ordered=True),
        Table(Kind.STAGE_MAPPING, "stage_mappings", ordered=True),
        Table(Kind.DEAL, "deals", ordered=False),
        Table(Kind.IMPROVEMENT, "improvements", ordered=True),
        Table(Kind.SNAPSHOT, "snapshots", ordered=False, order_by="taken_at, id"),
        Table(Kind.NOTE, "notes", ordered=True),
        Table(Kind.LEAD, "lead_blocks", ordered=False, blocked=True),
        Table(Kind.COMMITMENT, "commitments", ordered=False, order_by="period, id"),
        Table(Kind.MEETING, "meetings", ordered=False, order_by="held, id"),
        Table(Kind.PROJECT, "projects", ordered=True),
        Table(Kind.DRIVER, "decision_drivers", ordered=True),
        Table(Kind.INTERVIEW, "interviews", ordered=False, order_by="date, id"),
        Table(Kind.ROUND, "voting_rounds", ordered=False, order_by="opened, id"),
    )
}

DEAL_TABLES = """CREATE TABLE stage_mappings (
    id TEXT PRIMARY KEY, source_system TEXT NOT NULL, crm_stage TEXT NOT NULL, stage TEXT,
    position INTEGER NOT NULL);
CREATE TABLE deals (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, source_id TEXT NOT NULL DEFAULT '',
    source_system TEXT NOT NULL DEFAULT '', account TEXT NOT NULL DEFAULT '', amount REAL,
    currency TEXT NOT NULL DEFAULT '', owner TEXT NOT NULL DEFAULT '',
    segment TEXT NOT NULL DEFAULT '', outcome TEXT NOT NULL,
    stated_reason TEXT NOT NULL DEFAULT '', root_cause TEXT NOT NULL DEFAULT '',
    buyer_words TEXT NOT NULL DEFAULT '', buying_team TEXT NOT NULL DEFAULT '[]',
    path TEXT NOT NULL DEFAULT '[]', snapshot_only INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '{}');
CREATE TABLE improvements (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, target_kind TEXT NOT NULL, target TEXT,
    hypothesis TEXT NOT NULL DEFAULT '', metric TEXT NOT NULL DEFAULT '',
    baseline TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, created TEXT NOT NULL DEFAULT '',
    started TEXT, decided TEXT, source_deal TEXT, source_note TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL);
"""

WORKSHOP_TABLES = """CREATE TABLE notes (
    id TEXT PRIMARY KEY, text TEXT NOT NULL, stage TEXT, votes INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL);
ALTER TABLE improvements ADD COLUMN votes INTEGER NOT NULL DEFAULT 0;
"""

SOURCE_COLUMNS = """ALTER TABLE deals ADD COLUMN lead_source TEXT NOT NULL DEFAULT '';
ALTER TABLE deals ADD COLUMN campaign TEXT NOT NULL DEFAULT '';
"""

CLOSED_LOOP = """CREATE TABLE leads (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, source_id TEXT NOT NULL DEFAULT '',
    source_system TEXT NOT NULL DEFAULT '', account TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '', lead_source TEXT NOT NULL DEFAULT '',
    campaign TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '[]', deal TEXT, touches TEXT NOT NULL DEFAULT '[]',
    verdicts TEXT NOT NULL DEFAULT '{}');
CREATE TABLE commitments (
    id TEXT PRIMARY KEY, period TEXT NOT NULL, volumes TEXT NOT NULL DEFAULT '{}',
    marketing_signoff TEXT, sales_signoff TEXT);
ALTER TABLE deals ADD COLUMN touches TEXT NOT NULL DEFAULT '[]';
ALTER TABLE handoffs ADD COLUMN reasons TEXT NOT NULL DEFAULT '[]';
ALTER TABLE handoffs ADD COLUMN reasons_marketing_signoff TEXT;
ALTER TABLE handoffs ADD COLUMN reasons_sales_signoff TEXT;
"""

REVIEW_RHYTHM = """CREATE TABLE meetings (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, held TEXT NOT NULL, cadence TEXT NOT NULL,
    attendees TEXT NOT NULL DEFAULT '[]', numbers TEXT NOT NULL DEFAULT '',
    reps_feedback TEXT NOT NULL DEFAULT '', customer_feedback TEXT NOT NULL DEFAULT '',
    test_results TEXT NOT NULL DEFAULT '', decisions TEXT NOT NULL DEFAULT '[]');
CREATE TABLE projects (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, owner TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL, business_case TEXT NOT NULL DEFAULT '',
    scope TEXT NOT NULL DEFAULT '', goals TEXT NOT NULL DEFAULT '',
    plan TEXT NOT NULL DEFAULT '[]', areas TEXT NOT NULL DEFAULT '[]',
    created TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL);
ALTER TABLE improvements ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE improvements ADD COLUMN test_ends TEXT;
ALTER TABLE improvements ADD COLUMN measure TEXT NOT NULL DEFAULT '';
ALTER TABLE improvements ADD COLUMN result TEXT NOT NULL DEFAULT '';
ALTER TABLE improvements ADD COLUMN decision_reason TEXT NOT NULL DEFAULT '';
"""

WIN_LOSS = """CREATE TABLE decision_drivers (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL);
CREATE TABLE interviews (
    id TEXT PRIMARY KEY, deal TEXT NOT NULL, interviewee TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL, interviewer TEXT NOT NULL DEFAULT '',
    independent INTEGER NOT NULL DEFAULT 0, date TEXT NOT NULL DEFAULT '', tilt_stage TEXT,
    quotes TEXT NOT NULL DEFAULT '[]');
ALTER TABLE deals ADD COLUMN loss_type TEXT NOT NULL DEFAULT '';
"""

SCORING_TRUST = """ALTER TABLE scoring_rules ADD COLUMN gate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scoring_rules ADD COLUMN routes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scoring_rules ADD COLUMN half_life_days INTEGER;
ALTER TABLE scoring_rules ADD COLUMN challenges TEXT NOT NULL DEFAULT '[]';
ALTER TABLE definitions ADD COLUMN example_leads TEXT NOT NULL DEFAULT '[]';
ALTER TABLE definitions ADD COLUMN non_example_leads TEXT NOT NULL DEFAULT '[]';
ALTER TABLE leads ADD COLUMN facts TEXT NOT NULL DEFAULT '[]';
"""


ROOM = """ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN team TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN guest TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN state TEXT NOT NULL DEFAULT 'posted';
ALTER TABLE notes ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
CREATE TABLE voting_rounds (
    id TEXT PRIMARY KEY, opened TEXT NOT NULL, closed TEXT NOT NULL DEFAULT '',
    dots_each INTEGER NOT NULL DEFAULT 3, targets TEXT NOT NULL DEFAULT '[]',
    dots TEXT NOT NULL DEFAULT '[]');
"""

LEAD_BLOCKS = """CREATE TABLE lead_blocks (block INTEGER PRIMARY KEY, leads TEXT NOT NULL);
DROP TABLE leads;
"""


def _split(script: str) -> tuple[str, ...]:
    return tuple(statement.strip() for statement in script.split(";") if statement.strip())


CREATE_TABLES = (
    """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE phases (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE lanes (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, color TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE stages (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    phase TEXT NOT NULL, lane TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '', buyer_goal TEXT NOT NULL DEFAULT '',
    buyer_questions TEXT NOT NULL DEFAULT '',
    entry_criteria TEXT NOT NULL DEFAULT '', exit_criteria TEXT NOT NULL DEFAULT '',
    expected_days INTEGER, x REAL NOT NULL, y REAL NOT NULL,
    content TEXT NOT NULL DEFAULT '[]',
    last_reviewed TEXT, last_reviewed_by TEXT NOT NULL DEFAULT '');
CREATE TABLE handoffs (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL,
    trigger TEXT NOT NULL DEFAULT '', score_threshold INTEGER,
    qualification TEXT NOT NULL DEFAULT '[]', sla_hours REAL,
    contact_attempts INTEGER, contact_days INTEGER, recycle_to TEXT,
    target_conversion REAL, definition TEXT);
CREATE TABLE roles (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, team TEXT, position INTEGER NOT NULL);
CREATE TABLE activities (
    id TEXT PRIMARY KEY, stage TEXT NOT NULL, name TEXT NOT NULL,
    methodology TEXT NOT NULL DEFAULT '', raci TEXT NOT NULL DEFAULT '{}',
    position INTEGER NOT NULL);
CREATE TABLE definitions (
    id TEXT PRIMARY KEY, term TEXT NOT NULL, text TEXT NOT NULL DEFAULT '',
    examples TEXT NOT NULL DEFAULT '', non_examples TEXT NOT NULL DEFAULT '',
    marketing_signoff TEXT, sales_signoff TEXT, position INTEGER NOT NULL);
CREATE TABLE snapshots (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, taken_at TEXT NOT NULL, playbook TEXT NOT NULL);
CREATE TABLE scoring_rules (
    id TEXT PRIMARY KEY, attribute TEXT NOT NULL, condition TEXT NOT NULL,
    value TEXT NOT NULL DEFAULT '', points INTEGER NOT NULL, category TEXT NOT NULL,
    reasoning TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL);
"""
    + DEAL_TABLES
    + WORKSHOP_TABLES
    + SOURCE_COLUMNS
    + CLOSED_LOOP
    + REVIEW_RHYTHM
    + WIN_LOSS
    + SCORING_TRUST
    + ROOM
    + LEAD_BLOCKS
)


_ADD_COLUMN = re.compile(r"ALTER TABLE (\w+) ADD COLUMN (.+)", re.DOTALL)
_CREATE = re.compile(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)")
_DROP = re.compile(r"DROP TABLE (\w+)")


def new_file_statements(script: str | None = None) -> list[str]:
    """The statements that give a new file the schema ``script`` (CREATE_TABLES) ends at:
    each later ``ALTER TABLE … ADD COLUMN`` written into its table's CREATE TABLE, where
    SQLite would add it, and a table dropped later never made. SQLite reads its whole
    schema again at each ALTER: replaying the history took 7 ms of every new file, the
    folded statements 1.5."""
    tables: dict[str, str] = {}
    for statement in _split(CREATE_TABLES if script is None else script):
        if added := _ADD_COLUMN.fullmatch(statement):
            table, column = added.groups()
            create = tables.get(table)
            if create is None:
                raise ValueError(f"the schema's history alters a table it never made: {table}")
            end = create.rindex(")")
            tables[table] = f"{create[:end]}, {column}{create[end:]}"
        elif dropped := _DROP.fullmatch(statement):
            del tables[dropped.group(1)]
        elif created := _CREATE.match(statement):
            tables[created.group(1)] = statement
        else:
            raise ValueError(f"the schema's history holds a statement not folded: {statement}")
    return list(tables.values())


def _leads_into_blocks(conn: sqlite3.Connection) -> None:
    from journeyapp.models.lead_blocks import leads_into_blocks  # it reads the codec

    leads_into_blocks(conn)


MIGRATIONS: dict[int, tuple[str | Callable[[sqlite3.Connection], None], ...]] = {
    # Version 2 added the buyer's questions, stage content, the reviewer's name, snapshots.
    1: (
        "ALTER TABLE stages ADD COLUMN buyer_questions TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE stages ADD COLUMN content TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE stages ADD COLUMN last_reviewed_by TEXT NOT NULL DEFAULT ''",
        "CREATE TABLE snapshots (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "taken_at TEXT NOT NULL, playbook TEXT NOT NULL)",
    ),
    # Version 3 added the lead-scoring model.
    2: (
        "CREATE TABLE scoring_rules (id TEXT PRIMARY KEY, attribute TEXT NOT NULL, "
        "condition TEXT NOT NULL, value TEXT NOT NULL DEFAULT '', points INTEGER NOT NULL, "
        "category TEXT NOT NULL, reasoning TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL)",
    ),
    # Version 4 added deals from the CRM, the saved CRM stage mappings and improvements.
    3: _split(DEAL_TABLES),
    # Version 5 added the workshop's parking lot (sticky notes) and votes on improvements.
    4: _split(WORKSHOP_TABLES),
    # Version 6 added where a deal came from: its lead source and campaign.
    5: _split(SOURCE_COLUMNS),
    # Version 7 added the closed loop: leads with their touches and verdicts, touches on
    # deals, each handoff's agreed verdict reasons, and marketing's commitments.
    6: _split(CLOSED_LOOP),
    # Version 8 added the review rhythm (meeting records, big-leap projects, and each
    # improvement's owner, test period, measured result and the reason for its decision),
    # win/loss interviews, the decision drivers and a lost deal's loss type, and scoring both
    # teams trust: gates, hand-raisers, decay, challenges, definitions' example leads and
    # the facts of imported leads.
    7: _split(REVIEW_RHYTHM + WIN_LOSS + SCORING_TRUST),
    # Version 9 added who posted a sticky note from the room, its moderation, and dot voting.
    8: _split(ROOM),
    # Version 10 keeps leads in blocks, many to a row (models/lead_blocks.py).
    9: (_split(LEAD_BLOCKS)[0], _leads_into_blocks, _split(LEAD_BLOCKS)[1]),
}
"""``MIGRATIONS[n]`` holds the steps that turn a version-n file into version n + 1: SQL
statements, or a function given the connection for a move SQL cannot make by itself."""
