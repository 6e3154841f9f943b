"""Playbook to plain data and back: the JSON interchange format, also the store's row format.

``playbook_to_dict`` is deterministic: the same playbook always gives the
same data, so exporting, importing and exporting again is byte-identical.
``playbook_from_dict`` checks every value and raises ``FormatError`` with one
sentence naming the place of the first problem.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from journeyapp.models.change import Kind
from journeyapp.models.entities import (
    Activity,
    Buyer,
    BuyingRole,
    Condition,
    ContentItem,
    Deal,
    DealOutcome,
    DealStep,
    Definition,
    Handoff,
    HandoffKind,
    Improvement,
    ImprovementStatus,
    Lane,
    Phase,
    PlaybookMeta,
    Raci,
    Role,
    ScoreCategory,
    ScoringRule,
    SignOff,
    Snapshot,
    Stage,
    StageKind,
    StageMapping,
    StepNote,
    StickyNote,
)
from journeyapp.models.errors import EditError, FormatError
from journeyapp.models.limits import MAX_TEXT_CHARS
from journeyapp.models.playbook import Playbook

FORMAT_NAME = "journeyapp.playbook"
MAX_DOCUMENT_CHARS = 200 * 1024 * 1024  # a snapshot holds a whole playbook's JSON
FORMAT_VERSION = 1

# -- writing ---------------------------------------------------------------


def _number(value: float | int | None) -> float | int | None:
    """Write whole numbers without a fractional part, so 24.0 and 24 export alike."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _signoff(value: SignOff | None) -> dict[str, str] | None:
    return None if value is None else {"name": value.name, "date": value.date}


def meta_to_dict(meta: PlaybookMeta) -> dict[str, Any]:
    return {"name": meta.name, "company": meta.company, "version": meta.version}


def phase_to_dict(phase: Phase) -> dict[str, Any]:
    return {"id": phase.id, "name": phase.name}


def lane_to_dict(lane: Lane) -> dict[str, Any]:
    return {"id": lane.id, "name": lane.name, "color": lane.color}


def stage_to_dict(stage: Stage) -> dict[str, Any]:
    return {
        "id": stage.id,
        "name": stage.name,
        "kind": stage.kind.value,
        "phase": stage.phase,
        "lane": stage.lane,
        "description": stage.description,
        "buyer_goal": stage.buyer_goal,
        "buyer_questions": stage.buyer_questions,
        "entry_criteria": stage.entry_criteria,
        "exit_criteria": stage.exit_criteria,
        "expected_days": stage.expected_days,
        "x": _number(stage.x),
        "y": _number(stage.y),
        "content": [{"title": c.title, "format": c.format, "link": c.link} for c in stage.content],
        "last_reviewed": stage.last_reviewed,
        "last_reviewed_by": stage.last_reviewed_by,
    }


def handoff_to_dict(handoff: Handoff) -> dict[str, Any]:
    return {
        "id": handoff.id,
        "source": handoff.source,
        "target": handoff.target,
        "kind": handoff.kind.value,
        "trigger": handoff.trigger,
        "score_threshold": handoff.score_threshold,
        "qualification": list(handoff.qualification),
        "sla_hours": _number(handoff.sla_hours),
        "contact_attempts": handoff.contact_attempts,
        "contact_days": handoff.contact_days,
        "recycle_to": handoff.recycle_to,
        "target_conversion": _number(handoff.target_conversion),
        "definition": handoff.definition,
    }


def role_to_dict(role: Role) -> dict[str, Any]:
    return {"id": role.id, "name": role.name, "team": role.team}


def activity_to_dict(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.id,
        "stage": activity.stage,
        "name": activity.name,
        "methodology": activity.methodology,
        "raci": {role: value.value for role, value in activity.raci.items()},
    }


def definition_to_dict(definition: Definition) -> dict[str, Any]:
    return {
        "id": definition.id,
        "term": definition.term,
        "text": definition.text,
        "examples": definition.examples,
        "non_examples": definition.non_examples,
        "marketing_signoff": _signoff(definition.marketing_signoff),
        "sales_signoff": _signoff(definition.sales_signoff),
    }


