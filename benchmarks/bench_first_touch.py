"""The SLA on first touch in working hours: what counting the working week costs a replay.

Workload: 5,000 deals (--quick: 500) through MQL, SQL and Discovery, each with calls after
its handoffs, some weeks late, replayed on the sample playbook with business hours set
(Mon-Fri 09:00-17:00, Europe/Berlin). Baseline, same run: the same replays with no time
zone, so plain hours are counted. Prints one JSON object on its last line.

    python benchmarks/bench_first_touch.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import time

from journeyapp.models.change import Kind
from journeyapp.models.entities import Deal, DealStep, Touch
from journeyapp.models.operations import set_fields
from journeyapp.models.replay import replay
from journeyapp.models.templates import load_template

DAY = 86400


def deals(playbook, count: int, seed: int = 19) -> list[Deal]:
    rng = random.Random(seed)
    stages = {s.name: s.id for s in playbook.stages()}
    made = []
    for n in range(count):
        when = 1_767_225_600 + rng.randrange(0, 300 * DAY)
        path, touches = [], []
        for name in ("MQL", "SQL", "Opportunity: Discovery", "Opportunity: Proposal"):
            days = rng.randrange(1, 30)
            path.append(DealStep(stages[name], name, when, when + days * DAY))
            touches.append(Touch(when + rng.randrange(600, 20 * DAY), "call"))
            when += days * DAY
        path[-1] = path[-1]._replace(exited=None)
        made.append(
            Deal(
                f"d{n}",
                f"Deal {n}",
                path=tuple(path),
                touches=tuple(touches),
            )
        )
    return made


def timed(playbook, sample: list[Deal], now: int) -> float:
    start = time.perf_counter()
    for deal in sample:
        replay(playbook, deal, now=now)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    count = 500 if parser.parse_args().quick else 5000
    working = load_template("b2b-saas")
    working.apply(
        set_fields(working, Kind.META, "meta", time_zone="Europe/Berlin", work_days="Mon-Fri")
    )
    plain = load_template("b2b-saas")
    plain.apply(set_fields(plain, Kind.META, "meta", time_zone=""))
    sample = deals(working, count)
    now = 1_767_225_600 + 400 * DAY
    timed(working, sample[:50], now)  # warm up
    figure = min(timed(working, sample, now) for _ in range(3))
    baseline = min(timed(plain, sample, now) for _ in range(3))
    print(
        json.dumps(
            {
                "benchmark": "first_touch",
                "deals": count,
                "replay_working_hours_s": round(figure, 4),
                "baseline_plain_hours_s": round(baseline, 4),
                "ratio": round(figure / baseline, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
