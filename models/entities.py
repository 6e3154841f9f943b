"""The things a playbook holds: phases, lanes, stages, handoffs, roles, activities,
definitions and lead-scoring rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


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


@dataclass(frozen=True)
class SignOff:
    """A team's agreement to a definition: who agreed, and on which date (ISO)."""

    name: str
    date: str


@dataclass
class PlaybookMeta:
    """What the playbook is called, whose it is, and which version."""

    name: str = "Untitled playbook"
    company: str = ""
    version: str = ""


@dataclass
class Phase:
    """A step of the buyer's own journey; a column of the map."""

    id: str
    name: str


@dataclass
class Lane:
    """A team that mainly works the stages in it; a row of the map."""

    id: str
    name: str
    color: str = "#6b7a8f"


@dataclass(frozen=True)
class ContentItem:
    """A piece of content that helps the buyer move on."""

    title: str
    format: str = ""
    link: str = ""


@dataclass
class Stage:
    """A stage of the buyer's journey or the funnel; a node of the map.

    ``x`` and ``y`` place the card relative to the top-left corner of its
    (phase, lane) cell, so reordering phases or lanes carries cards along.
    """

    id: str
    name: str
    phase: str
    lane: str
    kind: StageKind = StageKind.STEP
    description: str = ""
    buyer_goal: str = ""
    buyer_questions: str = ""
    entry_criteria: str = ""
    exit_criteria: str = ""
    expected_days: int | None = None
    x: float = 24.0
    y: float = 24.0
    content: list[ContentItem] = field(default_factory=list)
    last_reviewed: str | None = None
    last_reviewed_by: str = ""


@dataclass
class Handoff:
    """A path between two stages, with what triggers it and what the receiving team promises."""

    id: str
    source: str
    target: str
    kind: HandoffKind = HandoffKind.PROGRESSION
    trigger: str = ""
    score_threshold: int | None = None
    qualification: list[str] = field(default_factory=list)
    sla_hours: float | None = None
    contact_attempts: int | None = None
    contact_days: int | None = None
    recycle_to: str | None = None
    target_conversion: float | None = None
    definition: str | None = None


@dataclass
class Role:
    """A person's job at the table, such as SDR or VP Marketing; ``team`` is a lane id."""

    id: str
    name: str
    team: str | None = None


@dataclass
class Activity:
    """A process step of a stage (what is done) with its methodology (how) and its RACI."""

    id: str
    stage: str
    name: str
    methodology: str = ""
    raci: dict[str, Raci] = field(default_factory=dict)


@dataclass
class Definition:
    """An agreed term such as MQL, with both teams' sign-off."""

    id: str
    term: str
    text: str = ""
    examples: str = ""
    non_examples: str = ""
    marketing_signoff: SignOff | None = None
    sales_signoff: SignOff | None = None


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

    @property
    def is_numeric(self) -> bool:
        return self in (Condition.AT_LEAST, Condition.AT_MOST)


@dataclass
class ScoringRule:
    """One line of the lead-scoring model: when ``attribute`` meets the condition, add points."""

    id: str
    attribute: str
    condition: Condition = Condition.IS
    value: str = ""
    points: int = 0
    category: ScoreCategory = ScoreCategory.BEHAVIOURAL
    reasoning: str = ""


class DealOutcome(StrEnum):
    WON = "won"
    LOST = "lost"
    OPEN = "open"


class BuyingRole(StrEnum):
    """The part a person plays in the buying team."""

    DECISION_MAKER = "decision maker"
    RECOMMENDER = "recommender"
    INFLUENCER = "influencer"
    USER = "user"


@dataclass(frozen=True)
class Buyer:
    name: str
    role: BuyingRole = BuyingRole.INFLUENCER
    title: str = ""


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


@dataclass(frozen=True)
class StepNote:
    """The retrospective at one step of a deal: process, methodology, and what to change."""

    did: str = ""  # what we did (process)
    how: str = ""  # how we did it (methodology)
    differently: str = ""  # what we would do differently
    buyer_words: str = ""  # what the buyer said, in their words


@dataclass
class Deal:
    """A real deal from the CRM, and what the room agreed about it in the retrospective."""

    id: str
    name: str
    source_id: str = ""
    source_system: str = ""
    account: str = ""
    amount: float | None = None
    currency: str = ""
    owner: str = ""
    segment: str = ""
    outcome: DealOutcome = DealOutcome.OPEN
    stated_reason: str = ""
    root_cause: str = ""
    buyer_words: str = ""
    buying_team: list[Buyer] = field(default_factory=list)
    path: list[DealStep] = field(default_factory=list)
    snapshot_only: bool = False  # the CRM gave only where it started and where it is now
    notes: dict[str, StepNote] = field(default_factory=dict)  # by step number, "0", "1", …


@dataclass
class StageMapping:
    """How one CRM's stage name maps onto the map: a stage id, or ignored (stage None)."""

    id: str  # "<source system>:<CRM stage>", so each pair is kept once
    source_system: str
    crm_stage: str
    stage: str | None = None

    @staticmethod
    def key(source_system: str, crm_stage: str) -> str:
        return f"{source_system}:{crm_stage.strip().casefold()}"


class ImprovementStatus(StrEnum):
    IDEA = "idea"
    TESTING = "testing"
    KEPT = "kept"
    REVERSED = "reversed"


@dataclass
class Improvement:
    """A marginal gain: a change to one stage, handoff or activity, tested against a metric."""

    id: str
    title: str
    target_kind: str = "stage"  # "stage", "handoff" or "activity"
    target: str | None = None
    hypothesis: str = ""
    metric: str = ""
    baseline: str = ""
    status: ImprovementStatus = ImprovementStatus.IDEA
    created: str = ""  # ISO dates
    started: str | None = None
    decided: str | None = None
    source_deal: str | None = None
    source_note: str = ""
    votes: int = 0  # dots given in a workshop


@dataclass
class Snapshot:
    """The playbook's agreement as it stood at a moment, named ("2026 Q4"), kept in the file.

    ``playbook`` is the interchange JSON of everything but deals, stage mappings and
    other snapshots: the map and what was agreed about it, not the evidence.
    """

    id: str
    name: str
    taken_at: str  # ISO date and time, to the second
    playbook: str


@dataclass
class StickyNote:
    """An idea parked during a workshop, on a stage or on the board, with its dot votes."""

    id: str
    text: str
    stage: str | None = None  # None: on the board
    votes: int = 0
    created: str = ""  # ISO date and time