def scoring_rule_to_dict(rule: ScoringRule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "attribute": rule.attribute,
        "condition": rule.condition.value,
        "value": rule.value,
        "points": rule.points,
        "category": rule.category.value,
        "reasoning": rule.reasoning,
    }


def deal_to_dict(deal: Deal) -> dict[str, Any]:
    return {
        "id": deal.id,
        "name": deal.name,
        "source_id": deal.source_id,
        "source_system": deal.source_system,
        "account": deal.account,
        "amount": _number(deal.amount),
        "currency": deal.currency,
        "owner": deal.owner,
        "segment": deal.segment,
        "outcome": deal.outcome.value,
        "stated_reason": deal.stated_reason,
        "root_cause": deal.root_cause,
        "buyer_words": deal.buyer_words,
        "buying_team": [
            {"name": b.name, "role": b.role.value, "title": b.title} for b in deal.buying_team
        ],
        # Compact: [map stage, CRM stage, entered, exited], times in seconds since 1970 (UTC).
        "path": list(deal.path),  # each step is already a (stage, crm_stage, entered, exited) tuple
        "snapshot_only": deal.snapshot_only,
        "notes": {
            step: {
                "did": n.did,
                "how": n.how,
                "differently": n.differently,
                "buyer_words": n.buyer_words,
            }
            for step, n in sorted(deal.notes.items(), key=lambda item: int(item[0]))
        },
    }


def improvement_to_dict(improvement: Improvement) -> dict[str, Any]:
    return {
        "id": improvement.id,
        "title": improvement.title,
        "target_kind": improvement.target_kind,
        "target": improvement.target,
        "hypothesis": improvement.hypothesis,
        "metric": improvement.metric,
        "baseline": improvement.baseline,
        "status": improvement.status.value,
        "created": improvement.created,
        "started": improvement.started,
        "decided": improvement.decided,
        "source_deal": improvement.source_deal,
        "source_note": improvement.source_note,
        "votes": improvement.votes,
    }


def note_to_dict(note: StickyNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "text": note.text,
        "stage": note.stage,
        "votes": note.votes,
        "created": note.created,
    }


def stage_mapping_to_dict(mapping: StageMapping) -> dict[str, Any]:
    return {
        "id": mapping.id,
        "source_system": mapping.source_system,
        "crm_stage": mapping.crm_stage,
        "stage": mapping.stage,
    }


def snapshot_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "id": snapshot.id,
        "name": snapshot.name,
        "taken_at": snapshot.taken_at,
        "playbook": snapshot.playbook,
    }


ENTITY_TO_DICT: dict[Kind, Callable[[Any], dict[str, Any]]] = {
    Kind.PHASE: phase_to_dict,
    Kind.LANE: lane_to_dict,
    Kind.STAGE: stage_to_dict,
    Kind.HANDOFF: handoff_to_dict,
    Kind.ROLE: role_to_dict,
    Kind.ACTIVITY: activity_to_dict,
    Kind.DEFINITION: definition_to_dict,
    Kind.SCORING_RULE: scoring_rule_to_dict,
    Kind.DEAL: deal_to_dict,
    Kind.STAGE_MAPPING: stage_mapping_to_dict,
    Kind.IMPROVEMENT: improvement_to_dict,
    Kind.SNAPSHOT: snapshot_to_dict,
    Kind.NOTE: note_to_dict,
}


