"""What reading the receiving team's verdicts and first touches costs a lead import.

Workload: a generated HubSpot contacts export of 200,000 leads (--quick: 20,000) with the
lifecycle dates, "Lead Status" (HubSpot's default options and one unknown value), a custom
"Unqualified Reason", "Last Modified Date" and the three first-engagement properties, read
and turned into the import edit on the sample map (whose MQL → SQL handoff has an agreed
reason list). Baseline, same run: the same rows without those columns, imported the same way.
Prints one JSON object on its last line.

    python benchmarks/bench_lead_verdicts.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from journeyapp.models.handoff_reasons import set_reasons
from journeyapp.models.lead_import.plan import lead_import_edit, read_leads
from journeyapp.models.templates import load_template

BASE = (
    "Record ID,First Name,Last Name,Company Name,Contact owner,Lifecycle Stage,"
    "Became a Lead Date,Became a Marketing Qualified Lead Date,"
    "Became a Sales Qualified Lead Date"
)
EXTRA = (
    "Lead Status,Unqualified Reason,Last Modified Date,Date of first engagement,"
    "Type of first engagement,Description of first engagement"
)
STATUSES = ("New", "Open", "In Progress", "Unqualified", "Bad Timing", "Connected", "Hot lead")
REASONS = ("No budget", "wrong persona", "Student", "")
KINDS = ("Call", "Email", "MEETING_EVENT", "Task")


def _day(seconds: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(seconds))


def write_exports(folder: Path, rows: int, seed: int = 19) -> tuple[Path, Path]:
    """The export with the verdict and engagement columns, and the same rows without them."""
    rng = random.Random(seed)
    full, bare = folder / "contacts_full.csv", folder / "contacts_bare.csv"
    with full.open("w", encoding="utf-8") as with_extra, bare.open("w", encoding="utf-8") as plain:
        with_extra.write(f"{BASE},{EXTRA}\n")
        plain.write(f"{BASE}\n")
        for n in range(rows):
            when = 1_760_000_000 + rng.randrange(0, 200 * 86400)
            dates = []
            for _ in range(rng.choice((1, 2, 2, 3))):
                dates.append(_day(when))
                when += rng.randrange(3600, 10 * 86400)
            dates += [""] * (3 - len(dates))
            base = (
                f"{n + 1},First{n},Last{n},Company {n % 5000},Owner {n % 40},Lead,{','.join(dates)}"
            )
            status = rng.choice(STATUSES)
            reason = rng.choice(REASONS) if status == "Unqualified" else ""
            touched = rng.random() < 0.6
            engagement = f"{_day(when - 1800)},{rng.choice(KINDS)},COMPLETED" if touched else ",,"
            with_extra.write(f"{base},{status},{reason},{_day(when)},{engagement}\n")
            plain.write(f"{base}\n")
    return full, bare


def import_seconds(path: Path) -> tuple[float, int]:
    playbook = load_template("b2b-saas")
    playbook.apply(set_reasons(playbook, "ho-mql-sql", ["No budget", "Wrong persona"]))
    start = time.perf_counter()
    plan = read_leads(playbook, path)
    edit = lead_import_edit(playbook, plan)
    seconds = time.perf_counter() - start
    leads = edit.edits[-1].entities
    return seconds, sum(1 for lead in leads if lead.verdicts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    rows = 20_000 if parser.parse_args().quick else 200_000
    with tempfile.TemporaryDirectory() as folder:
        full, bare = write_exports(Path(folder), rows)
        runs_full = [import_seconds(full) for _ in range(3)]
        runs_bare = [import_seconds(bare) for _ in range(3)]
    with_verdicts = min(seconds for seconds, _ in runs_full)
    baseline = min(seconds for seconds, _ in runs_bare)
    print(
        json.dumps(
            {
                "benchmark": "lead_verdicts",
                "rows": rows,
                "leads_with_a_verdict": runs_full[0][1],
                "import_with_verdicts_and_touches_s": round(with_verdicts, 2),
                "baseline_same_rows_without_those_columns_s": round(baseline, 2),
                "rows_per_s": int(rows / with_verdicts),
                "ratio": round(with_verdicts / baseline, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
