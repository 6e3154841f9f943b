"""The receiving team's verdicts, and first touches, brought in with a lead import.

**Which status means what.** A status the receiving team sets once it has looked at the lead
is a verdict:

- accepted: it took the lead up. HubSpot's In Progress, Attempted to Contact, Connected and
  Open Deal; Salesforce's Working - Contacted and Closed - Converted (and any lead whose
  ``IsConverted`` is true: Salesforce counts several statuses as converted); also Qualified,
  Working, Contacted, Converted.
- rejected: HubSpot's Unqualified; Salesforce's Closed - Not Converted; also Disqualified.
- recycled: HubSpot's Bad Timing; also Nurture, Nurturing, Recycled.

New, Open and Open - Not Contacted say the lead waits for a verdict; a lead that waits but
already entered the stage the handoff leads to was accepted there (it could not have moved on
otherwise). Any other status gives no verdict, and the summary names it with its count, so
``--verdict "Hot=accepted"`` can say what it means. ``--verdict`` overrides any of these.

**Where it lands.** The lead status is the word of the team that works leads: the team that
receives them at the first cross-team handoff on the lead's path (a lead at MQL waiting for
sales, or one that went on to SQL, is judged at MQL → SQL). A lead was handed over at a
handoff as feedback coverage counts it (``feedback.Handovers``); the earliest handover is the
one. A lead handed over at no cross-team handoff gets no verdict, and is counted.

**Reasons.** A reason that is one of the handoff's agreed reasons (ignoring case) is stored as
the list spells it; one that is not goes into the comment, after "Reason in the CRM:", so
nothing is lost, and the summary counts them. A handoff with no agreed list takes any reason.

**App verdicts stay.** A verdict entered in the app is never overwritten; one an import
brought in (``Verdict.imported``) is updated by the next. A verdict a later export no longer
gives is left as it was; one it gives unchanged keeps the earlier of the dates the exports
give it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from journeyapp.models.entities import DealStep, Lead, Touch, Verdict, VerdictOutcome
from journeyapp.models.errors import EditError, quoted_briefly
from journeyapp.models.fields import FrozenMap
from journeyapp.models.lead_import.engagement import UNTYPED
from journeyapp.models.lead_import.records import LeadRecord
from journeyapp.models.playbook import Playbook
from journeyapp.models.verdicts import CRM_REASON_PREFIX
from journeyapp.models.words import count

ACCEPTED, REJECTED, RECYCLED = (
    VerdictOutcome.ACCEPTED,
    VerdictOutcome.REJECTED,
    VerdictOutcome.RECYCLED,
)
_STAGE = itemgetter(0)  # a step's map stage
WAITING = None  # a status that says no verdict has been given yet
UNKNOWN = object()  # a status that is not in the table
STATUS_OUTCOMES: dict[str, VerdictOutcome | None] = {
    # HubSpot's Lead Status (hs_lead_status) default options
    "new": WAITING,
    "open": WAITING,
    "in progress": ACCEPTED,
    "attempted to contact": ACCEPTED,
    "connected": ACCEPTED,
    "open deal": ACCEPTED,
    "unqualified": REJECTED,
    "bad timing": RECYCLED,
    # Salesforce's Lead Status picklist defaults
    "open - not contacted": WAITING,
    "working - contacted": ACCEPTED,
    "closed - converted": ACCEPTED,
    "closed - not converted": REJECTED,
    # common custom values, and the generic layout's words
    "qualified": ACCEPTED,
    "working": ACCEPTED,
    "contacted": ACCEPTED,
    "converted": ACCEPTED,
    "accepted": ACCEPTED,
    "disqualified": REJECTED,
    "rejected": REJECTED,
    "nurture": RECYCLED,
    "nurturing": RECYCLED,
    "recycled": RECYCLED,
}
NO_VERDICT_WORDS = ("none", "waiting", "")
# How many (status, owner, route) a lead import remembers the verdicts of: a status said with
# its own date on each lead makes each one new, and remembering those would only cost memory.
FRESH_KEPT = 4096


def _fold(text: str) -> str:
    """A status as the table holds it: HubSpot's internal values (IN_PROGRESS) as its labels."""
    return " ".join(text.replace("_", " ").split()).casefold()


