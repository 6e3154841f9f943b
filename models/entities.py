"""The things a playbook holds: phases, lanes, stages, handoffs, roles, activities,
definitions, lead-scoring rules, deals and leads from the CRM, and marketing's commitment."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple

from journeyapp.models import fields
from journeyapp.models.business_hours import clock_refusal, time_zone_refusal, weekdays_refusal
from journeyapp.models.change import Kind
from journeyapp.models.fields import Frozen
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.limits import (
    MAX_CONTACT_ATTEMPTS,
    MAX_CONTACT_DAYS,
    MAX_EXPECTED_DAYS,
    MAX_HALF_LIFE_DAYS,
    MAX_RULE_POINTS,
    MAX_SCORE,
    MAX_SLA_HOURS,
)
from journeyapp.models.review_entities import Meeting, Project
from journeyapp.models.voting_entities import VotingRound


class StageKind(StrEnum):
    """What a stage is on the journey; won, lost and exit stages end it."""

    ENTRY = "entry"
    STEP = "step"
    WON = "won"
    LOST = "lost"
    EXIT = "exit"

    @property
    def is_terminal(self) -> bool:
        return self in (StageKind.WON, StageKind.LOST, StageKind.EXIT)


class HandoffKind(StrEnum):
    """How a buyer moves along a handoff."""

    PROGRESSION = "progression"
    CROSS_TEAM = "cross_team"
    RECYCLE = "recycle"
    DISQUALIFY = "disqualify"

    @property
    def label(self) -> str:
        return {
            HandoffKind.PROGRESSION: "Progression",
            HandoffKind.CROSS_TEAM: "Cross-team handoff",
            HandoffKind.RECYCLE: "Recycle / nurture",
            HandoffKind.DISQUALIFY: "Disqualify",
        }[self]


class Raci(StrEnum):
    """Responsible, Accountable, Consulted, Informed."""

    R = "R"
    A = "A"
    C = "C"
    I = "I"  # noqa: E741 - the letter is the domain's own name


@frozen_record
class SignOff(Frozen):
    """A team's agreement to a definition: who agreed, and on which date (ISO)."""

    name: str = fields.required_text()
    date: str = fields.text()


@frozen_record
class PlaybookMeta(Frozen):
    """The playbook's properties: what it is called, whose it is, and which version."""

    name: str = fields.text("Untitled playbook")
    company: str = fields.text()
    version: str = fields.text()
    owner: str = fields.text()
    logo: bytes = fields.image()  # PNG or JPEG, for the PDF cover (models/logo.py)
    # The working week an SLA counts in (models/business_hours.py).
    work_days: str = fields.checked("Mon-Fri", weekdays_refusal, ("Mon-Fri", "Sun-Thu", "Mon,Wed"))
    day_start: str = fields.checked("09:00", clock_refusal, ("08:00", "09:00", "09:30"))
    day_end: str = fields.checked("17:00", clock_refusal, ("17:00", "17:30", "18:00"))
    time_zone: str = fields.checked("", time_zone_refusal, ("", "Europe/Berlin", "UTC"))
    # Both teams' sign-off of the whole lead-scoring model, cleared when a rule changes.
    scoring_marketing_signoff: SignOff | None = fields.optional_record(SignOff)
    scoring_sales_signoff: SignOff | None = fields.optional_record(SignOff)


@frozen_record
class Phase(Frozen):
    """A step of the buyer's own journey; a column of the map."""

    id: str = fields.name()
    name: str = fields.name()


@frozen_record
class Lane(Frozen):
    """A team that mainly works the stages in it; a row of the map."""

    id: str = fields.name()
    name: str = fields.name()
    color: str = fields.colour("#6b7a8f")


@frozen_record
class ContentItem(Frozen):
    """A piece of content that helps the buyer move on."""

    title: str = fields.name()
    format: str = fields.text()
    link: str = fields.text()


@frozen_record
class Stage(Frozen):
    """A stage of the buyer's journey or the funnel; a node of the map.

    ``x`` and ``y`` place the card relative to the top-left corner of its
    (phase, lane) cell, so reordering phases or lanes carries cards along.
    """

    id: str = fields.name()
    name: str = fields.name()
    kind: StageKind = fields.choice(StageKind, StageKind.STEP)
    phase: str = fields.ref(Kind.PHASE, kw_only=True)
    lane: str = fields.ref(Kind.LANE, kw_only=True)
    description: str = fields.text()
    buyer_goal: str = fields.text()
    buyer_questions: str = fields.text()
    entry_criteria: str = fields.text()
    exit_criteria: str = fields.text()
    expected_days: int | None = fields.whole("The expected days in a stage", 0, MAX_EXPECTED_DAYS)
    x: float = fields.number(24.0)
    y: float = fields.number(24.0)
    content: tuple[ContentItem, ...] = fields.records(ContentItem)
    last_reviewed: str | None = fields.optional_text()
    last_reviewed_by: str = fields.text()


