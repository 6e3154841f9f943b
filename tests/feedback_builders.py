"""Playbooks with sales' feedback on their leads: a small one whose figures a test can count
by hand; and the sample with a few hundred leads handed over at its MQL → SQL handoff, sales'
verdicts on most of them (reasons from an agreed list, comments with markup-like text), and
deals that carry a lead source and campaign, to look at the feedback sections on."""

from __future__ import annotations

import datetime
import random

from builders import tiny_data
from journeyapp.models.codec import playbook_from_dict, playbook_to_dict
from journeyapp.models.playbook import Playbook
from journeyapp.models.templates import load_template

REASONS = ["No budget", "Wrong contact", "Not now", "Student or job seeker", "Competitor"]
OWNERS = ["Dana Reyes", "Lee Park", "Sam Okafor", "Priya Nair", ""]
SOURCES = ["Webinar", "Paid Social", "Organic Search", ""]
CAMPAIGNS = ["2026 Spring webinar series", "Retargeting Q3", ""]
COMMENTS = [
    "Called twice, the contact left the company in May.",
    "Budget frozen until <next year> & no champion.",
    "Asked for pricing only; a student writing a thesis.",
    "Already signed with a competitor last month.",
    "",
]
DAY = 86_400


def _seconds(day: datetime.date) -> int:
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())


def sample_with_feedback(leads: int = 300, seed: int = 19) -> Playbook:
    """The sample plus ``leads`` leads that reached MQL between 2026-04 and 2026-12: about
    three in four carry a verdict; owner "Lee Park" gives almost none."""
    rng = random.Random(seed)
    data = playbook_to_dict(load_template("b2b-saas"))
    handoff = next(h for h in data["handoffs"] if h["id"] == "ho-mql-sql")
    handoff["reasons"] = REASONS
    made = []
    for n in range(leads):
        day = datetime.date(2026, 4, 1) + datetime.timedelta(days=rng.randrange(270))
        at = _seconds(day)
        owner = OWNERS[n % len(OWNERS)]
        path = [["stage-mql", "marketingqualifiedlead", at, None]]
        lead = {
            "id": f"lead-{n}",
            "name": f"Lead {n:03d} at Account {n % 37}",
            "owner": owner,
            "lead_source": SOURCES[n % len(SOURCES)],
            "campaign": CAMPAIGNS[n % len(CAMPAIGNS)],
            "path": path,
        }
        silent = owner == "Lee Park" and n % 10 != 0
        if not silent and rng.random() < 0.85:
            outcome = rng.choice(["accepted", "rejected", "rejected", "recycled"])
            reason = rng.choice(REASONS) if outcome != "accepted" else ""
            given = day + datetime.timedelta(days=rng.randrange(1, 6))
            lead["verdicts"] = {
                "ho-mql-sql": {
                    "outcome": outcome,
                    "reason": reason,
                    "by": owner or "Sales desk",
                    "at": f"{given.isoformat()}T10:00:00",
                    "comment": rng.choice(COMMENTS),
                }
            }
            if outcome == "accepted":
                path[0][3] = at + DAY
                path.append(["stage-sql", "salesqualifiedlead", at + DAY, None])
        made.append(lead)
    data["leads"] = made
    for n, deal in enumerate(data["deals"]):
        deal["lead_source"] = SOURCES[n % len(SOURCES)]
        deal["campaign"] = CAMPAIGNS[n % len(CAMPAIGNS)]
    return playbook_from_dict(data)


NOV_2 = 1_793_577_600  # 2026-11-02 00:00 UTC, Q4
AUG_3 = 1_785_715_200  # 2026-08-03 00:00 UTC, Q3
HOSTILE = "Budget <b>frozen</b> & <img src='/etc/passwd'/> until 2027"


def _verdict(outcome, reason="", day=5, comment="", by="Sam"):
    at = f"2026-11-{day:02d}T10:00:00"
    return {"outcome": outcome, "reason": reason, "by": by, "at": at, "comment": comment}


def _lead(number, when, owner, verdict=None):
    lead = {
        "id": f"lead-{number}",
        "name": f"Lead {number}",
        "owner": owner,
        "path": [["mql", "MQL", when, None]],
    }
    if verdict:
        lead["verdicts"] = {"h2": verdict}
    return lead


def feedback_playbook(rejections_for_budget: int = 3, sql_to_won_cross_team: bool = False):
    """Five leads at MQL → SQL: Dana's three in Q4 all judged, Lee's two in Q3 with none; and
    ``rejections_for_budget`` more in Q4, rejected for "No budget", day by day. With
    ``sql_to_won_cross_team``, SQL → Won is a cross-team handoff no lead reached."""
    data = tiny_data()
    handoffs = {h["id"]: h for h in data["handoffs"]}
    handoffs["h2"].update(kind="cross_team", reasons=["No budget", "Wrong contact"])
    if sql_to_won_cross_team:
        handoffs["h3"]["kind"] = "cross_team"
    leads = [
        _lead(1, NOV_2, "Dana", _verdict("accepted")),
        _lead(2, NOV_2, "Dana", _verdict("rejected", "Wrong contact", comment=HOSTILE)),
        _lead(3, NOV_2, "Dana", _verdict("recycled", "No budget")),
        _lead(4, AUG_3, "Lee"),
        _lead(5, AUG_3, "Lee"),
    ]
    leads += [
        _lead(100 + n, NOV_2, "Dana", _verdict("rejected", "No budget", day=1 + n, by="Ana"))
        for n in range(rejections_for_budget)
    ]
    data["leads"] = leads
    return playbook_from_dict(data)
