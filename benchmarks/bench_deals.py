"""Deals at CRM scale: import a Salesforce OpportunityHistory export, aggregate, open one replay.

Workload: a generated export of 1,000,000 rows, about 120,000 deals (--quick: a tenth),
imported into the sample playbook; aggregates over 50,000 deals. Beside it, the first
200,000 rows of the same export as an .xlsx (--quick: 20,000), with dates and amounts stored
as Excel stores them, read in a process of its own so its peak memory is its own.
Baselines, same run: Python's csv module reading the CSV; python-calamine's bare read of the
workbook (what the app reads it with), and openpyxl's read-only read for comparison.
The lead row: a generated HubSpot contacts export of 1,000,000 leads (--quick: a tenth), each
with its lifecycle stage dates, source and drill-downs, imported into the sample playbook and
written to its file; baseline, same run: Python's csv module reading that file. Beside it, the
process's peak memory once the leads are written (with --leads, the lead row's alone), and
how long opening the written file takes (Store.open and load).
Prints one JSON object on its last line (--leads: the lead row alone).

    python benchmarks/bench_deals.py [--quick] [--leads]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

STAGES = [
    "SQL",
    "Opportunity: Discovery",
    "Opportunity: Proposal",
    "Opportunity: Negotiation",
]
HEADER = (
    "Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,"
    "CloseDate,Probability,ForecastCategory,IsDeleted\n"
)


def write_export(path: Path, rows: int, seed: int = 7) -> int:
    """About 8.3 rows per deal: stage moves, amount edits, loops back, closed won or lost."""
    rng = random.Random(seed)
    written, deal = 0, 0
    start = 1_700_000_000
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        while written < rows:
            deal += 1
            opportunity = f"006{deal:012d}"
            when = start + rng.randrange(0, 300 * 86400)
            amount = rng.randrange(5, 200) * 1000
            stage = 0
            lines = []
            for _ in range(rng.randrange(5, 12)):
                when += rng.randrange(3600, 20 * 86400)
                roll = rng.random()
                if roll < 0.55 and stage < len(STAGES) - 1:
                    stage += 1
                elif roll < 0.62 and stage > 0:
                    stage -= 1  # a step back
                elif roll < 0.8:
                    amount += rng.randrange(-5, 6) * 1000  # same stage: not a new visit
                stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(when))
                lines.append(f"{STAGES[stage]},{amount},{stamp}")
            closed = "Closed Won" if rng.random() < 0.3 else "Closed Lost"
            when += rng.randrange(3600, 10 * 86400)
            lines.append(
                f"{closed},{amount},{time.strftime('%Y-%m-%dT%H:%M:%S.000Z', time.gmtime(when))}"
            )
            for stage_name, value, stamp in (line.split(",") for line in lines):
                written += 1
                out.write(
                    f"017{written:012d},{opportunity},005000000000001,{stamp},{stage_name},"
                    f"{value},{value},2026-06-30,50,Pipeline,0\n"
                )
    return written


def write_workbook(csv_path: Path, path: Path, rows: int) -> None:
    """The CSV's first rows as a workbook: dates as date cells, amounts as numbers."""
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("OpportunityHistory")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        sheet.append(next(reader))
        for n, cells in enumerate(reader):
            if n >= rows:
                break
            cells[3] = datetime.strptime(cells[3], "%Y-%m-%dT%H:%M:%S.000Z")
            cells[5] = cells[6] = float(cells[5])
            sheet.append(cells)
    book.save(path)


LEAD_HEADER = (
    "Record ID,First Name,Last Name,Company Name,Contact owner,Lead Status,Lifecycle Stage,"
    "Original Source,Original Source Drill-Down 1,Original Source Drill-Down 2,"
    "Became a Lead Date,Became a Marketing Qualified Lead Date,"
    "Became a Sales Qualified Lead Date,Became an Opportunity Date,Became a Customer Date\n"
)
LEAD_SOURCES = [
    ("Paid search", "q4-webinar", "google"),
    ("Organic search", "crm software", "google"),
    ("Email marketing", "spring-nurture", "Newsletter"),
    ("Direct traffic", "", ""),
    ("", "", ""),
]
LEAD_MAP = {"Opportunity": "Opportunity: Discovery"}


