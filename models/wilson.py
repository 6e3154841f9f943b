"""A measured rate with its sample size and a 90 % Wilson score interval.

The Wilson interval stays inside 0–1 and means something for small samples and for
rates of 0 or 1, where the usual ± interval collapses to a point.
"""

from __future__ import annotations

import math

from journeyapp.models.frozen_records import frozen_record

Z_90 = 1.6448536269514722  # two-sided 90 %: the normal quantile at 0.95
FEW = 20  # fewer records than this: the rate is shown greyed, with its count


@frozen_record
class Rate:
    successes: int
    trials: int
    low: float
    high: float

    @property
    def value(self) -> float:
        return self.successes / self.trials

    @property
    def thin(self) -> bool:
        """Too few records to lean on."""
        return self.trials < FEW

    def below(self, target: float) -> bool:
        """The whole interval lies under ``target``: the shortfall is more than chance."""
        return self.high < target

    def words(self) -> str:
        """“30% (12–55%, n=20)”."""
        return f"{percent(self.value)} ({interval(self)}, n={self.trials:,})"


def wilson(successes: int, trials: int, z: float = Z_90) -> Rate | None:
    """``successes`` out of ``trials`` with its Wilson score interval; None without trials."""
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError(f"{successes} successes out of {trials} trials")
    p = successes / trials
    z2 = z * z
    scale = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / scale
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / scale
    return Rate(successes, trials, max(0.0, centre - half), min(1.0, centre + half))


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.3g}%"


def interval(rate: Rate, target: float | None = None) -> str:
    """ "54–93%"; an end that whole percents would round onto ``target`` from either side is
    shown as far as it differs ("…–59.96%" against 60%), so a proven gap never reads as one
    that is not."""
    return f"{_end(rate.low, target)}–{_end(rate.high, target)}%"


def _end(value: float, target: float | None) -> str:
    shown = f"{value * 100:.0f}"
    if target is None or value == target or float(shown) != round(target * 100, 6):
        return shown
    for places in range(1, 6):
        shown = f"{value * 100:.{places}f}"
        if float(shown) != round(target * 100, 6):
            return shown.rstrip("0")
    return shown