@frozen_record
class Handoff(Frozen):
    """A path between two stages, with what triggers it and what the receiving team promises."""

    id: str = fields.name()
    source: str = fields.ref(Kind.STAGE)
    target: str = fields.ref(Kind.STAGE)
    kind: HandoffKind = fields.choice(HandoffKind, HandoffKind.PROGRESSION)
    trigger: str = fields.text()
    score_threshold: int | None = fields.whole("The lead-score threshold", 0, MAX_SCORE)
    qualification: tuple[str, ...] = fields.text_list()
    sla_hours: float | None = fields.number(
        low=0,
        high=MAX_SLA_HOURS,
        above_low=True,
        refusal=f"The SLA must be more than 0 and at most {MAX_SLA_HOURS} hours.",
    )
    contact_attempts: int | None = fields.whole(
        "The number of contact attempts", 1, MAX_CONTACT_ATTEMPTS
    )
    contact_days: int | None = fields.whole("The days of contact attempts", 1, MAX_CONTACT_DAYS)
    recycle_to: str | None = fields.optional_ref(Kind.STAGE)
    target_conversion: float | None = fields.number(
        low=0, high=1, refusal="The target conversion rate must be between 0% and 100%."
    )
    definition: str | None = fields.optional_ref(Kind.DEFINITION)
    # The reasons the receiving team may give for its verdict, agreed by both teams
    # (models/handoff_reasons.py: changing them clears both sign-offs).
    reasons: tuple[str, ...] = fields.text_list()
    reasons_marketing_signoff: SignOff | None = fields.optional_record(SignOff)
    reasons_sales_signoff: SignOff | None = fields.optional_record(SignOff)


@frozen_record
class Role(Frozen):
    """A person's job at the table, such as SDR or VP Marketing; ``team`` is a lane id."""

    id: str = fields.name()
    name: str = fields.name()
    team: str | None = fields.optional_ref(Kind.LANE)


@frozen_record
class Activity(Frozen):
    """A process step of a stage (what is done) with its methodology (how) and its RACI."""

    id: str = fields.name()
    stage: str = fields.ref(Kind.STAGE)
    name: str = fields.name()
    methodology: str = fields.text()
    raci: Mapping[str, Raci] = fields.raci_map()


@frozen_record
class LeadFact(Frozen):
    """What is known of a lead for scoring: an attribute's value, and for an activity the
    date it happened (ISO; empty when not known or not an activity)."""

    attribute: str = fields.name()
    value: str = fields.text()
    date: str = fields.text()


@frozen_record
class ExampleLead(Frozen):
    """A lead written out to test a definition against the scoring model, scored as of
    ``scored_on`` (ISO date) so its activities' ages never change."""

    name: str = fields.name()
    scored_on: str = fields.text()
    facts: tuple[LeadFact, ...] = fields.records(LeadFact)


@frozen_record
class Definition(Frozen):
    """An agreed term such as MQL, with both teams' sign-off."""

    id: str = fields.name()
    term: str = fields.name()
    text: str = fields.text()
    examples: str = fields.text()
    non_examples: str = fields.text()
    marketing_signoff: SignOff | None = fields.optional_record(SignOff)
    sales_signoff: SignOff | None = fields.optional_record(SignOff)
    # The examples as leads the scoring model must pass (and the non-examples, must not).
    example_leads: tuple[ExampleLead, ...] = fields.records(ExampleLead)
    non_example_leads: tuple[ExampleLead, ...] = fields.records(ExampleLead)


class ScoreCategory(StrEnum):
    """Who the lead is (firmographic) or what the lead did (behavioural)."""

    FIRMOGRAPHIC = "firmographic"
    BEHAVIOURAL = "behavioural"


class Condition(StrEnum):
    """How a scoring rule compares a lead's attribute with its value."""

    IS = "is"
    IS_ONE_OF = "is one of"
    CONTAINS = "contains"
    AT_LEAST = "at least"
    AT_MOST = "at most"
    BETWEEN = "between"  # two numbers, "50-2000": both ends included
    CONTAINS_ONE_OF = "contains one of"

    @property
    def is_numeric(self) -> bool:
        return self in (Condition.AT_LEAST, Condition.AT_MOST, Condition.BETWEEN)


