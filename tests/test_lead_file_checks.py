"""Leads read back from a file are checked once, as they are read: a text too long for its
field is refused in a sentence, and a healthy file's leads are put in without being looked
over again."""

from __future__ import annotations

import json
import sqlite3

import pytest
from journeyapp.models import lead_blocks, limits
from journeyapp.models.entities import Lead
from journeyapp.models.store import Store, StoreError
from journeyapp.models.templates import load_template


def _file_with_leads(tmp_path, count: int = 30):
    playbook = load_template("b2b-saas")
    leads = [
        Lead(f"lead-{n}", f"Lead {n}", str(n), "generic", "", "", "", "", "", ())
        for n in range(count)
    ]
    from journeyapp.models.change import Kind
    from journeyapp.models.edits import PutEntities

    store = Store.create(tmp_path / "leads.journey", playbook)
    change = playbook.apply(PutEntities(Kind.LEAD, tuple(leads), ()))
    store.commit(playbook, change)
    store.close()
    return tmp_path / "leads.journey"


def test_a_healthy_file_s_leads_are_not_looked_over_again(tmp_path, monkeypatch):
    path = _file_with_leads(tmp_path)
    looked = []
    original = limits._texts_fit
    monkeypatch.setattr(limits, "_texts_fit", lambda *a: looked.append(1) or original(*a))
    store = Store.open(path)
    assert len(store.load().leads) == 30
    store.close()
    assert looked == []


def test_a_lead_name_too_long_for_its_field_is_refused_in_a_sentence(tmp_path):
    path = _file_with_leads(tmp_path)
    conn = sqlite3.connect(path)
    block, text = conn.execute(f"SELECT block, leads FROM {lead_blocks.TABLE} LIMIT 1").fetchone()
    shared, rows = json.loads(text)
    rows[0][1] = "x" * (limits.MAX_TEXT_CHARS + 1)
    conn.execute(
        f"UPDATE {lead_blocks.TABLE} SET leads = ? WHERE block = ?",
        (json.dumps([shared, rows]), block),
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"damaged and cannot be opened.*20,001 characters long"):
        Store.open(path).load()
