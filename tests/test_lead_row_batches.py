"""The lead import read a batch of rows at a time gives what the row-by-row reading gives,
wherever the batches start and end and whichever rows the batch reading leaves to it."""

from __future__ import annotations

import gzip
import json
import time

import pytest
from journeyapp.models.lead_import import lifecycle_dates, row_batches
from test_lead_import_unchanged import EXPECTED, imported_twice


@pytest.fixture(scope="module")
def expected():
    return json.loads(gzip.decompress(EXPECTED.read_bytes()))


@pytest.mark.parametrize("rows", [1, 7, 64])
def test_batches_of_any_size_read_the_same(tmp_path, monkeypatch, expected, rows):
    monkeypatch.setattr(row_batches, "BATCH_ROWS", rows)
    assert imported_twice(tmp_path) == {part: expected[part] for part in ("first", "second")}


def test_rows_left_to_the_row_by_row_reading_read_the_same(tmp_path, monkeypatch, expected):
    def none_read(self, columns):
        return [None] * len(columns[0])

    monkeypatch.setattr(lifecycle_dates.LifecycleDates, "column_visits", none_read)
    assert imported_twice(tmp_path) == {part: expected[part] for part in ("first", "second")}


def test_dates_out_of_column_order_read_the_same(tmp_path):
    from journeyapp.models.lead_import.plan import read_leads
    from journeyapp.models.templates import load_template

    export = tmp_path / "contacts.csv"
    export.write_text(
        "Record ID,Became a Lead Date,Became a Marketing Qualified Lead Date,"
        "Became a Sales Qualified Lead Date\n"
        "1,2025-01-05,2025-01-02,\n"  # out of order
        "2,,2025-01-02,2025-01-03\n"  # the first missing
        "3,2025-01-01,,2025-01-03\n"  # one between missing
        "4,2025-01-01,2025-01-01,2025-01-01\n"  # all at once
        "5,,,\n"  # none
        "6,2025-01-01,nonsense,\n"  # unreadable
        "7,2025-01-01,2025-01-02,2025-01-03\n",
        encoding="utf-8",
    )
    plan = read_leads(load_template("b2b-saas"), export)
    day = 86400
    jan = 1735689600  # 2025-01-01
    lead, mql, sql = "Lead", "Marketing Qualified Lead", "Sales Qualified Lead"
    assert [(r.source_id, r.visits) for r in plan.records] == [
        ("1", [(mql, jan + day, jan + 4 * day), (lead, jan + 4 * day, None)]),
        ("2", [(mql, jan + day, jan + 2 * day), (sql, jan + 2 * day, None)]),
        ("3", [(lead, jan, jan + 2 * day), (sql, jan + 2 * day, None)]),
        ("4", [(lead, jan, jan), (mql, jan, jan), (sql, jan, None)]),
        (
            "7",
            [(lead, jan, jan + day), (mql, jan + day, jan + 2 * day), (sql, jan + 2 * day, None)],
        ),
    ]
    assert [line for line, _ in plan.skipped] == [6, 7]


def _records(export):
    from dataclasses import astuple

    from journeyapp.models.lead_import.plan import read_leads
    from journeyapp.models.templates import load_template

    plan = read_leads(load_template("b2b-saas"), export)
    return [astuple(record) for record in plan.records], plan.skipped


def test_a_plain_export_read_in_batches_gives_the_records_read_row_by_row(tmp_path, monkeypatch):
    import random

    rng = random.Random(11)
    lines = [
        "Record ID,First Name,Last Name,Company Name,Contact owner,Lead Status,Lifecycle Stage,"
        "Original Source,Original Source Drill-Down 1,Original Source Drill-Down 2,"
        "Became a Lead Date,Became a Marketing Qualified Lead Date,"
        "Became a Sales Qualified Lead Date,Became an Opportunity Date,Became a Customer Date"
    ]
    for n in range(500):
        when = 1_700_000_000 + rng.randrange(0, 300 * 86400)
        dates = []
        for _ in range(rng.choice((1, 2, 3, 5))):
            dates.append(time.strftime("%Y-%m-%d %H:%M", time.gmtime(when)))
            when += rng.randrange(3600, 20 * 86400)
        dates += [""] * (5 - len(dates))
        source = rng.choice(["Paid search,q4,google", "Organic social,,launch", ",,"])
        status = rng.choice(["Open", "New", "Unqualified", ""])
        lines.append(
            f"{n + 1},First{n},{rng.choice(['Ng', ''])},Company {n % 7},Owner {n % 4},{status},"
            f"Lead,{source},{','.join(dates)}"
        )
    export = tmp_path / "contacts.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(row_batches, "BATCH_ROWS", 64)
    fast = _records(export)
    monkeypatch.setattr(
        lifecycle_dates.LifecycleDates, "column_visits", lambda self, c: [None] * len(c[0])
    )
    assert fast == _records(export)
    assert len(fast[0]) == 500