def write_contacts_export(path: Path, rows: int, seed: int = 11) -> int:
    """One row per contact: a lead date, and later stages for fewer and fewer of them."""
    rng = random.Random(seed)
    start = 1_700_000_000
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(LEAD_HEADER)
        for n in range(rows):
            when = start + rng.randrange(0, 300 * 86400)
            dates = []
            for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 5))):
                dates.append(time.strftime("%Y-%m-%d %H:%M", time.gmtime(when)))
                when += rng.randrange(3600, 20 * 86400)
            dates += [""] * (5 - len(dates))
            source = rng.choice(LEAD_SOURCES)
            out.write(
                f"{n + 1},First{n},Last{n},Company {n % 5000},Owner {n % 40},Open,Lead,"
                f"{','.join(source)},{','.join(dates)}\n"
            )
    return rows


def lead_part(folder: Path, rows: int) -> dict:
    export = folder / "hubspot-contacts.csv"
    write_contacts_export(export, rows)
    start = time.perf_counter()
    with export.open(encoding="utf-8", newline="") as handle:
        sum(1 for _ in csv.reader(handle))
    baseline_s = time.perf_counter() - start

    from journeyapp.models.lead_import.plan import lead_import_edit, read_leads

    store = Store.create(folder / "leads.journey", load_template("b2b-saas"))
    playbook = store.load()
    start = time.perf_counter()
    plan = read_leads(playbook, export, overrides=LEAD_MAP)
    change = playbook.apply(lead_import_edit(playbook, plan))
    read_s = time.perf_counter() - start
    store.commit(playbook, change)
    import_s = time.perf_counter() - start
    store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # up to here
    leads = len(playbook.leads)
    del playbook, plan, change
    start = time.perf_counter()
    reopened = Store.open(folder / "leads.journey")
    reopened.load()
    reopen_s = time.perf_counter() - start
    reopened.close()
    return {
        "lead_rows": rows,
        "leads": leads,
        "lead_import_s": round(import_s, 2),
        "lead_import_read_and_apply_s": round(read_s, 2),
        "lead_import_write_to_file_s": round(import_s - read_s, 2),
        "lead_import_rows_per_s": int(rows / import_s),
        "lead_import_peak_memory_mb": round(peak_mb, 1),
        "lead_file_reopen_s": round(reopen_s, 2),
        "lead_baseline_csv_reader_s": round(baseline_s, 2),
        "lead_baseline_csv_rows_per_s": int(rows / baseline_s),
        "ratio_lead_import_to_csv_reader": round(import_s / baseline_s, 2),
    }


def median_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def workbook_part(path: Path, rows: int) -> dict:
    """Run in a child process: the workbook read bare by each library, through the app's
    table reading, and imported whole."""
    from journeyapp.models.deal_import.formats import LAYOUTS
    from journeyapp.models.deal_import.table import read_table
    from journeyapp.models.deal_import.values import DateOrderVote, DecimalMarkVote
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    def calamine_bare():
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()

    def openpyxl_bare():
        book = load_workbook(path, read_only=True, data_only=True)
        for _ in book.active.iter_rows(values_only=True):
            pass
        book.close()

    layout = LAYOUTS["salesforce"]

    def app_read():  # the rows as every layout gets them, conventions decided first
        table = read_table(path, lambda header: layout.fits(header))
        votes = {i: DateOrderVote() for i in layout.date_columns(table.header)}
        votes |= {i: DecimalMarkVote() for i in layout.amount_columns(table.header)}
        table.scan(votes)
        for _ in table.rows:
            pass

    def app_import():
        playbook = load_template("b2b-saas")
        playbook.apply(import_edit(playbook, read_export(playbook, path)))

    calamine_s = median_of(3, calamine_bare)
    bare_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the app
    read_s = median_of(3, app_read)
    import_s = median_of(3, app_import)
    openpyxl_s = median_of(1, openpyxl_bare)
    return {
        "workbook_rows": rows,
        "workbook_app_read_s": round(read_s, 2),
        "workbook_app_read_rows_per_s": int(rows / read_s),
        "workbook_import_s": round(import_s, 2),
        "workbook_import_rows_per_s": int(rows / import_s),
        "baseline_calamine_bare_read_s": round(calamine_s, 2),
        "baseline_openpyxl_bare_read_s": round(openpyxl_s, 2),
        "ratio_workbook_read_to_calamine": round(read_s / calamine_s, 2),
        "ratio_workbook_import_to_calamine": round(import_s / calamine_s, 2),
        "ratio_openpyxl_to_calamine": round(openpyxl_s / calamine_s, 2),
        "workbook_bare_read_peak_memory_mb": round(bare_peak_mb, 1),
        "workbook_peak_memory_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
    }


