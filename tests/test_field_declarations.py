"""Each entity's fields are declared once, in its dataclass; the file's tables must agree.

The CREATE TABLE text in models/schema.py is history that migrations repeat, so it
is checked here rather than generated: a field added to a dataclass without its
column (and a migration) makes ``test_every_table_holds_exactly_its_entity_fields``
fail. A field added to both is written, read, checked and generated with no other
change, as the probe below shows on a real Stage with one more field.
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3

import pytest
from builders import tiny_data, tiny_playbook
from conftest import DATA_DIR
from field_strategies import entities
from hypothesis import find
from journeyapp.export.json_interchange import playbook_to_json
from journeyapp.models import fields, file_check, lead_blocks, schema
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_from_dict, playbook_to_dict
from journeyapp.models.entities import ENTITY_TYPES, Stage
from journeyapp.models.errors import EditError
from journeyapp.models.limits import MAX_TEXT_CHARS
from journeyapp.models.operations import set_fields
from journeyapp.models.schema import CREATE_TABLES, TABLES
from journeyapp.models.store import Store


def schema_columns(script: str = CREATE_TABLES) -> dict[str, dict[str, str]]:
    """Each table the schema script makes, with its columns and their declared types."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(script)
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
        return {
            table: {
                row[0]: row[1]
                for row in conn.execute("SELECT name, type FROM pragma_table_info(?)", (table,))
            }
            for table in tables
        }
    finally:
        conn.close()


def column_disagreements(script: str = CREATE_TABLES) -> list[str]:
    """Where a table's columns and its entity's fields differ, one line each."""
    found = schema_columns(script)
    problems = []
    for kind, table in TABLES.items():
        wanted = {field.name for field in dataclasses.fields(ENTITY_TYPES[kind])}
        if table.blocked:  # a row per block, each entity's fields in order in its JSON
            if list(lead_blocks.NAMES) != [f.name for f in dataclasses.fields(ENTITY_TYPES[kind])]:
                problems.append(f"{table.name} keeps {kind.value} fields in another order")
            wanted = {"block", "leads"}
        if table.ordered:
            wanted.add("position")
        columns = set(found.get(table.name, {}))
        for name in sorted(wanted - columns):
            problems.append(f"{table.name} has no column for {kind.value} field {name!r}")
        for name in sorted(columns - wanted):
            problems.append(f"{table.name} has a column {name!r} that no {kind.value} field holds")
    return problems


def test_every_table_holds_exactly_its_entity_fields():
    assert column_disagreements() == []


def _table_details(statements: list[str]) -> dict[str, list[tuple]]:
    """Each table the statements make, with every column's name, type, NOT NULL, default
    and key, in order."""
    conn = sqlite3.connect(":memory:")
    try:
        for statement in statements:
            conn.execute(statement)
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
        return {
            table: conn.execute("SELECT * FROM pragma_table_xinfo(?)", (table,)).fetchall()
            for table in tables
        }
    finally:
        conn.close()


def test_a_new_file_gets_the_tables_its_history_makes():
    history = [s.strip() for s in CREATE_TABLES.split(";") if s.strip()]
    folded = schema.new_file_statements()
    assert len(folded) < len(history)  # each ALTER TABLE written into its CREATE TABLE
    assert _table_details(folded) == _table_details(history)
    assert "leads" not in _table_details(folded)  # dropped by the history: never made


def test_a_schema_step_that_cannot_be_folded_is_refused():
    with pytest.raises(ValueError, match="not folded"):
        schema.new_file_statements(CREATE_TABLES + "CREATE INDEX deal_names ON deals (name);")
    with pytest.raises(ValueError, match="never made: personas"):
        schema.new_file_statements(CREATE_TABLES + "ALTER TABLE personas ADD COLUMN x TEXT;")


def test_the_json_columns_are_the_declared_lists_maps_and_records_and_hold_text():
    found = schema_columns()
    for kind, table in TABLES.items():
        structured = {
            name
            for name, spec in fields.declared(ENTITY_TYPES[kind])
            if isinstance(
                spec,
                fields.TextList
                | fields.Records
                | fields.Record
                | fields.RaciMap
                | fields.DealPath
                | fields.StepNotes
                | fields.Touches
                | fields.RecordMap
                | fields.Counts,
            )
        }
        assert set(table.json_columns) == structured, kind
        if table.blocked:
            continue
        assert all(found[table.name][name] == "TEXT" for name in structured), kind
    assert TABLES[Kind.DEAL].json_columns == ("buying_team", "path", "notes", "touches")
    assert TABLES[Kind.LEAD].json_columns == ("path", "touches", "verdicts", "facts")


