"""A closed-loop demo on the sample playbook, for screenshots and timing: 1,400 leads from
five sources (one left empty, as CRMs leave it) in 2026-Q3 and Q4, worked by three SDRs; the
ones that reached MQL handed to sales at MQL → SQL, most with a verdict and an agreed reason,
some still waiting; those sales accepted followed into deals; the reasons signed by both teams.
Beside them, 60 leads sales accepted, called and sent to Nurture / could not reach, some
after fewer attempts than MQL → SQL agrees (its contact process).

    from closed_loop_demo import add_demo; add_demo(playbook, apply)
"""

from __future__ import annotations

import datetime
import random

from journeyapp.models import handoff_reasons
from journeyapp.models.change import Kind
from journeyapp.models.edits import PutEntities
from journeyapp.models.entities import Deal, DealOutcome, DealStep, Lead, Touch, Verdict
from journeyapp.models.operations import set_fields

DAY = 86_400
MQL_SQL = "ho-mql-sql"
# source: (lead → MQL, accepted at MQL → SQL, rejected there), and its campaign
SOURCES = {
    "Webinar": ((0.24, 0.5, 0.12), "Q3 webinar series"),
    "Paid Search": ((0.18, 0.42, 0.15), "Brand search"),
    "Paid Social": ((0.2, 0.3, 0.45), "LinkedIn Q3"),
    "Events": ((0.3, 0.55, 0.1), "SaaStr booth"),
    "": ((0.15, 0.4, 0.15), ""),
}
WEIGHTS = [30, 25, 20, 10, 15]
OWNERS = ("Sam Ortiz", "Priya Nair", "Jonas Berg")
FEEDBACK_RATE = {"Sam Ortiz": 0.95, "Priya Nair": 0.85, "Jonas Berg": 0.55}
REASONS = {
    "No budget": ("Budget frozen until next fiscal year", "Only evaluating free tools", ""),
    "Wrong contact": ("Student downloading the guide", "Agency, not an end customer", ""),
    "Not now": ("Renewal with current vendor in 2027", "Asked to talk again in Q2", ""),
    "Too small": ("Team of three, below our minimum seats", ""),
}


def _seconds(day: datetime.date) -> int:
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())


def _path(steps: list[tuple[str, str, int]]) -> tuple[DealStep, ...]:
    return tuple(
        DealStep(stage, crm, when, steps[k + 1][2] if k + 1 < len(steps) else None)
        for k, (stage, crm, when) in enumerate(steps)
    )


def add_demo(playbook, apply, leads: int = 1400) -> None:
    rng = random.Random(19)
    apply(set_fields(playbook, Kind.HANDOFF, MQL_SQL, score_threshold=65))
    apply(handoff_reasons.set_reasons(playbook, MQL_SQL, list(REASONS)))
    apply(handoff_reasons.sign_off(playbook, MQL_SQL, "marketing", "Maya Lindqvist", "2026-10-01"))
    apply(handoff_reasons.sign_off(playbook, MQL_SQL, "sales", "Sam Ortiz", "2026-10-02"))
    made, deals = [], []
    for n in range(leads):
        source = rng.choices(list(SOURCES), WEIGHTS)[0]
        (to_mql, accept, reject), campaign = SOURCES[source]
        owner = rng.choice(OWNERS)
        start = datetime.date(2026, 7, 1) + datetime.timedelta(rng.randrange(125))
        when = _seconds(start)
        steps = [("stage-lead", "Subscriber", when)]
        verdicts, deal_id = {}, None
        if rng.random() < to_mql:
            when += rng.randint(3, 15) * DAY
            steps.append(("stage-mql", "Marketing Qualified Lead", when))
            later = rng.randint(1, 5) * DAY + rng.randint(8 * 3600, 18 * 3600)
            given = datetime.datetime.fromtimestamp(when + later, datetime.UTC)
            roll = rng.random()
            outcome = "rejected" if roll < reject else "recycled" if roll < reject + 0.08 else ""
            if not outcome and rng.random() < accept / (1 - reject - 0.08):
                outcome = "accepted"
            if outcome and rng.random() < FEEDBACK_RATE[owner]:
                reason = "" if outcome == "accepted" else rng.choice(list(REASONS))
                if outcome == "recycled":
                    reason = "Not now"
                comment = rng.choice(REASONS[reason]) if reason else ""
                verdicts[MQL_SQL] = Verdict(
                    outcome, reason, owner, given.strftime("%Y-%m-%dT%H:%M"), comment
                )
            if outcome == "accepted":
                when += rng.randint(2, 9) * DAY
                steps.append(("stage-sql", "Sales Qualified Lead", when))
                deal_id = f"opp-{n}"
        made.append(
            Lead(
                f"lead-{n}",
                f"Buyer {n}",
                owner=owner,
                lead_source=source,
                campaign=campaign,
                path=_path(steps),
                deal=deal_id,
                verdicts=verdicts,
            )
        )
        if deal_id:
            deals.append(_deal(rng, deal_id, n, owner, source, campaign, when))
    made += _given_up(random.Random(23), leads)
    apply(PutEntities(Kind.LEAD, tuple(made), label=f"Import {len(made):,} leads"))
    apply(PutEntities(Kind.DEAL, tuple(deals), label=f"Import {len(deals):,} deals"))


def _given_up(rng: random.Random, first: int, count: int = 60) -> list[Lead]:
    """Leads sales accepted at MQL → SQL, called some days, then sent to Nurture / could not
    reach; the calls go on past them (the activities imported reach to November)."""
    made = []
    for n in range(first, first + count):
        owner = rng.choice(OWNERS)
        when = _seconds(datetime.date(2026, 8, 1) + datetime.timedelta(rng.randrange(90)))
        days = rng.randint(2, 18)
        calls = rng.randint(1, 8)
        touches = tuple(
            Touch(when + (k * days * DAY) // calls + rng.randint(9, 17) * 3600, "call")
            for k in range(calls)
        )
        steps = [
            ("stage-mql", "Marketing Qualified Lead", when - rng.randint(1, 4) * DAY),
            ("stage-sql", "Sales Qualified Lead", when),
            ("stage-nurture", "Nurture", when + days * DAY),
        ]
        accepted = Verdict("accepted", "", owner, "", "")
        made.append(
            Lead(f"lead-{n}", f"Buyer {n}", owner=owner, lead_source="Webinar",
                 campaign="Q3 webinar series", path=_path(steps), touches=touches,
                 verdicts={MQL_SQL: accepted})
        )  # fmt: skip
    return made


def _deal(rng, deal_id, n, owner, source, campaign, when) -> Deal:
    steps = [("stage-sql", "SQL", when)]
    outcome = DealOutcome.WON
    for stage, rate, days in (
        ("stage-discovery", 0.62, (4, 12)),
        ("stage-proposal", 0.5, (8, 20)),
        ("stage-negotiation", 0.58, (7, 18)),
        ("stage-won", 0.68, (10, 25)),
    ):
        if rng.random() > rate:
            outcome = DealOutcome.LOST
            steps.append(("stage-lost", "Closed Lost", when + 5 * DAY))
            break
        when += rng.randint(*days) * DAY
        steps.append((stage, stage, when))
    return Deal(
        deal_id,
        f"Buyer {n}",
        source_id=deal_id,
        amount=30_000.0,
        owner=owner,
        outcome=outcome,
        lead_source=source,
        campaign=campaign,
        path=_path(steps),
    )