def playbook_to_dict(playbook: Playbook) -> dict[str, Any]:
    """The whole playbook as JSON-ready data; stages and handoffs sorted by id."""
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "meta": meta_to_dict(playbook.meta),
        "phases": [phase_to_dict(p) for p in playbook.phases],
        "lanes": [lane_to_dict(lane) for lane in playbook.lanes],
        "stages": [stage_to_dict(s) for s in sorted(playbook.stages(), key=lambda s: s.id)],
        "handoffs": [handoff_to_dict(h) for h in sorted(playbook.handoffs(), key=lambda h: h.id)],
        "roles": [role_to_dict(r) for r in playbook.roles],
        "activities": [activity_to_dict(a) for a in playbook.activities],
        "definitions": [definition_to_dict(d) for d in playbook.definitions],
        "scoring_rules": [scoring_rule_to_dict(r) for r in playbook.scoring_rules],
        "stage_mappings": [stage_mapping_to_dict(m) for m in playbook.stage_mappings],
        "deals": [deal_to_dict(d) for d in sorted(playbook.deals, key=lambda d: d.id)],
        "improvements": [improvement_to_dict(i) for i in playbook.improvements],
        "notes": [note_to_dict(n) for n in playbook.notes],
        "snapshots": [
            snapshot_to_dict(s)
            for s in sorted(playbook.snapshots, key=lambda s: (s.taken_at, s.id))
        ],
    }


# -- reading ---------------------------------------------------------------