def replay_opening(playbook, deals) -> tuple[list[float], float]:
    """Open each deal's replay in the Deals panel over the map, as a click in the list does,
    step to its end and draw the view."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from journeyapp.widgets.canvas.map_scene import MapScene
    from journeyapp.widgets.canvas.map_style import MapStyle
    from journeyapp.widgets.canvas.map_view import JourneyCanvas
    from journeyapp.widgets.panels.deals_panel import DealsPanel

    from journeyapp.app import create_application

    app = create_application()
    scene = MapScene(MapStyle.for_palette(app.palette()))
    scene.set_playbook(playbook, [])
    canvas = JourneyCanvas(scene)
    canvas.resize(1920, 1080)
    canvas.show()
    canvas.zoom_to_fit()
    app.processEvents()
    panel = DealsPanel(scene)
    start = time.perf_counter()
    panel.set_playbook(playbook)
    list_s = time.perf_counter() - start
    opens = []
    for deal in deals:
        start = time.perf_counter()
        panel.show_deal(deal.id)
        panel.go(len(deal.path) - 1)  # the whole path laid on the map
        app.processEvents()  # and drawn
        opens.append(time.perf_counter() - start)
    return opens, list_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--leads", action="store_true", help="the lead row alone")
    parser.add_argument("--workbook-part", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workbook-rows", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.workbook_part:
        print(json.dumps(workbook_part(args.workbook_part, args.workbook_rows)))
        return
    quick = args.quick
    rows = 100_000 if quick else 1_000_000
    folder = Path(tempfile.mkdtemp())
    if args.leads:
        leads = lead_part(folder, rows)
        print(json.dumps({"benchmark": "leads", **leads, "targets": {"lead_rows_per_s": 100_000}}))
        return
    export = folder / "OpportunityHistory.csv"
    rows = write_export(export, rows)
    workbook_rows = 20_000 if quick else 200_000
    workbook = folder / "OpportunityHistory.xlsx"
    write_workbook(export, workbook, workbook_rows)
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            *("--workbook-part", str(workbook)),
            "--workbook-rows",
            str(workbook_rows),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    workbook_figures = json.loads(child.stdout.strip().splitlines()[-1])

    start = time.perf_counter()
    with export.open(encoding="utf-8", newline="") as handle:
        baseline_rows = sum(1 for _ in csv.reader(handle)) - 1
    baseline_s = time.perf_counter() - start

    store = Store.create(folder / "sample.journey", load_template("b2b-saas"))
    playbook = store.load()
    start = time.perf_counter()
    plan = read_export(playbook, export)
    edit = import_edit(playbook, plan)
    change = playbook.apply(edit)
    read_s = time.perf_counter() - start
    store.commit(playbook, change)  # one transaction, as the app does
    import_s = time.perf_counter() - start
    store.close()
    start = time.perf_counter()
    reopened = Store.open(folder / "sample.journey")
    reopened.load()
    reopen_s = time.perf_counter() - start
    reopened.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the whole process

    from journeyapp.models.deal_stats import stage_figures

    deals = list(playbook.deals)[:50_000]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        stage_figures(playbook, deals)
        times.append(time.perf_counter() - start)
    aggregate_s = statistics.median(times)

    opens, list_s = replay_opening(playbook, deals[:100])
    leads = lead_part(folder, rows)

    result = {
        "benchmark": "deals",
        "rows": rows,
        "deals": len(playbook.deals),
        "skipped_rows": len(plan.skipped),
        "import_s": round(import_s, 2),
        "import_read_and_apply_s": round(read_s, 2),
        "import_write_to_file_s": round(import_s - read_s, 2),
        "import_rows_per_s": int(rows / import_s),
        "baseline_csv_reader_s": round(baseline_s, 2),
        "baseline_rows": baseline_rows,
        "ratio_import_to_csv_reader": round(import_s / baseline_s, 2),
        "peak_memory_mb": round(peak_mb, 1),
        "reopen_file_s": round(reopen_s, 2),
        "aggregates_50k_deals_median_s": round(aggregate_s, 3),
        "replay_open_median_ms": round(statistics.median(opens) * 1000, 2),
        "deal_list_fill_s": round(list_s, 2),
        **workbook_figures,
        **leads,
        "targets": {
            "lead_rows_per_s": 100_000,
            "rows_per_s": 100_000,
            "memory_mb": 1000,
            "aggregates_s": 1.0,
            "replay_ms": 50,
            "workbook_read_to_calamine": 1.5,
        },
    }
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
