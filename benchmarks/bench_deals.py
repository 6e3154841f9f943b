"""Deals at CRM scale: import a CRM export in each of three layouts, aggregate, open one replay.

Workload: a generated Salesforce OpportunityHistory export of 1,000,000 rows, about 120,000
deals (--quick: a tenth), every value quoted as Salesforce writes it, imported into the sample
playbook and written to its file; aggregates over 50,000 deals. The same generated deals as a
generic stage history of 1,000,000 rows (a row per stage visit) and as a HubSpot deals export
of 120,000 deals (a row per deal, its stages' "Date entered" and "Date exited"), each imported
and written in a process of its own, so each peak memory is its own. Beside them, the first
200,000 rows of the Salesforce export as an .xlsx (--quick: 20,000), with dates and amounts
stored as Excel stores them, read in a process of its own so its peak memory is its own.
Baselines, same run: Python's csv module reading each CSV; python-calamine's bare read of the
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
from collections.abc import Iterator
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
    '"Id","OpportunityId","CreatedById","CreatedDate","StageName","Amount","ExpectedRevenue",'
    '"CloseDate","Probability","ForecastCategory","IsDeleted"\n'
)


def deal_histories(seed: int = 7) -> Iterator[tuple[int, list[tuple[str, int, int]]]]:
    """Deals without end, each a number and its changes (stage, amount, when) in time order:
    stage moves, amount edits, loops back, and a close won or lost."""
    rng = random.Random(seed)
    deal = 0
    start = 1_700_000_000
    while True:
        deal += 1
        when = start + rng.randrange(0, 300 * 86400)
        amount = rng.randrange(5, 200) * 1000
        stage = 0
        changes = []
        for _ in range(rng.randrange(5, 12)):
            when += rng.randrange(3600, 20 * 86400)
            roll = rng.random()
            if roll < 0.55 and stage < len(STAGES) - 1:
                stage += 1
            elif roll < 0.62 and stage > 0:
                stage -= 1  # a step back
            elif roll < 0.8:
                amount += rng.randrange(-5, 6) * 1000  # same stage: not a new visit
            changes.append((STAGES[stage], amount, when))
        closed = "Closed Won" if rng.random() < 0.3 else "Closed Lost"
        when += rng.randrange(3600, 10 * 86400)
        changes.append((closed, amount, when))
        yield deal, changes


def _stamp(when: int, pattern: str = "%Y-%m-%dT%H:%M:%S.000Z") -> str:
    return time.strftime(pattern, time.gmtime(when))


def write_deals(path: Path, header: str, rows: int, lines_of, seed: int = 7) -> int:
    """An export of the generated deals, ``lines_of(deal, changes, written)`` giving each
    deal's lines, until it has ``rows`` rows (a deal's lines are never cut); the rows
    written."""
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        for deal, changes in deal_histories(seed):
            if written >= rows:
                break
            lines = lines_of(deal, changes, written)
            out.writelines(lines)
            written += len(lines)
    return written


def write_export(path: Path, rows: int, seed: int = 7) -> int:
    """Salesforce's OpportunityHistory: a row per change, about 8.3 a deal, every value in
    double quotes as Data Loader and the weekly Data Export write them."""

    def lines_of(deal: int, changes: list, written: int) -> list[str]:
        opportunity = f"006{deal:012d}"
        return [
            f'"017{written + n:012d}","{opportunity}","005000000000001","{_stamp(when)}",'
            f'"{stage_name}","{value}","{value}","2026-06-30","50","Pipeline","0"\n'
            for n, (stage_name, value, when) in enumerate(changes, start=1)
        ]

    return write_deals(path, HEADER, rows, lines_of, seed)


def visits_of(changes: list[tuple[str, int, int]]) -> list[tuple[str, int, int, int | None]]:
    """Changes as stage visits (stage, amount, entered, exited): a change within the stage is
    no new visit."""
    visits: list[list] = []
    for stage, amount, when in changes:
        if visits and visits[-1][0] == stage:
            visits[-1][1] = amount
            continue
        if visits:
            visits[-1][3] = when
        visits.append([stage, amount, when, None])
    return [tuple(visit) for visit in visits]


GENERIC_HEADER = "deal_id,deal_name,stage,entered_at,exited_at,amount,outcome,loss_reason,source\n"
DEAL_SOURCES = ("Paid search", "Organic search", "Email marketing", "Referral", "")
LOSS_REASONS = ("Price", "Timing", "Chose a competitor", "No decision")
SECONDS = "%Y-%m-%d %H:%M:%S"
MINUTES = "%Y-%m-%d %H:%M"


def write_generic_export(path: Path, rows: int, seed: int = 7) -> int:
    """The app's own layout: a row per stage visit, about 6.3 a deal, each row repeating the
    deal's name, amount, outcome, loss reason and source."""

    def lines_of(deal: int, changes: list, written: int) -> list[str]:
        won = changes[-1][0] == "Closed Won"
        tail = (
            f"{'won' if won else 'lost'},{'' if won else LOSS_REASONS[deal % 4]},"
            f"{DEAL_SOURCES[deal % 5]}"
        )
        return [
            f"D{deal:08d},Deal {deal},{stage},{_stamp(entered, SECONDS)},"
            f"{_stamp(exited, SECONDS) if exited else ''},{amount},{tail}\n"
            for stage, amount, entered, exited in visits_of(changes)
        ]

    return write_deals(path, GENERIC_HEADER, rows, lines_of, seed)


