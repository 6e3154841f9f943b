"""Why we win and lose, across the closed deals: the stated reason against the root cause
(reason texts grouped without regard to case and spacing, shown as users wrote them), which
deals have an interview, and the decision drivers the interview quotes are tagged with.
Narrowed, when asked, to one outcome, one segment, one loss type or the deals that closed in
one period (the team's calendar days, as the funnel counts them)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING

from journeyapp.models.calendar_days import calendar_zone, day_of
from journeyapp.models.entities import Deal, DealOutcome, Interview, LossType
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook
from journeyapp.models.replay import close_time
from journeyapp.models.words import count

if TYPE_CHECKING:  # the funnel's import chain reaches back here (the deal importer)
    from journeyapp.models.funnel import Period

NO_REASON = "(no reason stated)"
NO_CAUSE = "(no root cause found)"
NO_SEGMENT = "(no segment)"
CLOSED = (DealOutcome.WON, DealOutcome.LOST)


# How an export may word each loss type (compared as reason texts are).
LOSS_TYPE_WORDS = {
    LossType.COMPETITOR: ("competitor", "lost to competitor", "competition", "chose a competitor"),
    LossType.NO_DECISION: ("no decision", "no-decision", "no_decision", "status quo"),
    LossType.TIMING: ("timing", "bad timing", "not now"),
    LossType.DISQUALIFIED: ("disqualified", "not a fit", "no fit"),
}


def loss_type_of(words: str) -> LossType:
    """The loss type an export's words name; NONE for words that name none of them."""
    key = reason_key(words)
    return next((t for t, said in LOSS_TYPE_WORDS.items() if key in said), LossType.NONE)


def reason_key(text: str) -> str:
    """What two wordings of one reason share: "Price ", "price" and "PRICE" are one."""
    return " ".join(text.split()).casefold()


@frozen_record
class DealFilter:
    """Which closed deals to look at; None: all of them."""

    outcome: DealOutcome | None = None
    segment: str | None = None  # compared as reason texts are
    loss_type: LossType | None = None
    period: Period | None = None  # the deals whose close falls in it

    def admits(self, deal: Deal, playbook: Playbook | None = None) -> bool:
        """Whether the deal is looked at; a period needs the ``playbook`` (its time zone, and
        its map's closing stages to date the close by)."""
        return (
            deal.outcome in CLOSED
            and (self.outcome is None or deal.outcome is self.outcome)
            and (self.segment is None or reason_key(deal.segment) == reason_key(self.segment))
            and (self.loss_type is None or deal.loss_type is self.loss_type)
            and (
                self.period is None
                or self.period.start <= closed_on(playbook, deal) < self.period.end
            )
        )

    def words(self) -> str:
        """ "lost deals in Mid-market closed in 2026-Q4, loss type competitor", "deals closed in
        2026-Q3", or "all closed deals"."""
        closed = "deals" if self.period is not None else "closed deals"  # "closed in" says it
        noun = f"{self.outcome.value} deals" if self.outcome else closed
        narrowed = self.outcome or self.segment is not None or self.loss_type or self.period
        parts = [noun if narrowed else "all closed deals"]
        if self.segment is not None:
            parts[0] += f" in {self.segment or NO_SEGMENT}"
        if self.period is not None:
            parts[0] += f" closed in {self.period.label}"
        if self.loss_type is not None:
            parts.append(f"loss type {self.loss_type.label.lower()}")
        return ", ".join(parts)


@frozen_record
class ReasonRow:
    """One stated reason: how many deals gave it, the root causes found behind it, and how
    those deals split by outcome, segment and loss type (each most first)."""

    stated: str
    deals: int
    causes: tuple[tuple[str, int], ...]
    outcomes: tuple[tuple[str, int], ...]
    segments: tuple[tuple[str, int], ...]
    loss_types: tuple[tuple[str, int], ...]

    def sentence(self) -> str:
        """ "“Price” stated 3 times: root cause “No economic buyer” 2 times, … 1 time"."""
        causes = ", ".join(f"“{cause}” {count(n, 'time')}" for cause, n in self.causes)
        return f"“{self.stated}” stated {count(self.deals, 'time')}: root cause {causes}"

    def split_words(self) -> str:
        """ "lost 3 · Mid-market 2, SMB 1 · competitor 1, no decision 2"."""
        parts = [self.outcomes, self.segments, self.loss_types]
        return " · ".join(", ".join(f"{name} {n}" for name, n in part) for part in parts if part)


