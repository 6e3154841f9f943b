"""Small playbooks for tests, built from plain data so each test reads at a glance."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

from journeyapp.models.codec import FORMAT_NAME, FORMAT_VERSION, playbook_from_dict
from journeyapp.models.playbook import Playbook

SIGNED = {"name": "Pat", "date": "2026-10-01"}

TINY: dict[str, Any] = {
    "format": FORMAT_NAME,
    "format_version": FORMAT_VERSION,
    "meta": {"name": "Tiny", "company": "Acme", "version": "2026 Q4"},
    "phases": [{"id": "aware", "name": "Awareness"}, {"id": "decide", "name": "Decision"}],
    "lanes": [
        {"id": "mkt", "name": "Marketing", "color": "#1f8a9e"},
        {"id": "sales", "name": "Sales", "color": "#d9822b"},
    ],
    "stages": [
        {"id": "visitor", "name": "Visitor", "kind": "entry", "phase": "aware", "lane": "mkt"},
        {"id": "mql", "name": "MQL", "phase": "aware", "lane": "mkt", "x": 264},
        {
            "id": "sql",
            "name": "SQL",
            "phase": "decide",
            "lane": "sales",
            "entry_criteria": "An SDR accepted the lead",
            "exit_criteria": "A discovery call is booked",
        },
        {"id": "won", "name": "Won", "kind": "won", "phase": "decide", "lane": "sales", "x": 264},
        {
            "id": "lost",
            "name": "Lost",
            "kind": "lost",
            "phase": "decide",
            "lane": "sales",
            "y": 150,
        },
    ],
    "handoffs": [
        {"id": "h1", "source": "visitor", "target": "mql", "trigger": "Downloaded guide"},
        {
            "id": "h2",
            "source": "mql",
            "target": "sql",
            "kind": "cross_team",
            "trigger": "Score ≥ 65",
            "sla_hours": 24,
            "definition": "def-mql",
        },
        {"id": "h3", "source": "sql", "target": "won", "target_conversion": 0.3},
        {"id": "h4", "source": "sql", "target": "lost"},
    ],
    "roles": [
        {"id": "ops", "name": "Marketing ops", "team": "mkt"},
        {"id": "sdr", "name": "SDR", "team": "sales"},
    ],
    "activities": [
        {
            "id": "a1",
            "stage": "mql",
            "name": "Review the lead",
            "methodology": "- Check fit",
            "raci": {"ops": "A", "sdr": "R"},
        },
        {"id": "a2", "stage": "sql", "name": "Discovery call", "raci": {"sdr": "A", "ops": "R"}},
    ],
    "definitions": [
        {
            "id": "def-mql",
            "term": "MQL",
            "text": "A lead marketing vouches for.",
            "marketing_signoff": SIGNED,
            "sales_signoff": SIGNED,
        },
    ],
}


# What version 8 added, taken away again: a file as version 7 wrote it.
UNDO_VERSION_8 = """DROP TABLE meetings; DROP TABLE projects;
ALTER TABLE improvements DROP COLUMN owner;
ALTER TABLE improvements DROP COLUMN test_ends;
ALTER TABLE improvements DROP COLUMN measure;
ALTER TABLE improvements DROP COLUMN result;
ALTER TABLE improvements DROP COLUMN decision_reason;
DROP TABLE decision_drivers; DROP TABLE interviews;
ALTER TABLE deals DROP COLUMN loss_type;
ALTER TABLE scoring_rules DROP COLUMN gate;
ALTER TABLE scoring_rules DROP COLUMN routes;
ALTER TABLE scoring_rules DROP COLUMN half_life_days;
ALTER TABLE scoring_rules DROP COLUMN challenges;
ALTER TABLE definitions DROP COLUMN example_leads;
ALTER TABLE definitions DROP COLUMN non_example_leads;
DELETE FROM meta WHERE key IN ('scoring_marketing_signoff', 'scoring_sales_signoff');
ALTER TABLE leads DROP COLUMN facts;
"""
# What version 9 added: who posted a note from the room, and its moderation.
UNDO_VERSION_9 = """ALTER TABLE notes DROP COLUMN author; ALTER TABLE notes DROP COLUMN team;
ALTER TABLE notes DROP COLUMN guest; ALTER TABLE notes DROP COLUMN state;
ALTER TABLE notes DROP COLUMN private; DROP TABLE voting_rounds;
"""
# What version 10 changed: leads kept a row each in a leads table, not in blocks.
UNDO_VERSION_10 = """DROP TABLE lead_blocks;
CREATE TABLE leads (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, source_id TEXT NOT NULL DEFAULT '',
    source_system TEXT NOT NULL DEFAULT '', account TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '', lead_source TEXT NOT NULL DEFAULT '',
    campaign TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '[]', deal TEXT, touches TEXT NOT NULL DEFAULT '[]',
    verdicts TEXT NOT NULL DEFAULT '{}', facts TEXT NOT NULL DEFAULT '[]');