HUBSPOT_STAGES = [*STAGES, "Closed Won", "Closed Lost"]


def write_hubspot_export(path: Path, deals: int, seed: int = 7) -> int:
    """HubSpot's deals export: a row per deal, with each stage's latest "Date entered" and
    "Date exited" (HubSpot keeps only a stage's latest visit), as the export writes them."""
    dates = []
    for stage in HUBSPOT_STAGES:
        dates += [f'"Date entered ""{stage} (Sales Pipeline)"""']
        dates += [f'"Date exited ""{stage} (Sales Pipeline)"""']
    header = (
        '"Record ID","Deal Name","Deal Stage","Pipeline","Amount","Close Date","Create Date",'
        '"Deal owner","Closed Lost Reason","Original Source",' + ",".join(dates) + "\n"
    )

    def lines_of(deal: int, changes: list, written: int) -> list[str]:
        visits = visits_of(changes)
        latest = {stage: (entered, exited) for stage, _, entered, exited in visits}
        cells = []
        for stage in HUBSPOT_STAGES:
            entered, exited = latest.get(stage, (None, None))
            for when in (entered, exited):
                cells.append(_stamp(when, MINUTES) if when else "")
        last, amount, closed_at, _ = visits[-1]
        reason = LOSS_REASONS[deal % 4] if last == "Closed Lost" else ""
        return [
            f'"{deal}","Deal {deal}","{last}","Sales Pipeline","{amount}",'
            f'"{_stamp(closed_at, MINUTES)}","{_stamp(visits[0][2], MINUTES)}",'
            f'"Owner {deal % 40}","{reason}","{DEAL_SOURCES[deal % 5]}",'
            + ",".join(f'"{c}"' for c in cells)
            + "\n"
        ]

    return write_deals(path, header, deals, lines_of, seed)


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
    baseline_s, _ = csv_read(export)

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


WRITERS = {"generic": write_generic_export, "hubspot": write_hubspot_export}


def csv_read(path: Path) -> tuple[float, int]:
    """The baseline: how long Python's csv module takes to read the file, and the rows it
    read after the header."""
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1
    return time.perf_counter() - start, rows


def format_part(fmt: str, rows: int) -> dict:
    """Run in a child process, so its peak memory is its own: an export in ``fmt`` written,
    read by the csv module (the baseline), then imported into the sample playbook and
    written to its file in one transaction, as the app does. ``rows``: the export's rows
    (a HubSpot deals export has one a deal)."""
    folder = Path(tempfile.mkdtemp())
    export = folder / f"{fmt}.csv"
    rows = WRITERS[fmt](export, rows)
    baseline_s, _ = csv_read(export)
    store = Store.create(folder / "sample.journey", load_template("b2b-saas"))
    playbook = store.load()
    start = time.perf_counter()
    plan = read_export(playbook, export, format=fmt)
    read_s = time.perf_counter() - start
    change = playbook.apply(import_edit(playbook, plan))
    applied_s = time.perf_counter() - start
    store.commit(playbook, change)
    import_s = time.perf_counter() - start
    store.close()
    return {
        f"{fmt}_rows": rows,
        f"{fmt}_deals": plan.deals_new + plan.deals_updated,
        f"{fmt}_skipped_rows": len(plan.skipped),
        f"{fmt}_import_s": round(import_s, 2),
        f"{fmt}_import_read_s": round(read_s, 2),
        f"{fmt}_import_edit_and_apply_s": round(applied_s - read_s, 2),
        f"{fmt}_import_write_to_file_s": round(import_s - applied_s, 2),
        f"{fmt}_import_rows_per_s": int(rows / import_s),
        f"{fmt}_baseline_csv_reader_s": round(baseline_s, 2),
        f"ratio_{fmt}_import_to_csv_reader": round(import_s / baseline_s, 2),
        f"{fmt}_peak_memory_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
    }


def in_child(*args: str) -> dict:
    """This script run again with ``args``, its last line read as JSON."""
    child = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


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
    parser.add_argument("--format-part", choices=sorted(WRITERS), help=argparse.SUPPRESS)
    parser.add_argument("--format-rows", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.workbook_part:
        print(json.dumps(workbook_part(args.workbook_part, args.workbook_rows)))
        return
    if args.format_part:
        print(json.dumps(format_part(args.format_part, args.format_rows)))
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
    workbook_figures = in_child(
        *("--workbook-part", str(workbook)), *("--workbook-rows", str(workbook_rows))
    )
    generic_figures = in_child("--format-part", "generic", "--format-rows", str(rows))
    hubspot_deals = 12_000 if quick else 120_000  # about as many deals as the Salesforce rows
    hubspot_figures = in_child("--format-part", "hubspot", "--format-rows", str(hubspot_deals))

    baseline_s, baseline_rows = csv_read(export)

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
        **generic_figures,
        **hubspot_figures,
        **leads,
        "targets": {
            "generic_rows_per_s": 200_000,
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