@frozen_record
class Unstated:
    """The closed deals whose buyer gave no reason: not a reason of their own, so counted apart
    from the stated reasons, by outcome, with any root causes the team found behind them."""

    won: int = 0
    lost: int = 0
    causes: tuple[tuple[str, int], ...] = ()

    @property
    def deals(self) -> int:
        return self.won + self.lost

    def sentence(self) -> str:
        """ "3 closed deals (2 won, 1 lost) gave no reason and are left out of the stated
        reasons; root cause found behind them: “Never met the CFO” 1 time."; "" for none."""
        if not self.deals:
            return ""
        split = ", ".join(
            f"{n:,} {outcome}" for outcome, n in (("won", self.won), ("lost", self.lost)) if n
        )
        verb = "is" if self.deals == 1 else "are"
        words = (
            f"{count(self.deals, 'closed deal')} ({split}) gave no reason and {verb} left out "
            "of the stated reasons"
        )
        if self.causes:
            causes = ", ".join(f"“{cause}” {count(n, 'time')}" for cause, n in self.causes)
            words += f"; root cause found behind {'it' if self.deals == 1 else 'them'}: {causes}"
        return words + "."


@frozen_record
class CoverageRow:
    """In one segment: the won and lost deals, how many have an interview, and how many have
    one by an independent interviewer."""

    segment: str
    won: int = 0
    won_interviewed: int = 0
    won_independent: int = 0
    lost: int = 0
    lost_interviewed: int = 0
    lost_independent: int = 0

    def words(self) -> str:
        return (
            f"won {self.won_interviewed} of {self.won} interviewed "
            f"({self.won_independent} independently), lost {self.lost_interviewed} of "
            f"{self.lost} ({self.lost_independent} independently)"
        )


@frozen_record
class DriverCount:
    """A decision driver: the quotes tagged with it, by the outcome of their deal, and a few
    of them as examples (with the deal each came from)."""

    driver: str  # id
    name: str
    won: int
    lost: int
    examples: tuple[tuple[str, str], ...]  # (quote, deal name)

    @property
    def quotes(self) -> int:
        return self.won + self.lost


@frozen_record
class WinLossReport:
    filter: DealFilter
    matrix: list[ReasonRow]
    coverage: list[CoverageRow]  # by segment; the last row is every segment together
    drivers: list[DriverCount]
    deals: int  # the closed deals looked at
    interviews: int = 0
    unstated: Unstated = field(default_factory=Unstated)
    quotes_untagged: int = field(default=0)


def closed_on(playbook: Playbook, deal: Deal) -> datetime.date:
    """The day a closed deal closed on, in the team's time zone; the earliest day there is
    for one whose close is not known (no steps), so that it falls in no period."""
    moment = close_time(playbook, deal)
    return datetime.date.min if moment is None else day_of(moment, calendar_zone(playbook.meta))


def closed_deals(playbook: Playbook, deal_filter: DealFilter) -> list[Deal]:
    return [deal for deal in playbook.deals if deal_filter.admits(deal, playbook)]


def closing_quarters(playbook: Playbook) -> list[str]:
    """The quarters closed deals closed in, in the team's time zone, newest first."""
    from journeyapp.models.funnel import quarter_label

    days = (closed_on(playbook, d) for d in playbook.deals if d.outcome in CLOSED)
    return sorted({quarter_label(day) for day in days if day != datetime.date.min}, reverse=True)


def _wording(texts: Iterable[str], empty: str) -> dict[str, str]:
    """Each reason key to the words users wrote most often for it (the first, on a tie)."""
    seen: dict[str, Counter] = {}
    for text in texts:
        seen.setdefault(reason_key(text), Counter())[" ".join(text.split()) or empty] += 1
    return {key: wordings.most_common(1)[0][0] for key, wordings in seen.items()}


def _most_first(counter: Counter) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0].casefold())))


def reason_matrix(deals: list[Deal], worded: list[Deal] | None = None) -> list[ReasonRow]:
    """The stated reasons (won and lost deals alike), the most stated first, each with the root
    causes found behind it; each shown in the words most used across ``worded`` (default:
    ``deals``), so narrowing the deals never changes how a reason reads. Deals that state no
    reason are left out: see ``unstated``."""
    worded = deals if worded is None else worded
    stated = _wording((d.stated_reason for d in worded), NO_REASON)
    causes = _wording((d.root_cause for d in worded), NO_CAUSE)
    segments = _wording((d.segment for d in worded), NO_SEGMENT)
    grouped: dict[str, list[Deal]] = {}
    for deal in deals:
        if reason_key(deal.stated_reason):
            grouped.setdefault(reason_key(deal.stated_reason), []).append(deal)
    rows = [
        ReasonRow(
            stated=stated[key],
            deals=len(group),
            causes=_most_first(Counter(causes[reason_key(d.root_cause)] for d in group)),
            outcomes=_most_first(Counter(d.outcome.value for d in group)),
            segments=_most_first(Counter(segments[reason_key(d.segment)] for d in group)),
            loss_types=_most_first(
                Counter(d.loss_type.label.lower() for d in group if d.outcome is DealOutcome.LOST)
            ),
        )
        for key, group in grouped.items()
    ]
    return sorted(rows, key=lambda row: (-row.deals, row.stated.casefold()))