@frozen_record
class Challenge(Frozen):
    """A team's challenge to a scoring rule: who made it, the argument, what was decided, when."""

    team: str = fields.text()  # "sales" or "marketing"
    name: str = fields.text()
    argument: str = fields.text()
    decision: str = fields.text()
    date: str = fields.text()  # ISO date


@frozen_record
class ScoringRule(Frozen):
    """One line of the lead-scoring model: when ``attribute`` meets the condition, add points."""

    id: str = fields.name()
    attribute: str = fields.name()
    condition: Condition = fields.choice(Condition, Condition.IS)
    value: str = fields.text()
    points: int = fields.whole("A rule's points", -MAX_RULE_POINTS, MAX_RULE_POINTS, 0, signed=True)
    category: ScoreCategory = fields.choice(ScoreCategory, ScoreCategory.BEHAVIOURAL)
    reasoning: str = fields.text()
    # A fit rule every lead must meet before its behaviour counts (the ideal customer profile).
    gate: bool = fields.flag()
    # A hand-raiser (a demo request): the lead goes to the handoff's target at once.
    routes: bool = fields.flag()
    # Behaviour points halve every this many days after the activity; None: they never fade.
    half_life_days: int | None = fields.whole("A rule's half-life", 1, MAX_HALF_LIFE_DAYS)
    challenges: tuple[Challenge, ...] = fields.records(Challenge)


class DealOutcome(StrEnum):
    WON = "won"
    LOST = "lost"
    OPEN = "open"


class LossType(StrEnum):
    """Why a lost deal was lost, in the four kinds win/loss reviews tell apart; empty: not said."""

    NONE = ""
    COMPETITOR = "competitor"
    NO_DECISION = "no decision"
    TIMING = "timing"
    DISQUALIFIED = "disqualified"

    @property
    def label(self) -> str:
        return self.value.capitalize() if self.value else "Not said"


class BuyingRole(StrEnum):
    """The part a person plays in the buying team."""

    DECISION_MAKER = "decision maker"
    ECONOMIC_BUYER = "economic buyer"  # signs off the budget
    CHAMPION = "champion"  # sells it inside the buyer's company
    RECOMMENDER = "recommender"
    INFLUENCER = "influencer"
    USER = "user"


@frozen_record
class Buyer(Frozen):
    name: str = fields.name()
    role: BuyingRole = fields.choice(BuyingRole, BuyingRole.INFLUENCER)
    title: str = fields.text()


class DealStep(NamedTuple):
    """One visit of a deal to a stage: when it entered and left (seconds since 1970, UTC).

    ``stage`` is a map stage id (it may no longer exist on the map if the
    stage was deleted since); ``crm_stage`` is the CRM's name for it. A tuple,
    not a dataclass: an import makes a million of them.
    """

    stage: str
    crm_stage: str
    entered: int
    exited: int | None = None


class Touch(NamedTuple):
    """One contact attempt by the receiving team: when (seconds since 1970, UTC) and how
    ("call", "email", "meeting" or "other"). A tuple: an import makes a million of them."""

    when: int
    kind: str


TOUCH_KINDS = fields.Touches().kinds


@frozen_record
class StepNote(Frozen):
    """The retrospective at one step of a deal: process, methodology, and what to change."""

    did: str = fields.text()  # what we did (process)
    how: str = fields.text()  # how we did it (methodology)
    differently: str = fields.text()  # what we would do differently
    buyer_words: str = fields.text()  # what the buyer said, in their words


@frozen_record
class Deal(Frozen):
    """A real deal from the CRM, and what the room agreed about it in the retrospective."""

    id: str = fields.name()
    name: str = fields.name()
    source_id: str = fields.text()
    source_system: str = fields.text()
    account: str = fields.text()
    amount: float | None = fields.number()
    currency: str = fields.text()
    owner: str = fields.text()
    segment: str = fields.text()
    outcome: DealOutcome = fields.choice(DealOutcome, DealOutcome.OPEN)
    stated_reason: str = fields.text()
    root_cause: str = fields.text()
    buyer_words: str = fields.text()
    buying_team: tuple[Buyer, ...] = fields.records(Buyer)
    path: tuple[DealStep, ...] = fields.deal_path()
    # the CRM gave only where it started and where it is now
    snapshot_only: bool = fields.flag()
    notes: Mapping[str, StepNote] = fields.step_notes(StepNote)  # by step number, "0", "1", …
    lead_source: str = fields.text()  # where it came from, as the CRM says ("Webinar")
    campaign: str = fields.text()  # the campaign it came from; empty: none recorded
    touches: tuple[Touch, ...] = fields.touches()  # first touches count for opportunities too
    loss_type: LossType = fields.choice(LossType, LossType.NONE)  # for a lost deal