def test_every_field_of_every_entity_is_declared():
    for cls in ENTITY_TYPES.values():
        assert fields.declared(cls), cls.__name__


def test_entities_cannot_be_changed_in_place():
    playbook = tiny_playbook()
    stage = playbook.stage("mql")
    with pytest.raises(dataclasses.FrozenInstanceError):
        stage.name = "Changed behind undo's back"  # type: ignore[misc]
    activity = playbook.activities["a1"]
    with pytest.raises(TypeError):
        activity.raci["sdr"] = "A"  # type: ignore[index]
    assert playbook.activities["a1"].raci == {"ops": "A", "sdr": "R"}
    assert isinstance(playbook.handoff("h2").qualification, tuple)


# -- the probe: one more field on Stage ------------------------------------------------

PROBE_COLUMN = "ALTER TABLE stages ADD COLUMN persona TEXT NOT NULL DEFAULT ''"


def _stage_with_persona() -> type:
    return dataclasses.make_dataclass(
        "Stage", [("persona", str, fields.text())], bases=(Stage,), frozen=True
    )


@pytest.fixture
def persona_on_stage_only(monkeypatch):
    """Stage gains a ``persona`` field in its dataclass, and nowhere else."""
    monkeypatch.setitem(ENTITY_TYPES, Kind.STAGE, _stage_with_persona())


@pytest.fixture
def persona_on_stage_and_table(persona_on_stage_only, monkeypatch):
    """...and in the stages table, with a migration for older files."""
    version = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", version + 1)
    monkeypatch.setattr(schema, "CREATE_TABLES", CREATE_TABLES + PROBE_COLUMN + ";\n")
    monkeypatch.setitem(schema.MIGRATIONS, version, (PROBE_COLUMN,))
    monkeypatch.setattr(file_check, "_expected", None)  # the schema's tables, learnt again


def test_a_field_added_to_the_dataclass_alone_is_caught(persona_on_stage_only):
    assert column_disagreements() == ["stages has no column for stage field 'persona'"]


def test_a_field_added_to_the_dataclass_and_table_survives_the_file_and_json(
    persona_on_stage_and_table, tmp_path
):
    data = tiny_data()
    data["stages"][1]["persona"] = "Ops lead"
    playbook = playbook_from_dict(data)
    assert playbook.stage("mql").persona == "Ops lead"
    assert playbook.stage("sql").persona == ""

    path = tmp_path / "p.journey"
    Store.create(path, playbook).close()
    opened = Store.open(path)
    try:
        reopened = opened.load()
        opened.commit(
            reopened, reopened.apply(set_fields(reopened, Kind.STAGE, "sql", persona="CFO"))
        )
    finally:
        opened.close()
    assert reopened.stage("mql").persona == "Ops lead"
    again = Store.open(path)
    try:
        assert again.load() == reopened
    finally:
        again.close()
    assert reopened.stage("sql").persona == "CFO"

    json_text = playbook_to_json(reopened)
    assert '"persona": "CFO"' in json_text
    assert playbook_from_dict(playbook_to_dict(reopened)) == reopened

    with pytest.raises(EditError, match="A stage's persona can hold at most"):
        reopened.set_fields(Kind.STAGE, "sql", {"persona": "x" * (MAX_TEXT_CHARS + 1)})
    generated = find(
        entities(ENTITY_TYPES[Kind.STAGE], {Kind.PHASE: ["p"], Kind.LANE: ["l"]}),
        lambda stage: stage.persona != "",
    )
    assert generated.persona != ""


def test_a_file_from_before_the_new_field_is_migrated_to_hold_it(
    persona_on_stage_and_table, tmp_path
):
    path = tmp_path / "legacy.journey"
    shutil.copy(DATA_DIR / "v1-playbook.journey", path)
    opened = Store.open(path)
    try:
        assert opened.load().stage("mql").persona == ""
    finally:
        opened.close()
