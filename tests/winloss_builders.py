"""Playbooks for the win/loss tests: closed deals whose stated reasons and root causes are
counted by hand in the tests, and interviews with tagged quotes on some of them."""

from __future__ import annotations

from journeyapp.models import interviews
from journeyapp.models.entities import Deal, DealOutcome, LossType
from journeyapp.models.templates import blank_playbook

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