class VerdictOutcome(StrEnum):
    """What the receiving team made of a lead handed to it."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    RECYCLED = "recycled"


@frozen_record
class Verdict(Frozen):
    """The receiving team's verdict on a lead at one handoff, and why."""

    outcome: VerdictOutcome = fields.choice(VerdictOutcome, VerdictOutcome.ACCEPTED)
    reason: str = fields.text()  # one of the handoff's agreed reasons, when it has any
    by: str = fields.text()
    at: str = fields.text()  # ISO date and time
    comment: str = fields.text()
    # Read from the CRM's lead status by an import, which updates it when run again; a
    # verdict entered in the app is never overwritten by an import.
    imported: bool = fields.flag()


@frozen_record
class Lead(Frozen):
    """A lead from the CRM: the lifecycle stages it entered, where it came from, the receiving
    team's contact attempts and verdicts, and the deal it became."""

    id: str = fields.name()
    name: str = fields.name()
    source_id: str = fields.text()
    source_system: str = fields.text()
    account: str = fields.text()
    owner: str = fields.text()
    lead_source: str = fields.text()  # as the CRM says ("Webinar"); empty: none recorded
    campaign: str = fields.text()  # empty: none recorded
    status: str = fields.text()  # the CRM's lead status ("Working", "Nurturing")
    path: tuple[DealStep, ...] = fields.deal_path()  # lifecycle stages, mapped like deal steps
    # The deal it converted to, as the export names it; not checked, deals may come later.
    deal: str | None = fields.optional_text()
    touches: tuple[Touch, ...] = fields.touches()
    verdicts: Mapping[str, Verdict] = fields.record_map(Verdict, Kind.HANDOFF)  # by handoff id
    facts: tuple[LeadFact, ...] = fields.records(LeadFact)  # the columns scoring rules look at


@frozen_record
class StageMapping(Frozen):
    """How one CRM's stage name maps onto the map: a stage id, or ignored (stage None)."""

    id: str = fields.name()  # "<source system>:<CRM stage>", so each pair is kept once
    source_system: str = fields.given_text()
    crm_stage: str = fields.name()
    stage: str | None = fields.optional_ref(Kind.STAGE)

    @staticmethod
    def key(source_system: str, crm_stage: str) -> str:
        return f"{source_system}:{crm_stage.strip().casefold()}"


class ImprovementStatus(StrEnum):
    IDEA = "idea"
    TESTING = "testing"
    KEPT = "kept"
    REVERSED = "reversed"


# What an improvement may change.
IMPROVEMENT_TARGETS = (Kind.STAGE, Kind.HANDOFF, Kind.ACTIVITY)


class ImprovementMeasure(StrEnum):
    """A metric the app measures from the deals, for the stage or handoff an improvement
    changes (an activity's stage); empty: the metric is written by hand."""

    NONE = ""
    WIN_RATE = "win rate"
    DAYS_IN_STAGE = "days in stage"
    CONVERSION = "conversion"


@frozen_record
class Improvement(Frozen):
    """A marginal gain: a change to one stage, handoff or activity, tested against a metric."""

    id: str = fields.name()
    title: str = fields.name()
    target_kind: Kind = fields.choice(Kind, Kind.STAGE, IMPROVEMENT_TARGETS)
    target: str | None = fields.optional_ref(kind_field="target_kind")
    hypothesis: str = fields.text()
    metric: str = fields.text()
    baseline: str = fields.text()
    status: ImprovementStatus = fields.choice(ImprovementStatus, ImprovementStatus.IDEA)
    created: str = fields.text()  # ISO dates
    started: str | None = fields.optional_text()
    decided: str | None = fields.optional_text()
    source_deal: str | None = fields.optional_text()
    source_note: str = fields.text()
    votes: int = fields.whole(default=0)  # dots given in a workshop
    owner: str = fields.text()
    test_ends: str | None = fields.optional_text()  # ISO date; the test runs from ``started``
    measure: ImprovementMeasure = fields.choice(ImprovementMeasure, ImprovementMeasure.NONE)
    result: str = fields.text()  # the result in words, where the app cannot measure it
    decision_reason: str = fields.text()


