"""The funnel worked back over many records: the plan (rates with intervals, dates, actuals)
and the split by lead source.

Workload: the sample map with 100,000 leads from five sources, a fifth of them followed into
deals (--quick: a tenth). Baseline, same run: one bare pass over every record's steps that
counts the stages entered, the least any funnel over these records must do.
Prints one JSON object on its last line.

    python benchmarks/bench_funnel.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import statistics
import time

from journeyapp.models.by_source import split_by
from journeyapp.models.change import Kind
from journeyapp.models.edits import PutEntities
from journeyapp.models.entities import Deal, DealOutcome, DealStep, Lead
from journeyapp.models.funnel import main_line, parse_period, plan
from journeyapp.models.funnel_records import funnel_records
from journeyapp.models.templates import load_template

DAY = 86_400
TOP = ("stage-lead", "stage-mql", "stage-sql")
OPPORTUNITY = ("stage-discovery", "stage-proposal", "stage-negotiation", "stage-won")
SOURCES = ("Webinar", "Paid Search", "Paid Social", "Events", "")


def steps(stages, start: int, rng: random.Random) -> tuple[DealStep, ...]:
    times = [start]
    for _ in stages[1:]:
        times.append(times[-1] + rng.randint(2, 20) * DAY)
    return tuple(
        DealStep(s, s, t, times[n + 1] if n + 1 < len(times) else None)
        for n, (s, t) in enumerate(zip(stages, times, strict=True))
    )


def playbook_with(leads: int):
    rng = random.Random(19)
    playbook = load_template("b2b-saas")
    start = int(datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC).timestamp())
    made_leads, made_deals = [], []
    for n in range(leads):
        depth = rng.choices((1, 2, 3), (60, 20, 20))[0]
        when = start + rng.randrange(90) * DAY
        path = steps(TOP[:depth], when, rng)
        deal = f"opp-{n}" if depth == 3 else None
        source = SOURCES[n % len(SOURCES)]
        made_leads.append(Lead(f"lead-{n}", f"Lead {n}", lead_source=source, path=path, deal=deal))
        if deal:
            onward = ("stage-sql", *OPPORTUNITY[: rng.randint(1, 4)])
            made_deals.append(
                Deal(
                    deal,
                    f"Deal {n}",
                    source_id=deal,
                    amount=30_000.0,
                    outcome=DealOutcome.WON if onward[-1] == "stage-won" else DealOutcome.LOST,
                    lead_source=source,
                    path=steps(onward, path[-1].entered, rng),
                )
            )
    playbook.apply(PutEntities(Kind.LEAD, tuple(made_leads), label="leads"))
    playbook.apply(PutEntities(Kind.DEAL, tuple(made_deals), label="deals"))
    return playbook


def median_s(work, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    leads = 10_000 if parser.parse_args().quick else 100_000
    playbook = playbook_with(leads)
    q4, q3 = parse_period("2026-Q4"), parse_period("2026-Q3")

    def bare_pass() -> None:
        counts: dict[str, int] = {}
        for record in (*playbook.leads, *playbook.deals):
            for step in record.path:
                counts[step.stage] = counts.get(step.stage, 0) + 1

    def by_source() -> None:
        split_by(playbook, main_line(playbook), funnel_records(playbook))

    baseline = median_s(bare_pass, 5)
    plan_s = median_s(lambda: plan(playbook, 3.6e6, 30_000, q4, q3), 5)
    split_s = median_s(by_source, 3)
    print(
        json.dumps(
            {
                "leads": leads,
                "deals": len(playbook.deals),
                "plan_median_s": round(plan_s, 3),
                "by_source_median_s": round(split_s, 3),
                "baseline_bare_pass_median_s": round(baseline, 3),
                "ratio": round(plan_s / baseline, 1),
                "targets": {"plan_s": 2.0, "ratio": 25},
            }
        )
    )


if __name__ == "__main__":
    main()