def _same_verdict(earlier: Verdict, outcome, reason: str, by: str, comment: str) -> bool:
    return (earlier.outcome, earlier.reason, earlier.by, earlier.comment) == (
        outcome,
        reason,
        by,
        comment,
    )


def _first_day(earlier: str, now: str) -> str:
    """When an unchanged verdict was given: the earlier of the two dates its exports say. A
    lead's last modified date, which dates a verdict where no status-change date is exported,
    moves whenever any of its properties does."""
    if not earlier or not now:
        return earlier or now
    return min(earlier, now)


def status_outcomes(overrides: dict[str, str] | None = None) -> dict[str, VerdictOutcome | None]:
    """The status-to-verdict table with the user's ``--verdict`` overrides ("Bad Timing" →
    "recycled"; "none" marks a status that gives no verdict)."""
    table = dict(STATUS_OUTCOMES)
    for status, word in (overrides or {}).items():
        if _fold(word) in NO_VERDICT_WORDS:
            table[_fold(status)] = WAITING
            continue
        try:
            table[_fold(status)] = VerdictOutcome(_fold(word))
        except ValueError:
            raise EditError(
                f"--verdict takes accepted, rejected, recycled or none after “{status}=”, "
                f"not “{word}”."
            ) from None
    return table


@dataclass
class LeadFeedback:
    """The status table an import reads verdicts with, and what it made of them: counted
    anew each time the import edit is built."""

    outcomes: dict[str, VerdictOutcome | None] = field(default_factory=status_outcomes)
    landed: Counter = field(default_factory=Counter)  # (handoff id, outcome) → leads
    waiting: int = 0
    waiting_again: int = 0  # of those, leads that had a verdict there: it is kept
    unknown: Counter = field(default_factory=Counter)  # status as said → leads
    no_handoff: int = 0
    off_list: int = 0
    kept_from_app: int = 0
    touches: int = 0
    no_touch: Counter = field(default_factory=Counter)  # why a first engagement is none
    _handovers: Any = field(default=None, repr=False)  # feedback.Handovers, once started
    # Verdicts made, shared by the leads that have the same one (a million leads, few owners).
    _made: dict = field(default_factory=dict, repr=False)
    _statuses: dict = field(default_factory=dict, repr=False)  # status as said → outcome
    _routes: dict = field(default_factory=dict, repr=False)  # stages passed → first handover
    _alone: dict = field(default_factory=dict, repr=False)  # a verdict alone, as a lead's map
    # (status said, owner, route) → a lead's verdicts and what they counted, for new leads
    _fresh: dict = field(default_factory=dict, repr=False)

    def start(self, playbook: Playbook) -> None:
        from journeyapp.models.feedback import Handovers  # it reads leads through the funnel

        self.landed, self.unknown, self.no_touch = Counter(), Counter(), Counter()
        self.waiting = self.no_handoff = self.off_list = self.kept_from_app = self.touches = 0
        self.waiting_again = 0
        self._handovers = Handovers(playbook)
        self._made, self._statuses, self._routes, self._alone, self._fresh = {}, {}, {}, {}, {}

    def touches_of(self, record: LeadRecord, before: Lead | None) -> tuple[Touch, ...]:
        """The lead's touches: those it had, and its first engagement when that is one."""
        had = before.touches if before is not None else ()
        first = record.first_touch
        if isinstance(first, str):
            self.no_touch[first] += 1
        if not isinstance(first, Touch) or first in had:
            return had
        self.touches += 1
        return tuple(sorted({*had, first}))

    def verdicts_of(
        self, record: LeadRecord, path: list[DealStep], had: Mapping[str, Verdict]
    ) -> Mapping[str, Verdict]:
        """The lead's verdicts: those it ``had``, with the one its CRM status gives."""
        said = record.said
        if said is None:
            return had
        if had or len(self._fresh) >= FRESH_KEPT:
            return self._verdicts(said, record.owner, path, had)
        # A lead with no verdicts yet: what its status, owner and route give, worked out once.
        key = (said, record.owner, tuple(map(_STAGE, path)))
        known = self._fresh.get(key)
        if known is None:
            before = self._tally()
            verdicts = self._verdicts(said, record.owner, path, had)
            known = self._fresh[key] = (verdicts, *_counted_since(before, self._tally()))
            return verdicts
        verdicts, landed, unknown, waiting, no_handoff, off_list = known
        for counted in landed:
            self.landed[counted] += 1
        for status in unknown:
            self.unknown[status] += 1
        self.waiting += waiting
        self.no_handoff += no_handoff
        self.off_list += off_list
        return verdicts

    def _tally(self) -> tuple:
        return (
            Counter(self.landed),
            Counter(self.unknown),
            self.waiting,
            self.no_handoff,
            self.off_list,
        )

    def _verdicts(
        self, said: Any, owner: str, path: list[DealStep], had: Mapping[str, Verdict]
    ) -> Mapping[str, Verdict]:
        outcome = self._said(said)
        if outcome is UNKNOWN:
            return had
        stages = tuple(map(_STAGE, path))
        handoff = self._first_handover(path, had, stages)
        if handoff is None:
            self.no_handoff += 1
            return had
        if outcome is WAITING:
            if handoff.target not in stages:
                self.waiting += 1
                self.waiting_again += handoff.id in had
                return had
            outcome = ACCEPTED  # it moved on over the handoff: the receiving team took it
        earlier = had.get(handoff.id)
        if earlier is not None and not earlier.imported:
            self.kept_from_app += 1
            return had
        reason, comment = self._reason(said.reason, said.comment, handoff.reasons)
        at = "" if said.at is None else datetime.fromtimestamp(said.at, UTC).isoformat()
        by = said.by or owner
        if earlier is not None and _same_verdict(earlier, outcome, reason, by, comment):
            at = _first_day(earlier.at, at)
        key = (outcome, reason, by, at, comment)
        verdict = self._made.get(key) or self._made.setdefault(key, Verdict(*key, True))
        self.landed[handoff.id, outcome] += 1
        if verdict == earlier:
            return had
        if had:
            return FrozenMap({**had, handoff.id: verdict})
        alone = self._alone.get((handoff.id, key))
        if alone is None:  # most leads have this one verdict alone: one map for them all
            alone = self._alone[handoff.id, key] = FrozenMap({handoff.id: verdict})
        return alone

    def _first_handover(
        self, path: list[DealStep], had: Mapping[str, Verdict], stages: tuple[str, ...]
    ):
        """The cross-team handoff the lead was first handed over at, or None. Leads without
        verdicts yet are looked up by the ``stages`` they went through: a million leads take
        a few dozen routes."""
        route = stages if not had else None
        if route is not None and route in self._routes:
            return self._routes[route]
        handed = self._handovers.over(path, had)
        first = min(handed, key=lambda item: (item[1] is None, item[1] or 0))[0] if handed else None
        if route is not None:
            self._routes[route] = first
        return first

    def _said(self, said) -> VerdictOutcome | object | None:
        """The outcome a status gives, WAITING, or UNKNOWN (counted)."""
        if said.converted:
            return ACCEPTED
        outcome = self._statuses.get(said.said)
        if outcome is None and said.said not in self._statuses:
            outcome = self._statuses[said.said] = self.outcomes.get(_fold(said.said), UNKNOWN)
        if outcome is UNKNOWN:
            self.unknown[said.said.strip()] += 1
        return outcome

    def _reason(self, reason: str, comment: str, agreed: tuple[str, ...]) -> tuple[str, str]:
        reason = " ".join(reason.split())
        if not reason or not agreed:
            return reason, comment
        for candidate in agreed:
            if candidate.casefold() == reason.casefold():
                return candidate, comment
        self.off_list += 1
        return "", " ".join(part for part in (f"{CRM_REASON_PREFIX}{reason}.", comment) if part)

    def sentences(self, playbook: Playbook, override_hint: str = "") -> list[str]:
        """What the import does with verdicts and first touches, a sentence each;
        ``override_hint`` tells how to say what an unknown status means, where one can."""
        lines = []
        by_handoff: dict[str, list[str]] = {}
        order = list(VerdictOutcome)
        landed = sorted(self.landed.items(), key=lambda i: (i[0][0], order.index(i[0][1])))
        for (handoff_id, outcome), leads in landed:
            by_handoff.setdefault(handoff_id, []).append(f"{leads:,} {outcome.value}")
        for handoff_id, parts in by_handoff.items():
            handoff = playbook.handoff(handoff_id)
            route = f"{playbook.stage(handoff.source).name} → {playbook.stage(handoff.target).name}"
            lines.append(f"Verdicts at {route}: {', '.join(parts)}.")
        if self.waiting:
            lines.append(f"{count(self.waiting, 'lead')} still waiting for a verdict.")
        if self.waiting_again == 1:
            lines.append(
                "1 lead's status says it waits for a verdict again; the verdict it had is kept."
            )
        elif self.waiting_again:
            lines.append(
                f"{self.waiting_again:,} leads' statuses say they wait for a verdict again; the "
                "verdict each had is kept."
            )
        if self.unknown:
            listed = ", ".join(
                f"“{quoted_briefly(s, 40)}” ({n:,})" for s, n in self.unknown.most_common(5)
            )
            more = f" and {len(self.unknown) - 5} more" if len(self.unknown) > 5 else ""
            hint = f"; {override_hint}" if override_hint else ""
            lines.append(f"No verdict from a status this app does not know: {listed}{more}{hint}.")
        if self.no_handoff:
            lines.append(
                f"{count(self.no_handoff, 'lead')} with a status but no cross-team handoff on "
                "the path: no verdict (map the lifecycle stage sales receives leads at)."
            )
        if self.off_list:
            lines.append(
                f"{count(self.off_list, 'reason')} not on the handoff's agreed list, kept in "
                f"the comment after “{CRM_REASON_PREFIX.strip()}”."
            )
        if self.kept_from_app:
            lines.append(
                f"{count(self.kept_from_app, 'verdict')} entered in the app kept as they were."
            )
        lines.extend(self._touch_sentences())
        return lines

    def _touch_sentences(self) -> list[str]:
        lines = []
        if self.touches:
            lines.append(
                f"{count(self.touches, 'first touch', 'first touches')} from HubSpot's first "
                "engagement."
            )
        untyped = self.no_touch.get(UNTYPED, 0)
        if untyped:
            lines.append(
                f"{count(untyped, 'first engagement')} not imported as touches: the export has "
                "no “Type of first engagement” column, so whether each was a call, an email "
                "or a meeting is not known; export that property too."
            )
        others = sum(self.no_touch.values()) - untyped
        if others:
            reasons = [(why, n) for why, n in self.no_touch.most_common() if why != UNTYPED]
            shown = ", ".join(f"{why} ({n:,})" for why, n in reasons[:3])
            lines.append(
                f"{count(others, 'first engagement')} not a call, email or meeting, so no "
                f"touch: {shown}."
            )
        return lines


def feedback_sentences(plan, playbook: Playbook, override_hint: str = "") -> list[str]:
    """What an import plan's verdicts and first touches came to (none for deals)."""
    if plan.feedback is None:
        return []
    return plan.feedback.sentences(playbook, override_hint)


def _counted_since(before: tuple, after: tuple) -> tuple:
    """What one lead added to the counts: the landed and unknown keys it counted (once each),
    and what it added to the waiting, no-handoff and off-list counts."""
    (landed, unknown, *numbers), (landed_now, unknown_now, *numbers_now) = before, after
    return (
        [key for key, n in landed_now.items() if n != landed.get(key, 0)],
        [key for key, n in unknown_now.items() if n != unknown.get(key, 0)],
        *(now - then for then, now in zip(numbers, numbers_now, strict=True)),
    )