@frozen_record
class Snapshot(Frozen):
    """The playbook's agreement as it stood at a moment, named ("2026 Q4"), kept in the file.

    ``playbook`` is the interchange JSON of everything but deals, stage mappings and
    other snapshots: the map and what was agreed about it, not the evidence.
    """

    id: str = fields.name()
    name: str = fields.name()
    taken_at: str = fields.required_text()  # ISO date and time, to the second
    playbook: str = fields.document()


class NoteState(StrEnum):
    POSTED = "posted"  # its author may still change or withdraw it
    ACCEPTED = "accepted"  # the facilitator took it: it is the room's now
    HIDDEN = "hidden"  # the facilitator took it off the projector and the phones


@frozen_record
class StickyNote(Frozen):
    """An idea parked during a workshop, on a stage or on the board, with its dot votes; from
    the facilitator, or from a participant in the room (their name, team and guest id)."""

    id: str = fields.name()
    text: str = fields.name()
    stage: str | None = fields.optional_ref(Kind.STAGE)  # None: on the board
    votes: int = fields.whole(default=0)
    created: str = fields.text()  # ISO date and time
    author: str = fields.text()  # the name a participant joined with; "" for the facilitator
    team: str = fields.text()  # the team (lane) they said they are in, by name
    guest: str = fields.text()  # the participant's id, to know their own notes; never shown
    state: NoteState = fields.choice(NoteState, NoteState.POSTED)
    private: bool = fields.flag()  # posted in private mode and not revealed yet


@frozen_record
class Commitment(Frozen):
    """Marketing's commitment for a period: how many buyers it will bring to each stage,
    agreed by both teams (changing the numbers clears both sign-offs)."""

    id: str = fields.name()
    period: str = fields.name()  # "2026-Q4"
    volumes: Mapping[str, int] = fields.counts("A committed volume", keys=Kind.STAGE)
    marketing_signoff: SignOff | None = fields.optional_record(SignOff)
    sales_signoff: SignOff | None = fields.optional_record(SignOff)


@frozen_record
class DecisionDriver(Frozen):
    """A reason buyers decide, such as price or trust in the team, shared by every interview."""

    id: str = fields.name()
    name: str = fields.name()
    definition: str = fields.text()


@frozen_record
class Quote(Frozen):
    """A buyer's words, verbatim, tagged with the decision drivers they speak to (driver ids,
    not checked: a quote keeps its words when a driver is deleted)."""

    text: str = fields.name()
    drivers: tuple[str, ...] = fields.text_list()


@frozen_record
class Interview(Frozen):
    """A win/loss interview with someone from a deal's buying team: who asked, whether they
    were independent of the deal, where the decision tilted, and what the buyer said."""

    id: str = fields.name()
    deal: str = fields.name()  # a deal id; not checked, as a lead's deal is not
    interviewee: str = fields.text()
    role: BuyingRole = fields.choice(BuyingRole, BuyingRole.DECISION_MAKER)
    interviewer: str = fields.text()
    independent: bool = fields.flag()  # asked by someone outside the deal's team
    date: str = fields.text()  # ISO date
    # The map stage where the decision tilted; not checked, as a deal step's stage is not.
    tilt_stage: str | None = fields.optional_text()
    quotes: tuple[Quote, ...] = fields.records(Quote)


# The dataclass of each kind of entity.
ENTITY_TYPES: dict[Kind, type] = {
    Kind.META: PlaybookMeta,
    Kind.PHASE: Phase,
    Kind.LANE: Lane,
    Kind.STAGE: Stage,
    Kind.HANDOFF: Handoff,
    Kind.ROLE: Role,
    Kind.ACTIVITY: Activity,
    Kind.DEFINITION: Definition,
    Kind.SCORING_RULE: ScoringRule,
    Kind.DEAL: Deal,
    Kind.STAGE_MAPPING: StageMapping,
    Kind.IMPROVEMENT: Improvement,
    Kind.SNAPSHOT: Snapshot,
    Kind.NOTE: StickyNote,
    Kind.LEAD: Lead,
    Kind.COMMITMENT: Commitment,
    Kind.MEETING: Meeting,
    Kind.PROJECT: Project,
    Kind.DRIVER: DecisionDriver,
    Kind.INTERVIEW: Interview,
    Kind.ROUND: VotingRound,
}
