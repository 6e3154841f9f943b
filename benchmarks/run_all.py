"""Every benchmark in this folder, one after another, and a table of what each found.

Runs each ``benchmarks/bench_*.py`` in its own process (``--quick`` passed through), reads the
JSON object on its last line and prints a Markdown table (ready for the README): benchmark,
what is measured, the figure, the baseline measured in the same run, their ratio, the target
and whether it is met, one row per target. A benchmark that fails or prints no JSON gets a row
saying so, and this script then exits 1. The last line is one JSON object with every row.

    python benchmarks/run_all.py [--quick] [--only startup,pdf]
"""

from __future__ import annotations

import argparse
import json
import operator
import os
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent

Value = str | float | int | None
Pick = str | None  # a key of the benchmark's JSON


@dataclass(frozen=True)
class Row:
    """One line of the table, read from a benchmark's JSON.

    ``figure``, ``baseline`` and ``ratio`` name keys of the JSON (or are functions of it, for a
    figure the benchmark reports another way); ``target`` names a key of its "targets", met when
    the ``checked`` key (the figure unless said) compares to it with ``op``.
    """

    measure: str  # what is measured; {key} takes values from the JSON
    figure: str | object
    unit: str
    baseline: str | object | None = None
    ratio: str | None = None
    target: str | None = None
    checked: str | None = None
    op: str = "<="
    baseline_note: str = ""
    ratio_target: str | None = None  # a second target on the same row, for the ratio


def with_ratio_target(row: Row, key: str = "ratio") -> list[Row]:
    """The row, its ratio also checked against the benchmark's ``key`` target."""
    return [replace(row, ratio_target=key)]


def import_row(measure: str, rate: str, ratio: str, target: str | None = None) -> Row:
    """An import's rows a second, against the csv module reading the same file: its rate
    worked out from the import's rate and the ratio of their unrounded times."""
    return Row(
        measure,
        rate,
        "rows/s",
        lambda r: int(r[rate] * r[ratio]),
        ratio,
        target=target,
        op=">=",
        baseline_note="csv module",
    )


def slowest(*keys: str):
    """The largest of these figures, None if the benchmark reported none of them."""

    def pick(result: dict) -> Value:
        return max((result[k] for k in keys if result.get(k) is not None), default=None)

    return pick


OPS = {"<=": operator.le, ">=": operator.ge, "==": operator.eq}
SYMBOLS = {"<=": "≤", ">=": "≥", "==": "="}