"""
BACK_TO_VERSION_9 = UNDO_VERSION_10 + "PRAGMA user_version = 9;"
BACK_TO_VERSION_8 = UNDO_VERSION_10 + UNDO_VERSION_9 + "PRAGMA user_version = 8;"
BACK_TO_VERSION_7 = UNDO_VERSION_10 + UNDO_VERSION_9 + UNDO_VERSION_8 + "PRAGMA user_version = 7;"
# Turns a current file's tables back into version 6's: no leads, commitments, touches on
# deals, verdict reasons on handoffs, or working week in the properties.
BACK_TO_VERSION_6 = (
    UNDO_VERSION_10
    + UNDO_VERSION_9
    + UNDO_VERSION_8
    + """DROP TABLE leads; DROP TABLE commitments;
ALTER TABLE deals DROP COLUMN touches;
ALTER TABLE handoffs DROP COLUMN reasons;
ALTER TABLE handoffs DROP COLUMN reasons_marketing_signoff;
ALTER TABLE handoffs DROP COLUMN reasons_sales_signoff;
DELETE FROM meta WHERE key IN ('work_days', 'day_start', 'day_end', 'time_zone');
PRAGMA user_version = 6;"""
)


def file_at_version_9(path: Path, playbook: Playbook) -> Path:
    """``playbook`` written to ``path`` as version 9 wrote files: a row for each lead."""
    from journeyapp.models.change import Kind
    from journeyapp.models.store import Store
    from journeyapp.models.table_rows import row_encoder

    Store.create(path, playbook).close()
    columns, encode = row_encoder(Kind.LEAD)
    with sqlite3.connect(path) as conn:
        conn.executescript(BACK_TO_VERSION_9)
        conn.executemany(
            f"INSERT INTO leads ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            map(encode, playbook.leads),
        )
    return path


def sample_file_at_version_7(folder: Path) -> Path:
    """The sample written to ``folder`` as version 7 wrote files, before the review rhythm,
    win/loss and trusted scoring."""
    from journeyapp.models.store import Store
    from journeyapp.models.templates import load_template

    path = folder / "v7.journey"
    Store.create(path, load_template("b2b-saas")).close()
    with sqlite3.connect(path) as conn:
        conn.executescript(BACK_TO_VERSION_7)
    return path


def tiny_data() -> dict[str, Any]:
    return copy.deepcopy(TINY)


def tiny_playbook() -> Playbook:
    """Five stages, four handoffs, two roles, two activities; no problems at all."""
    return playbook_from_dict(tiny_data())


# Fields people type into; ids, references, colours, dates and kinds are left alone.
HUMAN_TEXT_KEYS = {
    "name", "company", "version", "description", "buyer_goal", "buyer_questions",
    "entry_criteria", "exit_criteria", "title", "format", "link", "last_reviewed_by", "trigger",
    "qualification", "methodology", "term", "text", "examples", "non_examples", "attribute",
    "reasoning", "account", "owner", "segment", "stated_reason", "root_cause", "buyer_words",
    "did", "how", "differently", "hypothesis", "metric", "baseline", "source_note",
    "interviewee", "interviewer",
}  # fmt: skip


def with_text_everywhere(data: Any, words: str, key: str = "") -> Any:
    """``data`` with ``words`` put before every human text in it."""
    if isinstance(data, dict):
        return {k: with_text_everywhere(v, words, k) for k, v in data.items()}
    if isinstance(data, list):
        return [with_text_everywhere(v, words, key) for v in data]
    if isinstance(data, str) and key in HUMAN_TEXT_KEYS:
        return f"{words} {data}" if data else words
    return data


def hostile_playbook(words: str) -> Playbook:
    """The sample playbook, with a parked note and a snapshot, and ``words`` in every field
    a person types into."""
    import datetime

    from journeyapp.models import parking_lot, snapshots
    from journeyapp.models.codec import playbook_to_dict
    from journeyapp.models.templates import load_template

    playbook = load_template("b2b-saas")
    stage = playbook.stages()[0]
    playbook.apply(parking_lot.add_note(playbook, "Ask finance", stage.id, "2026-11-01"))
    data = with_text_everywhere(playbook_to_dict(playbook), words)
    data["format"] = FORMAT_NAME
    playbook = playbook_from_dict(data)
    when = datetime.datetime(2026, 11, 2, 9, 0)
    playbook.apply(snapshots.take(playbook, f"{words} Q4", when))
    return playbook