def unstated(deals: list[Deal], worded: list[Deal] | None = None) -> Unstated:
    """The deals among ``deals`` that state no reason, apart from the stated reasons."""
    silent = [d for d in deals if not reason_key(d.stated_reason)]
    causes = _wording((d.root_cause for d in (deals if worded is None else worded)), NO_CAUSE)
    found = Counter(causes[reason_key(d.root_cause)] for d in silent if reason_key(d.root_cause))
    return Unstated(
        won=sum(d.outcome is DealOutcome.WON for d in silent),
        lost=sum(d.outcome is DealOutcome.LOST for d in silent),
        causes=_most_first(found),
    )


def interviews_by_deal(playbook: Playbook) -> dict[str, list[Interview]]:
    found: dict[str, list[Interview]] = {}
    for interview in sorted(playbook.interviews, key=lambda i: (i.date, i.id)):
        found.setdefault(interview.deal, []).append(interview)
    return found


def interview_coverage(
    playbook: Playbook, deals: list[Deal], worded: list[Deal] | None = None
) -> list[CoverageRow]:
    """Per segment (alphabetical), then all together: how many won and lost deals have an
    interview, and how many an independent one."""
    by_deal = interviews_by_deal(playbook)
    segments = _wording((d.segment for d in (deals if worded is None else worded)), NO_SEGMENT)
    tallies: dict[str, Counter] = {}
    for deal in deals:
        for key in (segments[reason_key(deal.segment)], None):
            tally = tallies.setdefault(key, Counter())
            outcome = deal.outcome.value
            interviews = by_deal.get(deal.id, [])
            tally[outcome] += 1
            tally[f"{outcome}_interviewed"] += bool(interviews)
            tally[f"{outcome}_independent"] += any(i.independent for i in interviews)
    named = sorted((k for k in tallies if k is not None), key=str.casefold)
    return [
        CoverageRow(segment="All segments" if key is None else key, **tallies.get(key, {}))
        for key in (*named, None)
    ]


def top_drivers(playbook: Playbook, deals: list[Deal], examples: int = 2) -> list[DriverCount]:
    """The decision drivers tagged on quotes from these deals' interviews, the most tagged
    first (drivers never tagged are left out), each with its first quotes as examples."""
    by_deal = interviews_by_deal(playbook)
    won: Counter = Counter()
    lost: Counter = Counter()
    quotes: dict[str, list[tuple[str, str]]] = {}
    for deal in deals:
        for interview in by_deal.get(deal.id, []):
            for quote in interview.quotes:
                for driver in quote.drivers:
                    if driver not in playbook.drivers:
                        continue
                    (won if deal.outcome is DealOutcome.WON else lost)[driver] += 1
                    quotes.setdefault(driver, []).append((quote.text, deal.name))
    order = {driver_id: i for i, driver_id in enumerate(playbook.drivers.ids())}
    tagged = sorted(quotes, key=lambda d: (-(won[d] + lost[d]), order[d]))
    return [
        DriverCount(d, playbook.drivers[d].name, won[d], lost[d], tuple(quotes[d][:examples]))
        for d in tagged
    ]


def drivers_by_stage(playbook: Playbook) -> dict[str, tuple[tuple[str, int], ...]]:
    """The decision drivers pinned to each stage: tagged on quotes from interviews whose
    decision tilted there, each with how many quotes, the most first (stages with none left
    out)."""
    counted: dict[str, Counter] = {}
    for interview in playbook.interviews:
        if interview.tilt_stage is not None:
            tally = counted.setdefault(interview.tilt_stage, Counter())
            for quote in interview.quotes:
                tally.update(d for d in quote.drivers if d in playbook.drivers)
    order = {driver_id: i for i, driver_id in enumerate(playbook.drivers.ids())}
    return {
        stage: tuple(
            (playbook.drivers[d].name, tally[d])
            for d in sorted(tally, key=lambda d: (-tally[d], order[d]))
        )
        for stage, tally in counted.items()
        if tally
    }


def stage_drivers(playbook: Playbook, stage_id: str) -> list[tuple[str, int]]:
    """The decision drivers pinned to one stage (see ``drivers_by_stage``)."""
    return list(drivers_by_stage(playbook).get(stage_id, ()))


