"""Leads kept in blocks in the .journey file: older files move their leads there, edits and
undo keep the file and the playbook alike, and a damaged block is refused in a sentence."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from builders import file_at_version_9
from journeyapp.models.change import Kind
from journeyapp.models.edit_session import EditSession
from journeyapp.models.entities import DealStep, Lead, LeadFact, Touch, Verdict, VerdictOutcome
from journeyapp.models.errors import StoreError
from journeyapp.models.lead_blocks import block_of
from journeyapp.models.lead_import.plan import lead_import_edit, read_leads
from journeyapp.models.operations import set_fields
from journeyapp.models.schema import SCHEMA_VERSION
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

CRM = Path(__file__).parent / "data" / "crm"
JAN_5 = 1_767_571_200


def _leads(count: int) -> list[Lead]:
    return [
        Lead(
            f"lead-hubspot-{n}",
            f"Zoë “{n}” Ng",
            str(n),
            "hubspot",
            account="Acme",
            owner="Dana",
            lead_source="Paid Search",
            campaign="Q1 webinar",
            status="Working",
            path=(
                DealStep("stage-lead", "Lead", JAN_5 + n, JAN_5 + n + 60),
                DealStep("stage-mql", "MQL", JAN_5 + n + 60),
            ),
            deal="006A000000XyZ12" if n % 3 == 0 else None,
            touches=(Touch(JAN_5 + 3600, "call"),) if n % 2 else (),
            verdicts=(
                {"h-mql-sql": Verdict(VerdictOutcome.REJECTED, "No budget", by="Sam")}
                if n % 4 == 0
                else {}
            ),
            facts=(LeadFact("Industry", "Software"), LeadFact("Webinar", "yes", "2026-01-02")),
        )
        for n in range(count)
    ]


def _with_leads(count: int = 60):
    playbook = load_template("b2b-saas")
    playbook.put_entities(Kind.LEAD, _leads(count))
    return playbook


def _opened(path: Path):
    store = Store.open(path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def test_a_version_9_file_keeps_every_lead_once_moved_into_blocks(tmp_path):
    playbook = _with_leads()
    path = file_at_version_9(tmp_path / "old.journey", playbook)
    store = Store.open(path)
    try:
        assert store.load() == playbook
    finally:
        store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "leads" not in {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert list(tmp_path.glob("old.v9-backup*.journey"))
    assert _opened(path) == playbook


def test_a_read_only_look_at_a_version_9_file_shows_its_leads_and_leaves_it_as_it_was(tmp_path):
    playbook = _with_leads()
    path = file_at_version_9(tmp_path / "old.journey", playbook)
    assert _opened(path) == playbook
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 9


def test_an_import_undone_and_redone_is_in_the_file_each_time(tmp_path):
    store = Store.create(tmp_path / "p.journey", load_template("b2b-saas"))
    session = EditSession(store.load(), store)
    try:
        playbook = session.playbook
        plan = read_leads(
            playbook,
            CRM / "hubspot_contacts_lifecycle.csv",
            overrides={"Opportunity": "Opportunity: Discovery"},
        )
        session.apply(lead_import_edit(playbook, plan))
        imported = {lead.id: lead for lead in playbook.leads}
        assert imported
        assert _opened(store.path) == playbook
        session.undo()
        assert len(playbook.leads) == 0
        assert _opened(store.path) == playbook
        session.redo()
        assert {lead.id: lead for lead in _opened(store.path).leads} == imported
    finally:
        store.close()


def _blocks(path: Path) -> dict[int, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT block, leads FROM lead_blocks"))


def test_changing_one_lead_rewrites_its_block_and_leaves_the_others_as_they_were(tmp_path):
    store = Store.create(tmp_path / "p.journey", _with_leads())
    session = EditSession(store.load(), store)
    try:
        before = _blocks(store.path)
        session.apply(set_fields(session.playbook, Kind.LEAD, "lead-hubspot-7", name="Renamed"))
        after = _blocks(store.path)
        changed = [block for block in before if before[block] != after.get(block)]
        assert changed == [block_of("lead-hubspot-7")]
        assert _opened(store.path).leads["lead-hubspot-7"].name == "Renamed"
        assert _opened(store.path) == session.playbook
    finally:
        store.close()


def test_leads_of_another_store_are_written_to_blocks_read_back_from_the_file(tmp_path):
    Store.create(tmp_path / "p.journey", _with_leads()).close()
    store = Store.open(tmp_path / "p.journey")  # written to before it is read
    try:
        playbook = _with_leads()
        store.commit(
            playbook, playbook.apply(set_fields(playbook, Kind.LEAD, "lead-hubspot-3", owner="Lee"))
        )
    finally:
        store.close()
    assert _opened(tmp_path / "p.journey") == playbook


def _rewritten(path: Path, block: int, change) -> None:
    with sqlite3.connect(path) as conn:
        text = conn.execute("SELECT leads FROM lead_blocks WHERE block = ?", (block,)).fetchone()
        conn.execute(
            "UPDATE lead_blocks SET block = ?, leads = ? WHERE block = ?",
            (*change(block, text[0]), block),
        )


def _first_value(field: str, value):
    index = [
        "id", "name", "source_id", "source_system", "account", "owner", "lead_source",
        "campaign", "status", "path", "deal", "touches", "verdicts", "facts",
    ].index(field)  # fmt: skip

    def change(block, text):
        shared, rows = json.loads(text)
        if field in ("verdicts", "facts"):  # kept in the block's shared list
            shared.append(value)
            rows[0][index] = len(shared) - 1
        else:
            rows[0][index] = value
        return block, json.dumps([shared, rows])

    return change


DAMAGE = {
    "not JSON": lambda block, text: (block, text[:-3]),
    "not a list": lambda block, text: (block, '{"a": 1}'),
    "a short row": lambda block, text: (block, "[[], [[1, 2]]]"),
    "no shared values": lambda block, text: (block, json.dumps([[], json.loads(text)[1]])),
    "bytes": lambda block, text: (block, text.encode()),
    "a block out of range": lambda block, text: (5000, text),
    "in another block": lambda block, text: ((block + 1) % 1024, text),
    "an empty name": _first_value("name", "  "),
    "a time as text": _first_value("path", [["stage-lead", "Lead", "soon", None]]),
    "a touch of no kind": _first_value("touches", [[JAN_5, "fax"]]),
    "a verdict of no outcome": _first_value("verdicts", {"h1": {"outcome": "maybe"}}),
    "a fact with no attribute": _first_value("facts", [{"value": "x"}]),
    "a surrogate": _first_value("account", "\ud800"),
    "a long text": _first_value("owner", "x" * 20_001),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_lead_block_is_refused_in_one_sentence(tmp_path, damage):
    path = tmp_path / "p.journey"
    Store.create(path, _with_leads()).close()
    _rewritten(path, block_of("lead-hubspot-5"), DAMAGE[damage])
    with pytest.raises(StoreError) as refused:
        _opened(path)
    message = str(refused.value)
    assert "p.journey is damaged and cannot be opened" in message
    assert "\n" not in message and len(message) < 300


def test_a_lead_kept_in_two_blocks_is_refused(tmp_path):
    path = tmp_path / "p.journey"
    Store.create(path, _with_leads()).close()
    with sqlite3.connect(path) as conn:
        text = conn.execute(
            "SELECT leads FROM lead_blocks WHERE block = ?", (block_of("lead-hubspot-5"),)
        ).fetchone()[0]
        shared, rows = json.loads(text)
        twice = json.dumps([shared, [*rows, rows[0]]])
        conn.execute(
            "UPDATE lead_blocks SET leads = ? WHERE block = ?", (twice, block_of("lead-hubspot-5"))
        )
    with pytest.raises(StoreError, match="damaged"):
        _opened(path)


def test_values_written_otherwise_are_read_as_the_codec_reads_them(tmp_path):
    path = tmp_path / "p.journey"
    Store.create(path, _with_leads()).close()
    block = block_of("lead-hubspot-5")
    _rewritten(path, block, _first_value("path", [["stage-lead", "Lead", 1.7e9, None]]))
    opened = _opened(path)
    first = json.loads(_blocks(path)[block])[1][0][0]
    assert opened.leads[first].path == (DealStep("stage-lead", "Lead", 1_700_000_000, None),)