class _Fields:
    """Reads typed fields out of one JSON object, naming its place in any error."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise FormatError(f"{where} must be an object, not {_describe(data)}.")
        self.data = data
        self.where = where

    def _get(self, key: str, default: Any, required: bool) -> Any:
        if key not in self.data:
            if required:
                raise FormatError(f"{self.where} is missing “{key}”.")
            return default
        return self.data[key]

    def _fail(self, key: str, wanted: str, value: Any) -> FormatError:
        return FormatError(f"{self.where}.{key} must be {wanted}, not {_describe(value)}.")

    def text(
        self, key: str, default: str = "", required: bool = False, longest: int = MAX_TEXT_CHARS
    ) -> str:
        value = self._get(key, default, required)
        if not isinstance(value, str):
            raise self._fail(key, "text", value)
        _check_text(value, f"{self.where}.{key}", longest)
        return value

    def name(self, key: str) -> str:
        value = self.text(key, required=True)
        if not value.strip():
            raise FormatError(f"{self.where}.{key} must not be empty.")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._get(key, None, False)
        return None if value is None else self.text(key)

    def integer(self, key: str, minimum: int = 0) -> int | None:
        value = self._get(key, None, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise self._fail(key, "a whole number or null", value)
        if value < minimum or value > 2**53:
            raise FormatError(f"{self.where}.{key} must be at least {minimum}, not {value}.")
        return value

    def number(
        self, key: str, default: float | None = None, low: float = -1e9, high: float = 1e9
    ) -> float | None:
        value = self._get(key, default, False)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self._fail(key, "a number", value)
        if not low <= value <= high:
            raise FormatError(f"{self.where}.{key} must be between {low:g} and {high:g}.")
        return float(value)

    def choice(self, key: str, enum: type, default: Any) -> Any:
        value = self._get(key, default.value, False)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise self._fail(key, f"one of {allowed}", value) from None

    def text_list(self, key: str) -> list[str]:
        value = self._get(key, [], False)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of text", value)
        for i, item in enumerate(value):
            _check_text(item, f"{self.where}.{key}[{i}]", MAX_TEXT_CHARS)
        return list(value)

    def objects(self, key: str) -> list[_Fields]:
        value = self._get(key, [], False)
        if not isinstance(value, list):
            raise self._fail(key, "a list", value)
        return [_Fields(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value)]

    def signoff(self, key: str) -> SignOff | None:
        value = self._get(key, None, False)
        if value is None:
            return None
        fields = _Fields(value, f"{self.where}.{key}")
        return SignOff(name=fields.text("name", required=True), date=fields.text("date"))

    def raci(self, key: str) -> dict[str, Raci]:
        value = self._get(key, {}, False)
        if not isinstance(value, dict):
            raise self._fail(key, "an object of role → R/A/C/I", value)
        result: dict[str, Raci] = {}
        for role, letter in value.items():
            try:
                result[role] = Raci(letter)
            except ValueError:
                raise FormatError(
                    f"{self.where}.{key} gives role {role!r} {_describe(letter)}; use R, A, C or I."
                ) from None
        return result


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f"the text “{shown}”"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _check_text(value: str, where: str, longest: int) -> None:
    if len(value) > longest:
        raise FormatError(
            f"{where} is {len(value):,} characters long; a text field holds at most {longest:,}."
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FormatError(f"{where} holds characters that are not valid Unicode text.") from None


def meta_from_dict(data: Any, where: str = "meta") -> PlaybookMeta:
    f = _Fields(data, where)
    return PlaybookMeta(
        name=f.text("name", "Untitled playbook"),
        company=f.text("company"),
        version=f.text("version"),
    )


def phase_from_dict(data: Any, where: str = "phase") -> Phase:
    f = _Fields(data, where)
    return Phase(id=f.name("id"), name=f.name("name"))


def lane_from_dict(data: Any, where: str = "lane") -> Lane:
    f = _Fields(data, where)
    color = f.text("color", "#6b7a8f")
    if not _is_hex_colour(color):
        raise FormatError(f"{where}.color must be a colour like #3366cc, not “{color[:20]}”.")
    return Lane(id=f.name("id"), name=f.name("name"), color=color)


def _is_hex_colour(value: str) -> bool:
    return (
        len(value) == 7
        and value[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )


def stage_from_dict(data: Any, where: str = "stage") -> Stage:
    f = _Fields(data, where)
    content = []
    for item in f.objects("content"):
        content.append(ContentItem(item.name("title"), item.text("format"), item.text("link")))
    return Stage(
        id=f.name("id"),
        name=f.name("name"),
        phase=f.name("phase"),
        lane=f.name("lane"),
        kind=f.choice("kind", StageKind, StageKind.STEP),
        description=f.text("description"),
        buyer_goal=f.text("buyer_goal"),
        buyer_questions=f.text("buyer_questions"),
        entry_criteria=f.text("entry_criteria"),
        exit_criteria=f.text("exit_criteria"),
        expected_days=f.integer("expected_days"),
        x=f.number("x", 24.0),
        y=f.number("y", 24.0),
        content=content,
        last_reviewed=f.optional_text("last_reviewed"),
        last_reviewed_by=f.text("last_reviewed_by"),
    )


def handoff_from_dict(data: Any, where: str = "handoff") -> Handoff:
    f = _Fields(data, where)
    return Handoff(
        id=f.name("id"),
        source=f.name("source"),
        target=f.name("target"),
        kind=f.choice("kind", HandoffKind, HandoffKind.PROGRESSION),
        trigger=f.text("trigger"),
        score_threshold=f.integer("score_threshold"),
        qualification=f.text_list("qualification"),
        sla_hours=f.number("sla_hours", low=0, high=24 * 366),
        contact_attempts=f.integer("contact_attempts"),
        contact_days=f.integer("contact_days"),
        recycle_to=f.optional_text("recycle_to"),
        target_conversion=f.number("target_conversion", low=0, high=1),
        definition=f.optional_text("definition"),
    )


def role_from_dict(data: Any, where: str = "role") -> Role:
    f = _Fields(data, where)
    return Role(id=f.name("id"), name=f.name("name"), team=f.optional_text("team"))


def activity_from_dict(data: Any, where: str = "activity") -> Activity:
    f = _Fields(data, where)
    return Activity(
        id=f.name("id"),
        stage=f.name("stage"),
        name=f.name("name"),
        methodology=f.text("methodology"),
        raci=f.raci("raci"),
    )


def definition_from_dict(data: Any, where: str = "definition") -> Definition:
    f = _Fields(data, where)
    return Definition(
        id=f.name("id"),
        term=f.name("term"),
        text=f.text("text"),
        examples=f.text("examples"),
        non_examples=f.text("non_examples"),
        marketing_signoff=f.signoff("marketing_signoff"),
        sales_signoff=f.signoff("sales_signoff"),
    )


def scoring_rule_from_dict(data: Any, where: str = "scoring rule") -> ScoringRule:
    f = _Fields(data, where)
    points = f.integer("points", minimum=-(2**53))
    return ScoringRule(
        id=f.name("id"),
        attribute=f.name("attribute"),
        condition=f.choice("condition", Condition, Condition.IS),
        value=f.text("value"),
        points=0 if points is None else points,
        category=f.choice("category", ScoreCategory, ScoreCategory.BEHAVIOURAL),
        reasoning=f.text("reasoning"),
    )


def deal_from_dict(data: Any, where: str = "deal") -> Deal:
    f = _Fields(data, where)
    team = []
    for person in f.objects("buying_team"):
        team.append(
            Buyer(
                person.name("name"),
                person.choice("role", BuyingRole, BuyingRole.INFLUENCER),
                person.text("title"),
            )
        )
    return Deal(
        id=f.name("id"),
        name=f.name("name"),
        source_id=f.text("source_id"),
        source_system=f.text("source_system"),
        account=f.text("account"),
        amount=f.number("amount"),
        currency=f.text("currency"),
        owner=f.text("owner"),
        segment=f.text("segment"),
        outcome=f.choice("outcome", DealOutcome, DealOutcome.OPEN),
        stated_reason=f.text("stated_reason"),
        root_cause=f.text("root_cause"),
        buyer_words=f.text("buyer_words"),
        buying_team=team,
        path=_deal_path(f.data.get("path", []), f"{where}.path"),
        snapshot_only=f.data.get("snapshot_only", False) in (True, 1),  # SQLite keeps 1
        notes=_step_notes(f),
    )


def _step_notes(f: _Fields) -> dict[str, StepNote]:
    raw = f.data.get("notes", {})
    if not isinstance(raw, dict):
        raise FormatError(f"{f.where}.notes must be an object, not {_describe(raw)}.")
    notes = {}
    for step, value in raw.items():
        if not str(step).isdigit():
            raise FormatError(
                f"{f.where}.notes has a step “{str(step)[:20]}” that is not a number."
            )
        note = _Fields(value, f"{f.where}.notes[{step}]")
        notes[str(step)] = StepNote(
            note.text("did"), note.text("how"), note.text("differently"), note.text("buyer_words")
        )
    return notes


def snapshot_from_dict(data: Any, where: str = "snapshot") -> Snapshot:
    f = _Fields(data, where)
    return Snapshot(
        id=f.name("id"),
        name=f.name("name"),
        taken_at=f.text("taken_at", required=True),
        playbook=f.text("playbook", required=True, longest=MAX_DOCUMENT_CHARS),
    )


def improvement_from_dict(data: Any, where: str = "improvement") -> Improvement:
    f = _Fields(data, where)
    kind = f.text("target_kind", "stage")
    if kind not in ("stage", "handoff", "activity"):
        raise FormatError(
            f"{where}.target_kind must be stage, handoff or activity, not “{kind[:20]}”."
        )
    return Improvement(
        id=f.name("id"),
        title=f.name("title"),
        target_kind=kind,
        target=f.optional_text("target"),
        hypothesis=f.text("hypothesis"),
        metric=f.text("metric"),
        baseline=f.text("baseline"),
        status=f.choice("status", ImprovementStatus, ImprovementStatus.IDEA),
        created=f.text("created"),
        started=f.optional_text("started"),
        decided=f.optional_text("decided"),
        source_deal=f.optional_text("source_deal"),
        source_note=f.text("source_note"),
        votes=f.integer("votes") or 0,
    )


def note_from_dict(data: Any, where: str = "note") -> StickyNote:
    f = _Fields(data, where)
    return StickyNote(
        id=f.name("id"),
        text=f.name("text"),
        stage=f.optional_text("stage"),
        votes=f.integer("votes") or 0,
        created=f.text("created"),
    )


def _deal_path(steps: Any, where: str) -> list[DealStep]:
    if not isinstance(steps, list):
        raise FormatError(f"{where} must be a list, not {_describe(steps)}.")
    path = []
    for i, step in enumerate(steps):
        try:
            stage, crm_stage, entered, exited = step
            if not (isinstance(stage, str) and isinstance(crm_stage, str)):
                raise ValueError
            entered = _whole_seconds(entered)
            exited = None if exited is None else _whole_seconds(exited)
        except (TypeError, ValueError):
            raise FormatError(
                f"{where}[{i}] must be [stage, CRM stage, entered, exited], not {_describe(step)}."
            ) from None
        _check_text(stage, f"{where}[{i}]", MAX_TEXT_CHARS)
        _check_text(crm_stage, f"{where}[{i}]", MAX_TEXT_CHARS)
        path.append(DealStep(stage, crm_stage, entered, exited))
    return path


def _whole_seconds(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ValueError
    return int(value)


def stage_mapping_from_dict(data: Any, where: str = "stage mapping") -> StageMapping:
    f = _Fields(data, where)
    return StageMapping(
        id=f.name("id"),
        source_system=f.text("source_system"),
        crm_stage=f.name("crm_stage"),
        stage=f.optional_text("stage"),
    )


ENTITY_FROM_DICT: dict[Kind, Callable[[Any, str], Any]] = {
    Kind.PHASE: phase_from_dict,
    Kind.LANE: lane_from_dict,
    Kind.STAGE: stage_from_dict,
    Kind.HANDOFF: handoff_from_dict,
    Kind.ROLE: role_from_dict,
    Kind.ACTIVITY: activity_from_dict,
    Kind.DEFINITION: definition_from_dict,
    Kind.SCORING_RULE: scoring_rule_from_dict,
    Kind.DEAL: deal_from_dict,
    Kind.STAGE_MAPPING: stage_mapping_from_dict,
    Kind.IMPROVEMENT: improvement_from_dict,
    Kind.SNAPSHOT: snapshot_from_dict,
    Kind.NOTE: note_from_dict,
}

# The order in which kinds are built, so that every reference resolves.
BUILD_ORDER = (
    (Kind.PHASE, "phases"),
    (Kind.LANE, "lanes"),
    (Kind.DEFINITION, "definitions"),
    (Kind.ROLE, "roles"),
    (Kind.STAGE, "stages"),
    (Kind.HANDOFF, "handoffs"),
    (Kind.ACTIVITY, "activities"),
    (Kind.SCORING_RULE, "scoring_rules"),
    (Kind.STAGE_MAPPING, "stage_mappings"),
    (Kind.DEAL, "deals"),
    (Kind.IMPROVEMENT, "improvements"),
    (Kind.NOTE, "notes"),
    (Kind.SNAPSHOT, "snapshots"),
)


def playbook_from_dict(data: Any) -> Playbook:
    """Build a playbook from interchange data, refusing anything malformed with one sentence."""
    top = _Fields(data, "The playbook")
    if data.get("format") != FORMAT_NAME:
        raise FormatError(
            f"This JSON is not a journeyapp playbook: it lacks “format”: “{FORMAT_NAME}”."
        )
    version = data.get("format_version", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise FormatError("The playbook's format_version must be a whole number.")
    if version > FORMAT_VERSION:
        raise FormatError(
            f"This playbook uses format version {version}; this version of the app "
            f"reads up to {FORMAT_VERSION}. Update the app to open it."
        )
    playbook = Playbook(meta_from_dict(data.get("meta", {})))
    for kind, key in BUILD_ORDER:
        for i, item in enumerate(top.objects(key)):
            where = f"{key}[{i}]"
            entity = ENTITY_FROM_DICT[kind](item.data, where)
            try:
                playbook.insert_entity(kind, entity)
            except EditError as error:
                raise FormatError(f"{where} ({_label(entity)}): {error}") from None
    return playbook


def _label(entity: Any) -> str:
    return getattr(entity, "name", None) or getattr(entity, "term", None) or entity.id