def winloss_report(playbook: Playbook, deal_filter: DealFilter | None = None) -> WinLossReport:
    deal_filter = deal_filter or DealFilter()
    deals = closed_deals(playbook, deal_filter)
    every = closed_deals(playbook, DealFilter())
    ids = {deal.id for deal in deals}
    interviews = [i for i in playbook.interviews if i.deal in ids]
    return WinLossReport(
        filter=deal_filter,
        matrix=reason_matrix(deals, every),
        coverage=interview_coverage(playbook, deals, every),
        drivers=top_drivers(playbook, deals),
        deals=len(deals),
        interviews=len(interviews),
        quotes_untagged=sum(not q.drivers for i in interviews for q in i.quotes),
        unstated=unstated(deals, every),
    )


def segments_of(playbook: Playbook) -> list[str]:
    """The segments the closed deals name, as written, alphabetical."""
    closed = [d for d in playbook.deals if d.outcome in CLOSED and d.segment.strip()]
    return sorted(_wording((d.segment for d in closed), NO_SEGMENT).values(), key=str.casefold)


TITLE = "Why we win and lose"
NO_CLOSED_DEALS = (
    "No won or lost deals yet: import the deals from the CRM (File → Import Deals in the app, "
    "or journeyapp import-deals), then record what each buyer said and the root cause the "
    "team found; this then shows what lies behind each stated reason."
)
MATRIX_MEANING = (
    "What buyers said (the stated reason) against what the team found behind it (the root "
    "cause), the most stated first, for won and lost deals alike. Reasons written differently "
    "only in case or spacing count as one; deals that gave no reason are counted apart."
)
DRIVERS_MEANING = (
    "The decision drivers the interview quotes are tagged with, the most tagged first, by "
    "whether the deal was won or lost, with the buyers' own words."
)
NO_DRIVERS = "No interview quote is tagged with a decision driver yet."
COVERAGE_MEANING = (
    "How many won and lost deals have at least one interview, and how many have one by an "
    "interviewer independent of the deal: buyers tell an outsider more."
)
COVERAGE_COLUMNS = (
    "Segment",
    "Won",
    "Interviewed",
    "Independent",
    "Lost",
    "Interviewed",
    "Independent",
)


def coverage_numbers(row: CoverageRow) -> tuple[int, ...]:
    return (
        row.won,
        row.won_interviewed,
        row.won_independent,
        row.lost,
        row.lost_interviewed,
        row.lost_independent,
    )


def summary_words(report: WinLossReport) -> str:
    """ "6 closed deals (2 won, 4 lost), 4 interviews"."""
    every = report.coverage[-1]
    return (
        f"{count(report.deals, 'closed deal')} ({every.won:,} won, {every.lost:,} lost), "
        f"{count(report.interviews, 'interview')}"
    )


def report_dict(report: WinLossReport) -> dict:
    """The report as JSON-ready data, for scripts."""
    f = report.filter
    return {
        "filter": {
            "outcome": f.outcome.value if f.outcome else None,
            "segment": f.segment,
            "loss_type": f.loss_type.value if f.loss_type is not None else None,
            "period": f.period.label if f.period is not None else None,
        },
        "deals": report.deals,
        "interviews": report.interviews,
        "matrix": [
            {
                "stated_reason": row.stated,
                "deals": row.deals,
                "root_causes": [{"root_cause": c, "deals": n} for c, n in row.causes],
                "by_outcome": dict(row.outcomes),
                "by_segment": dict(row.segments),
                "by_loss_type": dict(row.loss_types),
            }
            for row in report.matrix
        ],
        "no_reason_stated": {
            "deals": report.unstated.deals,
            "won": report.unstated.won,
            "lost": report.unstated.lost,
            "root_causes": [{"root_cause": c, "deals": n} for c, n in report.unstated.causes],
        },
        "top_drivers": [
            {
                "driver": d.name,
                "id": d.driver,
                "quotes": d.quotes,
                "won": d.won,
                "lost": d.lost,
                "examples": [{"quote": q, "deal": deal} for q, deal in d.examples],
            }
            for d in report.drivers
        ],
        "coverage": [
            {
                "segment": row.segment,
                **dict(zip(_COVERAGE_KEYS, coverage_numbers(row), strict=True)),
            }
            for row in report.coverage
        ],
    }


def _coverage_dict(row: CoverageRow) -> dict[str, int]:
    return dict(zip(_COVERAGE_KEYS, coverage_numbers(row), strict=True))


_COVERAGE_KEYS = (
    "won",
    "won_interviewed",
    "won_independent",
    "lost",
    "lost_interviewed",
    "lost_independent",
)
