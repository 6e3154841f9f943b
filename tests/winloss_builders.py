"""Playbooks for the win/loss tests: closed deals whose stated reasons and root causes are
counted by hand in the tests, and interviews with tagged quotes on some of them."""

from __future__ import annotations

import datetime

from journeyapp.models import interviews
from journeyapp.models.change import Kind
from journeyapp.models.entities import Deal, DealOutcome, DealStep, LossType
from journeyapp.models.operations import set_fields
from journeyapp.models.templates import blank_playbook, load_template

WON, LOST, OPEN = DealOutcome.WON, DealOutcome.LOST, DealOutcome.OPEN


def _deal(number, outcome, stated, cause, segment="Mid-market", loss=LossType.NONE):
    return Deal(
        f"deal-{number}",
        f"Deal {number}",
        segment=segment,
        outcome=outcome,
        stated_reason=stated,
        root_cause=cause,
        loss_type=loss,
    )


def deals_playbook():
    """Six closed deals and one open one; “Price” is stated three times, written three ways."""
    playbook = blank_playbook()
    for deal in (
        _deal(1, LOST, "Price", "No economic buyer", loss=LossType.COMPETITOR),
        _deal(2, LOST, "price ", "no  economic buyer", "SMB", LossType.NO_DECISION),
        _deal(3, LOST, "PRICE", "Pilot never tied to their target", loss=LossType.NO_DECISION),
        _deal(4, LOST, "Timing", "", "SMB", LossType.TIMING),
        _deal(5, WON, "Fast pilot", "Pilot tied to their target"),
        _deal(6, WON, "Price", "Champion sold the business case", "SMB"),
        _deal(7, OPEN, "Price", "No economic buyer"),
    ):
        playbook.deals.insert(deal)
    return playbook


def interviewed_playbook():
    """Deals 1 (lost, Mid-market) and 5 (won, Mid-market) interviewed; deal 1 twice, once by
    an independent interviewer; deal 2 (lost, SMB) by its own account executive."""
    playbook = deals_playbook()
    drivers = {d.name: d.id for d in playbook.drivers}
    for day, (deal, independent, quotes) in enumerate(
        (
            ("deal-1", False, [("Too expensive for what it did", ["Price"])]),
            (
                "deal-1",
                True,
                [
                    ("Nobody with a budget ever saw it", ["Business case", "Price"]),
                    ("We never met their implementation lead", ["Implementation risk"]),
                ],
            ),
            ("deal-5", True, [("The pilot showed value in two weeks", ["Time to value"])]),
            ("deal-2", False, [("They listened", ["Trust in the team"]), ("Nothing else", [])]),
        ),
        start=1,
    ):
        add = interviews.add_interview(
            playbook, deal, "Dana", independent=independent, date=f"2026-11-0{day}"
        )
        playbook.apply(add)
        for text, names in quotes:
            playbook.apply(
                interviews.add_quote(playbook, add.entity.id, text, [drivers[n] for n in names])
            )
    return playbook


def _closed_on(number, outcome, stated, moment):
    """A deal whose closing row (the map's Won or Lost stage) was entered at ``moment``."""
    stage = "stage-won" if outcome is WON else "stage-lost"
    when = int(datetime.datetime.fromisoformat(moment).timestamp())
    return Deal(
        f"deal-q{number}",
        f"Closed {number}",
        outcome=outcome,
        stated_reason=stated,
        path=(DealStep("stage-sql", "SQL", when - 86400 * 30, when), DealStep(stage, "", when)),
    )


def quarters_playbook():
    """A New York team's five closed deals: two closed in its 2026-Q3, three in its 2026-Q4,
    two of them on a quarter's last evening, when UTC has already moved on."""
    playbook = load_template("b2b-saas")
    for interview in list(playbook.interviews):
        playbook.apply(interviews.remove_interview(playbook, interview.id))
    for deal in list(playbook.deals):
        playbook.deals.remove(deal.id)
    playbook.apply(set_fields(playbook, Kind.META, "meta", time_zone="America/New_York"))
    for deal in (
        _closed_on(1, LOST, "Price", "2026-08-20T14:00:00+00:00"),
        # 23:30 on 30 September in New York, 03:30 on 1 October in UTC: the team's Q3.
        _closed_on(2, WON, "Fast pilot", "2026-09-30T23:30:00-04:00"),
        _closed_on(3, LOST, "Price", "2026-10-15T14:00:00+00:00"),
        _closed_on(4, LOST, "No decision", "2026-11-02T14:00:00+00:00"),
        # 20:00 on 31 December in New York: still the team's Q4, though 2027 in UTC.
        _closed_on(5, LOST, "Price", "2027-01-01T01:00:00+00:00"),
    ):
        playbook.deals.insert(deal)
    return playbook
