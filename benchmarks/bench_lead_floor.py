"""The floor of a lead import in Python: how fast the benchmark's HubSpot contacts export can
be read, dated, made into leads and written at all, with none of the import's checks.

What the lead import's target asks (1,000,000 rows at 100,000 rows/s) is measured against
this: the tightest import of the same file written for it alone (one layout, no date-order
vote, no mapping, no limits, no verdicts or facts, no undo, nothing refused), each phase
timed. Baseline, same run: Python's csv module reading the file (the median of a read
before and one after). Prints one JSON line: the floor's rows per second, the csv module's,
their ratio, and each phase.

    python benchmarks/bench_lead_floor.py [--rows N] [--quick]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import gc
import json
import sqlite3
import statistics
import tempfile
import time
import zlib
from collections import namedtuple
from json import encoder as json_encoder
from operator import attrgetter
from pathlib import Path

from bench_deals import write_contacts_export

Step = namedtuple("Step", "stage crm_stage entered exited")
NAMES = (
    "id",
    "name",
    "source_id",
    "source_system",
    "account",
    "owner",
    "lead_source",
    "campaign",
    "status",
    "path",
    "deal",
    "touches",
    "verdicts",
    "facts",
)
STAGES = ("stage-lead", "stage-mql", "stage-sql", "stage-discovery", "stage-won")
CRM_STAGES = ("Lead", "MQL", "SQL", "Opportunity", "Customer")
FIRST_DATE_COLUMN = 10  # "Became a Lead Date"; the five lifecycle dates follow it


class Lead:
    """A plain object with its values in ``__dict__``, as the app's leads are made."""


def csv_read(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        sum(1 for _ in csv.reader(handle))
    return time.perf_counter() - start


def floor_import(path: Path, folder: Path) -> dict[str, float]:
    """Each phase of the tightest import, in seconds."""
    gc.disable()
    phases: dict[str, float] = {}
    start = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal start
        now = time.perf_counter()
        phases[name] = now - start
        start = now

    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        columns = list(zip(*reader, strict=True))
    lap("read")
    days: dict[str, int] = {}

    def seconds(text: str) -> int | None:
        if not text:
            return None
        day = days.get(text[:10])
        if day is None:
            ymd = (int(text[:4]), int(text[5:7]), int(text[8:10]), 0, 0, 0)
            day = days[text[:10]] = calendar.timegm(ymd)
        return day + int(text[11:13]) * 3600 + int(text[14:16]) * 60

    dates = [list(map(seconds, columns[FIRST_DATE_COLUMN + n])) for n in range(5)]
    lap("dates")
    new = tuple.__new__

    def path_of(*when: int | None) -> tuple:
        visits = [(n, at) for n, at in enumerate(when) if at is not None]
        left = [at for _, at in visits[1:]] + [None]
        return tuple(
            new(Step, (STAGES[n], CRM_STAGES[n], at, out))
            for (n, at), out in zip(visits, left, strict=True)
        )

    paths = list(map(path_of, *dates))
    lap("paths")
    count = len(paths)
    names = list(map("{} {}".format, columns[1], columns[2]))
    values = zip(
        columns[0], names, columns[0], ["hubspot"] * count, columns[3], columns[4], columns[7],
        columns[8], columns[5], paths, [None] * count, [()] * count, [{}] * count, [()] * count,
        strict=True,
    )  # fmt: skip
    make = object.__new__
    leads = []
    for row in values:
        lead = make(Lead)
        lead.__dict__.update(zip(NAMES, row, strict=True))
        leads.append(lead)
    lap("leads")
    row_of = attrgetter(*NAMES)
    blocks: dict[int, list] = {}
    for lead, block in zip(leads, map(zlib.crc32, map(str.encode, columns[0])), strict=True):
        blocks.setdefault(block % 1024, []).append(row_of(lead))
    encode = json_encoder.c_make_encoder(
        None, None, json_encoder.encode_basestring, None, ":", ",", False, False, True
    )  # fmt: skip
    texts = [(block, "".join(encode(rows, 0))) for block, rows in blocks.items()]
    lap("json")
    conn = sqlite3.connect(folder / "floor.db")
    conn.execute("CREATE TABLE lead_blocks (block INTEGER PRIMARY KEY, leads TEXT)")
    with conn:
        conn.executemany("INSERT INTO lead_blocks VALUES (?, ?)", texts)
    conn.close()
    lap("write")
    gc.enable()
    return phases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="a tenth of the rows")
    args = parser.parse_args()
    rows = args.rows // 10 if args.quick else args.rows
    folder = Path(tempfile.mkdtemp())
    export = folder / "hubspot-contacts.csv"
    write_contacts_export(export, rows)
    before = csv_read(export)
    phases = floor_import(export, folder)
    baseline = statistics.median([before, csv_read(export)])
    total = sum(phases.values())
    print(
        json.dumps(
            {
                "benchmark": "lead_floor",
                "rows": rows,
                "floor_import_s": round(total, 2),
                "floor_rows_per_s": int(rows / total),
                "baseline_csv_reader_s": round(baseline, 2),
                "baseline_csv_rows_per_s": int(rows / baseline),
                "ratio_floor_to_csv_reader": round(total / baseline, 2),
                "phases_s": {name: round(s, 2) for name, s in phases.items()},
                "target_lead_rows_per_s": 100_000,
            }
        )
    )


if __name__ == "__main__":
    main()