# How to read each benchmark's JSON: its rows, each target on a row of its own.
ROWS: dict[str, list[Row]] = {
    "canvas": [
        *(
            row
            for size in (30, 100, 300, 1000)
            for row in (
                Row(
                    f"open a realistic {size:,}-stage map, fitted and painted, in the window",
                    f"open_ms_{size}",
                    "ms",
                    f"bare_open_ms_{size}",
                    f"ratio_open_{size}",
                    ratio_target="open_ratio",
                    baseline_note="bare scene, same items",
                ),
                Row(
                    f"a move, a rename, an undo at 100 %, each to its first frame, {size:,} "
                    "stages (slowest of the three medians)",
                    slowest(*(f"{edit}_ms_{size}" for edit in ("move", "rename", "undo"))),
                    "ms",
                    target="edit_ms",
                ),
                Row(
                    f"… the labels a moved card's lines now cross, settled after that frame, "
                    f"{size:,} stages",
                    f"move_labels_settled_ms_{size}",
                    "ms",
                ),
                Row(
                    f"a select-all drag frame at 100 %, {size:,} stages",
                    f"drag_frame_ms_{size}",
                    "ms",
                    f"drag_bare_frame_ms_{size}",
                    f"ratio_drag_frame_{size}",
                    target="drag_frame_ms",
                    ratio_target="drag_frame_ratio_300" if size == 300 else None,
                    baseline_note="bare scene, same drag",
                ),
                Row(
                    f"… its labels settled after the map first shows, {size:,} stages",
                    f"open_labels_settled_ms_{size}",
                    "ms",
                ),
                Row(
                    f"the drop of that drag, then its undo, {size:,} stages (the slower)",
                    slowest(f"drag_drop_ms_{size}", f"drag_undo_ms_{size}"),
                    "ms",
                    target="drop_ms_300" if size == 300 else None,
                ),
                Row(
                    f"… their labels settled after the drop and the undo, {size:,} stages",
                    slowest(*(f"drag_{k}_labels_settled_ms_{size}" for k in ("drop", "undo"))),
                    "ms",
                ),
            )
        ),
        Row(
            "the 2,000-stage tangle: one card moved at 100 %",
            "tangle_move_ms",
            "ms",
            "tangle_bare_move_ms",
            "ratio_tangle_move",
            ratio_target="tangle_move_ratio",
            baseline_note="bare scene, same move: the rect, its arrows drawn as ours",
        ),
        Row(
            "… the labels a moved line crosses, settled after it is drawn",
            "tangle_move_labels_settled_ms",
            "ms",
        ),
        Row(
            "the 2,000-stage tangle: open, fitted and painted",
            "tangle_open_ms",
            "ms",
            "tangle_bare_open_ms",
            None,
            baseline_note="bare scene",
        ),
    ],
    "crash_safety": [
        Row(
            "edits committed per second before a kill",
            "edits_per_second_median",
            "edits/s",
            "baseline_bare_sqlite_commits_per_second",
            "ratio",
            baseline_note="bare SQLite commits",
        ),
        Row(
            "edits lost, {kills} kills, {edits_checked:,} edits checked",
            "losses",
            "",
            None,
            target="losses",
            op="==",
        ),
        *(
            Row(
                f"losses, {{scenarios[{name}][trials]}} kills during {during}",
                lambda r, name=name: r.get("scenarios", {}).get(name, {}).get("losses"),
                "",
                target="losses",
                op="==",
            )
            for name, during in (
                ("save_as", "Save As onto a file another window holds"),
                ("migration", "migration of an older file"),
                ("recovery", "recovery of untitled work"),
                ("reimport", "a CRM re-import over step notes"),
            )
        ),
    ],
    "deals": [
        import_row(
            "CRM import, Salesforce OpportunityHistory, {rows:,} rows, written to the file",
            "import_rows_per_s",
            "ratio_import_to_csv_reader",
            "rows_per_s",
        ),
        Row("peak memory during the import", "peak_memory_mb", "MB", target="memory_mb"),
        import_row(
            "CRM import, generic stage history, {generic_rows:,} rows, written to the file",
            "generic_import_rows_per_s",
            "ratio_generic_import_to_csv_reader",
            "generic_rows_per_s",
        ),
        Row(
            "peak memory during the generic import",
            "generic_peak_memory_mb",
            "MB",
            target="memory_mb",
        ),
        import_row(
            "CRM import, HubSpot deals export, {hubspot_rows:,} deals, written to the file",
            "hubspot_import_rows_per_s",
            "ratio_hubspot_import_to_csv_reader",
        ),
        Row(
            "figures across 50,000 deals",
            "aggregates_50k_deals_median_s",
            "s",
            target="aggregates_s",
        ),
        Row("open one deal's replay", "replay_open_median_ms", "ms", target="replay_ms"),
        import_row(
            "lead import, HubSpot contacts, {lead_rows:,} rows, written to the file",
            "lead_import_rows_per_s",
            "ratio_lead_import_to_csv_reader",
            "lead_rows_per_s",
        ),
        Row("opening the file the lead import wrote", "lead_file_reopen_s", "s"),
    ],
    "first_touch": [
        Row(
            "replay {deals} deals, SLA on first touch in working hours",
            "replay_working_hours_s",
            "s",
            "baseline_plain_hours_s",
            "ratio",
            baseline_note="the same replays counting plain hours",
        ),
    ],
    "feedback": [
        Row(
            "one verdict in the Feedback panel, {leads:,} leads ({handed_over:,} handed over)",
            "verdict_in_panel_median_s",
            "s",
            "baseline_verdict_panel_closed_median_s",
            "ratio",
            baseline_note="the same verdicts before the panel is first opened",
        ),
    ],
    "room": [
        Row(
            "p95 from a phone's note to the room's broadcast, {phones} phones in the real window",
            "p95_ms",
            "ms",
            "baseline_p95_ms",
            "ratio_p95",
            target="p95_ms",
            baseline_note="a bare aiohttp server broadcasting the same messages",
        ),
    ],
    "lead_floor": [
        import_row(
            "the floor of a lead import in Python (no checks), {rows:,} rows, written",
            "floor_rows_per_s",
            "ratio_floor_to_csv_reader",
        ),
    ],
    "lead_verdicts": [
        Row(
            "import {rows:,} HubSpot leads with their status, reason and first engagement",
            "import_with_verdicts_and_touches_s",
            "s",
            "baseline_same_rows_without_those_columns_s",
            "ratio",
            baseline_note="the same rows without those columns",
        ),
    ],
    "funnel": [
        *with_ratio_target(
            Row(
                "funnel plan over {leads:,} leads and {deals:,} deals",
                "plan_median_s",
                "s",
                "baseline_bare_pass_median_s",
                "ratio",
                target="plan_s",
                baseline_note="one bare pass over every step",
            )
        ),
        Row("the same split by lead source", "by_source_median_s", "s"),
    ],
    "html": [
        Row(
            "sample playbook as a web page",
            "sample_s",
            "s",
            "sample_baseline_s",
            "sample_ratio",
            target="sample_s",
            baseline_note="the same text, no markup",
        ),
        Row(
            "{big_stages}-stage playbook as a web page ({big_kb} KB)",
            "big_s",
            "s",
            "big_baseline_s",
            "big_ratio",
            target="big_s",
            baseline_note="the same text, no markup",
        ),
    ],
    "labels": [
        Row("place every handoff label, {big_stages}-stage map", "big_label_s", "s"),
        Row(
            "time per label, {big_stages} stages over {small_stages}",
            "scaling_ratio",
            "",
            target="scaling_ratio",
        ),
    ],
    "inspector": [
        Row(
            "keystroke in a 10,000-character note",
            "keystroke_median_ms",
            "ms",
            "baseline_bare_text_edit_keystroke_median_ms",
            "ratio_keystroke_to_baseline",
            baseline_note="bare QPlainTextEdit",
        ),
    ],
    "pdf": [
        *with_ratio_target(
            Row(
                "sample playbook PDF, {sample_pages} pages",
                "sample_s",
                "s",
                "sample_baseline_s",
                "sample_ratio",
                target="sample_s",
                baseline_note="bare reportlab",
            )
        ),
        *with_ratio_target(
            Row(
                "{big_stages}-stage playbook PDF, {big_pages} pages",
                "big_s",
                "s",
                "big_baseline_s",
                "big_ratio",
                target="big_s",
                baseline_note="bare reportlab",
            )
        ),
        Row(
            "time per stage, 4,000 stages ({stages_4000_s} s) over 1,000 ({stages_1000_s} s)",
            "scaling_ratio",
            "",
            target="scaling_ratio",
        ),
    ],
    "layout": [
        Row(
            "auto-layout, {sizes[3]:,} realistic stages",
            "layout_1000_median_s",
            "s",
            "baseline_networkx_layering_1000_s",
            "ratio_1000",
            target="layout_1000_s",
            baseline_note="a bare NetworkX layering",
        ),
        Row(
            "maps whose crossings exceed the old dot layout's (sample, 30 to 1,000 stages)",
            "crossings_worse_than_before",
            "",
            target="crossings_worse",
        ),
        Row(
            "longest window stall while laying out {stall_stages:,} stages",
            "max_stall_while_laying_out_ms",
            "ms",
            target="stall_ms",
        ),
        Row(
            "glide after the layout, {glide_stages} stages",
            "glide_fps",
            "frames/s",
            target="glide_fps",
            op=">=",
        ),
    ],
    "startup": [
        *with_ratio_target(
            Row(
                "`journeyapp --sample` to first paint",
                "app_first_paint_median_s",
                "s",
                "baseline_bare_window_first_paint_median_s",
                "ratio",
                target="app_first_paint_s",
                baseline_note="empty QMainWindow",
            )
        ),
        *with_ratio_target(
            Row(
                "`journeyapp --sample` to first paint, against the floor",
                "app_first_paint_median_s",
                "s",
                "libraries_floor_first_paint_median_s",
                "ratio_to_libraries_floor",
                baseline_note="the floor, below",
            ),
            "floor_ratio",
        ),
        Row(
            "the floor: empty QMainWindow after importing NetworkX and sqlite-utils",
            "libraries_floor_first_paint_median_s",
            "s",
            "baseline_bare_window_first_paint_median_s",
            "libraries_floor_ratio",
            baseline_note="empty QMainWindow",
        ),
    ],
}


