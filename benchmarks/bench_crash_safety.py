"""Kill safety, the long run: 200 trials (20 with --quick) of a child editing a playbook
through the Document, SIGKILLed at a random moment, the file then checked.

Figure: edits the child made per second before the kill (median over trials), each one
committed durably; baseline, same run: bare SQLite commits per second of one small row
update with the same settings (rollback journal, synchronous=FULL). Also the counts:
trials, kills, edits checked, losses (must be 0). Prints one JSON object on its last line.

    python benchmarks/bench_crash_safety.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crash_harness import run_trial


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    trials = 20 if parser.parse_args().quick else 200
    rng = random.Random(7)
    root = Path(tempfile.mkdtemp(prefix="crash-bench-"))
    kills = checked = losses = in_flight = 0
    rates, problems = [], []
    for n in range(trials):
        folder = root / f"t{n}"
        folder.mkdir()
        kill_after = rng.uniform(0.02, 1.0)
        result = run_trial(folder, seed=n, kill_after=kill_after)
        kills += 1
        checked += result.acknowledged
        losses += result.lost
        in_flight += result.in_flight
        rates.append(result.acknowledged / kill_after)
        if result.problem:
            problems.append(result.problem)
        print(
            f"trial {n + 1}/{trials}: {result.acknowledged} edits, lost {result.lost}", flush=True
        )
    baseline = bare_commits_per_second(root)
    figure = statistics.median(rates)
    print(
        json.dumps(
            {
                "benchmark": "crash_safety",
                "trials": trials,
                "kills": kills,
                "edits_checked": checked,
                "kills_mid_edit": in_flight,
                "losses": losses,
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
