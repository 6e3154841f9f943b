"""An improvement's result and the agenda's win rate read as their figures show: the change a
sentence states is the difference of the two figures it prints, halves round up (5 of 8 is
63 %), "1 point" and "1 day" are singular, and two figures that read the same are "no change"."""

from __future__ import annotations

import datetime
import re
from fractions import Fraction

import pytest
from funnel_builders import deal, funnel_playbook, path
from journeyapp.models.entities import ImprovementMeasure
from journeyapp.models.improvement_results import MeasuredResult, Reading
from journeyapp.models.meeting_agenda import agenda_for
from journeyapp.models.review_entities import Cadence

DAY = datetime.date(2026, 10, 1)
PERCENT = re.compile(r"(\d+) % \(.*?\) against (\d+) % \(.*?\) before: (.*)$")
DAYS = re.compile(r"([\d.]+) days \(.*?\) against ([\d.]+) days \(.*?\) before: (.*)$")


def result(measure, during: float, before: float) -> MeasuredResult:
    return MeasuredResult(measure, Reading(before, 8, DAY, DAY), Reading(during, 8, DAY, DAY), True)


def stated_change(words: str, unit: str) -> Fraction:
    """The change the sentence states, signed, checking its noun agrees with its number."""
    if words == "no change":
        return Fraction(0)
    direction, amount, noun = words.split()
    assert noun == (unit if amount == "1" else unit + "s"), words
    assert direction in ("up", "down"), words
    return Fraction(amount) * (1 if direction == "up" else -1)


def half_up_percent(won: int, of: int) -> int:
    """The share as a whole percentage, halves going up, worked out exactly."""
    return int(Fraction(won * 100, of) + Fraction(1, 2))


SHARES = [(won, of) for of in range(3, 13) for won in range(of + 1)]


@pytest.mark.parametrize("measure", [ImprovementMeasure.WIN_RATE, ImprovementMeasure.CONVERSION])
def test_a_rates_change_is_the_difference_of_the_two_percentages_it_shows(measure):
    for won_during, during_of in SHARES:
        for won_before, before_of in SHARES:
            words = result(measure, won_during / during_of, won_before / before_of).words
            during, before, change = PERCENT.search(words).groups()
            assert int(during) == half_up_percent(won_during, during_of), words
            assert int(before) == half_up_percent(won_before, before_of), words
            assert stated_change(change, "point") == int(during) - int(before), words


def test_five_of_eight_reads_63_percent_and_a_one_point_move_is_singular():
    words = result(ImprovementMeasure.WIN_RATE, 5 / 8, 1 / 2).words
    assert words.startswith("Win rate 63 % (8 deals) against 50 % (8 deals) before")
    assert words.endswith(": up 13 points")
    words = result(ImprovementMeasure.WIN_RATE, 0.36, 0.37).words
    assert words.endswith("36 % (8 deals) against 37 % (8 deals) before: down 1 point")


@pytest.mark.parametrize(
    "during, before",
    [(10.0, 10.4), (9.6, 10.4), (9.4, 10.4), (10.45, 9.6), (10.44, 10.4), (10.04, 9.96)]
    + [(twentieths / 20, 10.0) for twentieths in range(150, 260)],
)
def test_days_in_stage_change_is_the_difference_of_the_days_it_shows(during, before):
    words = result(ImprovementMeasure.DAYS_IN_STAGE, during, before).words
    shown_during, shown_before, change = DAYS.search(words).groups()
    for value, shown in ((during, shown_during), (before, shown_before)):
        exact = Fraction(repr(value))  # the median as a person would write it
        assert Fraction(shown) == int(exact * 10 + Fraction(1, 2)) / Fraction(10), words
    assert stated_change(change, "day") == Fraction(shown_during) - Fraction(shown_before), words


def test_days_that_read_the_same_are_no_change_and_not_better():
    measured = MeasuredResult(
        ImprovementMeasure.DAYS_IN_STAGE,
        Reading(10.41, 8, DAY, DAY),
        Reading(10.38, 8, DAY, DAY),
        True,
    )
    assert measured.words.endswith(
        "10.4 days (8 deals) against 10.4 days (8 deals) before: no change"
    )
    assert measured.better is None


def _closed_since(number: int, outcome: str) -> dict:
    steps = path("2026-11-02", "visitor", "mql", "sql", outcome, gaps=(2, 2, 2))
    return deal(number, steps, outcome=outcome)


def test_the_agendas_win_rate_rounds_halves_up():
    deals = [_closed_since(n, "won") for n in range(5)]
    deals += [_closed_since(n, "lost") for n in range(5, 8)]
    playbook = funnel_playbook(deals=deals)
    agenda = agenda_for(playbook, Cadence.MONTHLY, datetime.date(2026, 11, 30))
    assert f"Win rate of those: {half_up_percent(5, 8)} % of 8 deals" in agenda.numbers