def value_of(result: dict, pick) -> Value:
    if pick is None:
        return None
    return pick(result) if callable(pick) else result.get(pick)


def shown(value: Value, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1000:
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)
    return f"{text} {unit}".strip()


def rows_for(name: str, result: dict) -> list[dict]:
    """The table rows of one benchmark's JSON."""
    targets = result.get("targets", {})
    rows = []
    for row in ROWS.get(name, []):
        try:
            measure = row.measure.format(**result)
        except (KeyError, IndexError, ValueError):
            measure = row.measure
        figure = value_of(result, row.figure)
        baseline = value_of(result, row.baseline)
        ratio = value_of(result, row.ratio)
        goal, met, texts = None, None, []
        checks = []
        if row.target is not None:
            checks.append((row.target, row.checked or row.figure, row.op))
        if row.ratio_target is not None:
            checks.append((row.ratio_target, row.ratio, "<="))
        for key, checked_key, op in checks:
            target = targets.get(key)
            goal = target if goal is None else goal
            checked = value_of(result, checked_key)
            what = "ratio " if checked_key and checked_key == row.ratio else ""
            unit = "" if what else row.unit
            if target is None or checked is None:
                texts.append(f"{key}: not reported")
                met = False
            else:
                texts.append(f"{what}{SYMBOLS[op]} {shown(target, unit)}")
                met = bool(OPS[op](checked, target)) and met is not False
        target_text = "; ".join(texts) or "—"
        baseline_text = shown(baseline, row.unit)
        if baseline is not None and row.baseline_note:
            baseline_text += f" ({row.baseline_note})"
        rows.append(
            {
                "benchmark": name,
                "measure": measure,
                "figure": figure,
                "unit": row.unit,
                "baseline": baseline,
                "ratio": ratio,
                "target": goal,
                "target_key": row.target or row.ratio_target,
                "met": met,
                "cells": [
                    name,
                    measure,
                    shown(figure, row.unit),
                    baseline_text,
                    "—" if ratio is None else f"{ratio}×",
                    target_text,
                    "—" if met is None else ("yes" if met else "**no**"),
                ],
            }
        )
    if not rows:  # a benchmark this table does not know yet: say what it printed
        rows.append(failed_row(name, f"no rows described for it; keys: {', '.join(result)}"))
    return rows


