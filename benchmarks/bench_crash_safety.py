"""Kill safety, the long run: 200 trials (20 with --quick) of a child editing a playbook
through the Document, SIGKILLed at a random moment, the file then checked; then 50 trials
(5 with --quick) of each scenario in crash_scenarios.py: kills during Save As onto a file
another process holds, migration of a version-1 file, recovery of untitled work, and a CRM
re-import over step notes.

Figure: edits the child made per second before the kill (median over trials), each one
committed durably; baseline, same run: bare SQLite commits per second of one small row
update with the same settings (rollback journal, synchronous=FULL). Also the counts:
trials, kills, edits checked, losses (must be 0), overall and per scenario ("edits" is the
first run; "kills_mid_operation" counts kills that came while an edit or the operation tried
was under way). Prints one JSON object on its last line.

    python benchmarks/bench_crash_safety.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crash_harness import run_trial
from benchmarks.crash_scenarios import SCENARIOS, run_scenario


def bare_commits_per_second(folder: Path, seconds: float = 1.0) -> float:
    conn = sqlite3.connect(str(folder / "bare.db"))
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    conn.execute("INSERT INTO t VALUES (1, '')")
    conn.commit()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        conn.execute("UPDATE t SET v = ? WHERE id = 1", (str(count),))
        conn.commit()
        count += 1
    conn.close()
    return count / (time.perf_counter() - start)


def tally(name: str, results: list, problems: list[str]) -> dict:
    """The counts of one scenario's trials; its problems are added to ``problems``."""
    problems += [f"{name}: {r.problem}" for r in results if r.problem]
    return {
        "trials": len(results),
        "kills_mid_operation": sum(r.in_flight for r in results),
        "edits_checked": sum(r.acknowledged for r in results),
        "losses": sum(r.lost for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    trials, per_scenario = (20, 5) if quick else (200, 50)
    rng = random.Random(7)
    root = Path(tempfile.mkdtemp(prefix="crash-bench-"))
    try:
        measure(root, trials, per_scenario, rng)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def measure(root: Path, trials: int, per_scenario: int, rng: random.Random) -> None:
    results, rates, problems = [], [], []
    for n in range(trials):
        folder = root / f"t{n}"
        folder.mkdir()
        kill_after = rng.uniform(0.02, 1.0)
        result = run_trial(folder, seed=n, kill_after=kill_after)
        results.append(result)
        rates.append(result.acknowledged / kill_after)
        print(
            f"trial {n + 1}/{trials}: {result.acknowledged} edits, lost {result.lost}", flush=True
        )
    scenarios = {"edits": tally("edits", results, problems)}
    for name in SCENARIOS:
        done = []
        for n in range(per_scenario):
            folder = root / f"{name}-{n}"
            folder.mkdir()
            done.append(run_scenario(name, folder, n, rng))
            print(f"{name} {n + 1}/{per_scenario}: lost {done[-1].lost}", flush=True)
        scenarios[name] = tally(name, done, problems)
    baseline = bare_commits_per_second(root)
    figure = statistics.median(rates)
    total = {key: sum(s[key] for s in scenarios.values()) for key in scenarios["edits"]}
    print(
        json.dumps(
            {
                "benchmark": "crash_safety",
                "trials": total["trials"],
                "kills": total["trials"],
                "edits_checked": total["edits_checked"],
                "kills_mid_edit": total["kills_mid_operation"],
                "losses": total["losses"],
                "scenarios": scenarios,
                "edits_per_second_median": round(figure, 1),
                "baseline_bare_sqlite_commits_per_second": round(baseline, 1),
                "ratio": round(baseline / figure, 2) if figure else None,
                "problems": problems[:5],
                "targets": {"losses": 0},
            }
        )
    )


if __name__ == "__main__":
    main()