def failed_row(name: str, why: str) -> dict:
    return {
        "benchmark": name,
        "measure": why,
        "figure": None,
        "met": False,
        "failed": True,
        "cells": [name, why, "—", "—", "—", "—", "**no**"],
    }


def run(script: Path, quick: bool, timeout: float) -> tuple[dict | None, str, float]:
    """The benchmark's last-line JSON (None if it failed), why it failed, and its seconds."""
    command = [sys.executable, str(script)] + (["--quick"] if quick else [])
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=HERE.parent, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None, f"no result within {timeout:.0f} s", time.perf_counter() - start
    seconds = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return None, f"failed (exit {done.returncode}): {last[:160]}", seconds
    try:
        result = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        result = None
    if not isinstance(result, dict):
        return None, "printed no JSON on its last line", seconds
    return result, "", seconds


def markdown(rows: list[dict]) -> str:
    header = ["benchmark", "measure", "figure", "baseline", "ratio", "target", "met"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| " + " | ".join(cell.replace("|", "\\|") for cell in r["cells"]) + " |" for r in rows
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="pass --quick to every benchmark")
    parser.add_argument("--only", help="comma-separated names, e.g. startup,pdf")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per benchmark")
    args = parser.parse_args()
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
    rows, seconds = [], {}
    for script in scripts:
        name = script.stem.removeprefix("bench_")
        print(
            f"running {script.name}{' --quick' if args.quick else ''} …",
            file=sys.stderr,
            flush=True,
        )
        result, why, seconds[name] = run(script, args.quick, args.timeout)
        print(f"  {name}: {why or 'done'} in {seconds[name]:.0f} s", file=sys.stderr, flush=True)
        rows += rows_for(name, result) if result is not None else [failed_row(name, why)]
    failed = sorted({r["benchmark"] for r in rows if r.get("failed")})
    print(markdown(rows))
    print()
    print(
        json.dumps(
            {
                "run_all": "quick" if args.quick else "full",
                "python": sys.version.split()[0],
                "seconds": {name: round(s, 1) for name, s in seconds.items()},
                "failed": failed,
                "targets_met": sum(r["met"] is True for r in rows),
                "targets_missed": sum(r["met"] is False and not r.get("failed") for r in rows),
                "rows": [{k: v for k, v in r.items() if k != "cells"} for r in rows],
            },
            ensure_ascii=False,
        )
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
