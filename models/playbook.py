"""The Playbook aggregate: stages and handoffs in a NetworkX graph, plus roles, activities, terms.

Only edits (``models.edits``) change a playbook, through ``Playbook.apply`` and
``Playbook.revert``. Entities are immutable: an edit replaces an entity with a new one.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any, Protocol

import networkx as nx
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import (
    Activity,
    Commitment,
    Deal,
    DecisionDriver,
    Definition,
    Handoff,
    Improvement,
    Interview,
    Lane,
    Lead,
    Phase,
    PlaybookMeta,
    Role,
    ScoringRule,
    Snapshot,
    Stage,
    StageMapping,
    StickyNote,
)
from journeyapp.models.errors import EditError, MissingEntity
from journeyapp.models.limits import an_entity, check_all_values, check_values, with_article
from journeyapp.models.ordered import OrderedById
from journeyapp.models.review_entities import Meeting, Project
from journeyapp.models.schema import TABLES
from journeyapp.models.voting_entities import VotingRound

_NAME_FIELD = {
    Kind.PHASE: "name",
    Kind.LANE: "name",
    Kind.STAGE: "name",
    Kind.ROLE: "name",
    Kind.ACTIVITY: "name",
    Kind.DEFINITION: "term",
    Kind.SCORING_RULE: "attribute",
    Kind.DEAL: "name",
    Kind.IMPROVEMENT: "title",
    Kind.SNAPSHOT: "name",
    Kind.NOTE: "text",
    Kind.LEAD: "name",
    Kind.COMMITMENT: "period",
    Kind.MEETING: "title",
    Kind.PROJECT: "title",
    Kind.DRIVER: "name",
    Kind.INTERVIEW: "deal",
    Kind.ROUND: "opened",
}
# The kinds whose entities point at others, checked one by one in ``_check_references``.
_REFERRING = frozenset(
    {Kind.STAGE, Kind.HANDOFF, Kind.ACTIVITY, Kind.IMPROVEMENT, Kind.NOTE, Kind.ROLE, Kind.PROJECT}
)


class Edit(Protocol):
    """A reversible change to a playbook, held as data."""

    label: str

    def apply(self, playbook: Playbook) -> None: ...

    def revert(self, playbook: Playbook) -> None: ...

    def change(self) -> Change: ...


class Playbook:
    """One team's agreed journey: the map graph and everything attached to it."""

    def __init__(self, meta: PlaybookMeta | None = None) -> None:
        self.meta = meta or PlaybookMeta()
        self.phases: OrderedById[Phase] = OrderedById()
        self.lanes: OrderedById[Lane] = OrderedById()
        self.roles: OrderedById[Role] = OrderedById()
        self.activities: OrderedById[Activity] = OrderedById()
        self.definitions: OrderedById[Definition] = OrderedById()
        self.scoring_rules: OrderedById[ScoringRule] = OrderedById()
        self.deals: OrderedById[Deal] = OrderedById()  # in import order
        self.stage_mappings: OrderedById[StageMapping] = OrderedById()
        self.improvements: OrderedById[Improvement] = OrderedById()
        self.snapshots: OrderedById[Snapshot] = OrderedById()  # in the order taken
        self.notes: OrderedById[StickyNote] = OrderedById()  # the workshop's parking lot
        self.leads: OrderedById[Lead] = OrderedById()  # in import order
        self.commitments: OrderedById[Commitment] = OrderedById()  # marketing's, by period
        self.meetings: OrderedById[Meeting] = OrderedById()  # review meetings, by date held
        self.projects: OrderedById[Project] = OrderedById()  # big leaps, in the user's order
        self.drivers: OrderedById[DecisionDriver] = OrderedById()  # why buyers decide
        self.interviews: OrderedById[Interview] = OrderedById()  # win/loss, by deal
        self.rounds: OrderedById[VotingRound] = OrderedById()  # dot voting in the room
        self._collections: dict[Kind, OrderedById] = {
            Kind.PHASE: self.phases,
            Kind.LANE: self.lanes,
            Kind.ROLE: self.roles,
            Kind.ACTIVITY: self.activities,
            Kind.DEFINITION: self.definitions,
            Kind.SCORING_RULE: self.scoring_rules,
            Kind.DEAL: self.deals,
            Kind.STAGE_MAPPING: self.stage_mappings,
            Kind.IMPROVEMENT: self.improvements,
            Kind.SNAPSHOT: self.snapshots,
            Kind.NOTE: self.notes,
            Kind.LEAD: self.leads,
            Kind.COMMITMENT: self.commitments,
            Kind.MEETING: self.meetings,
            Kind.PROJECT: self.projects,
            Kind.DRIVER: self.drivers,
            Kind.INTERVIEW: self.interviews,
            Kind.ROUND: self.rounds,
        }
        self.graph: nx.DiGraph = nx.DiGraph()
        self._handoffs: dict[str, Handoff] = {}

    # -- queries -----------------------------------------------------------

    def stage(self, stage_id: str) -> Stage:
        try:
            return self.graph.nodes[stage_id]["stage"]
        except KeyError:
            raise MissingEntity(f"There is no stage {stage_id!r}.") from None

    def has_stage(self, stage_id: str) -> bool:
        return stage_id in self.graph

    def stages(self) -> list[Stage]:
        return [data["stage"] for _, data in self.graph.nodes(data=True)]

    def stages_in_journey_order(self) -> list[Stage]:
        """Stages column by column, lane by lane, left to right: the order people read the map."""
        phases = {pid: i for i, pid in enumerate(self.phases.ids())}
        lanes = {lid: i for i, lid in enumerate(self.lanes.ids())}
        return sorted(
            self.stages(),
            key=lambda s: (phases.get(s.phase, 0), lanes.get(s.lane, 0), s.x, s.y, s.name, s.id),
        )

    def handoff(self, handoff_id: str) -> Handoff:
        try:
            return self._handoffs[handoff_id]
        except KeyError:
            raise MissingEntity(f"There is no handoff {handoff_id!r}.") from None

    def handoffs(self) -> list[Handoff]:
        return list(self._handoffs.values())

    def handoff_between(self, source: str, target: str) -> Handoff | None:
        data = self.graph.get_edge_data(source, target)
        return data["handoff"] if data else None

    def outgoing(self, stage_id: str) -> list[Handoff]:
        return [data["handoff"] for _, _, data in self.graph.out_edges(stage_id, data=True)]

    def incoming(self, stage_id: str) -> list[Handoff]:
        return [data["handoff"] for _, _, data in self.graph.in_edges(stage_id, data=True)]

    def activities_of(self, stage_id: str) -> list[Activity]:
        return [a for a in self.activities if a.stage == stage_id]

    def activities_by_stage(self) -> dict[str, list[Activity]]:
        """Every stage's activities in order, found in one sweep (for whole-playbook work)."""
        by_stage: dict[str, list[Activity]] = {}
        for activity in self.activities:
            by_stage.setdefault(activity.stage, []).append(activity)
        return by_stage

    def activities_in_journey_order(self) -> list[Activity]:
        by_stage = self.activities_by_stage()
        return [a for s in self.stages_in_journey_order() for a in by_stage.get(s.id, [])]

    def get(self, kind: Kind, entity_id: str) -> Any:
        """Return the entity of ``kind`` with ``entity_id``; KeyError if there is none."""
        if kind is Kind.META:
            return self.meta
        if kind is Kind.STAGE:
            return self.stage(entity_id)
        if kind is Kind.HANDOFF:
            return self.handoff(entity_id)
        entity = self._ordered(kind).get(entity_id)
        if entity is None:
            raise MissingEntity(f"There is no {kind.value} {entity_id!r}.")
        return entity

    def has(self, kind: Kind, entity_id: str) -> bool:
        if kind is Kind.META:
            return True
        if kind is Kind.STAGE:
            return self.has_stage(entity_id)
        if kind is Kind.HANDOFF:
            return entity_id in self._handoffs
        return entity_id in self._ordered(kind)

    def split_existing(self, kind: Kind, entity_ids: list[str]) -> tuple[list[Any], list[str]]:
        """The entities of ``kind`` with these ids, in their order, and the ids none has."""
        if kind in (Kind.META, Kind.STAGE, Kind.HANDOFF):
            found = [self.get(kind, i) if self.has(kind, i) else None for i in entity_ids]
        else:
            found = list(map(self._ordered(kind).get, entity_ids))
        gone = [i for i, entity in zip(entity_ids, found, strict=True) if entity is None]
        return [entity for entity in found if entity is not None], gone

    def ids(self, kind: Kind) -> list[str]:
        if kind is Kind.STAGE:
            return list(self.graph.nodes)
        if kind is Kind.HANDOFF:
            return list(self._handoffs)
        if kind is Kind.META:
            return ["meta"]
        return self._ordered(kind).ids()

    def _ordered(self, kind: Kind) -> OrderedById:
        return self._collections[kind]

    def is_ordered(self, kind: Kind) -> bool:
        return kind in (
            Kind.PHASE,
            Kind.LANE,
            Kind.ROLE,
            Kind.ACTIVITY,
            Kind.DEFINITION,
            Kind.SCORING_RULE,
            Kind.DRIVER,
        )

    # -- applying edits -----------------------------------------------------

    def apply(self, edit: Edit) -> Change:
        edit.apply(self)
        return edit.change()

    def revert(self, edit: Edit) -> Change:
        edit.revert(self)
        return edit.change()

    # -- primitive mutations: called by edits only -------------------------

    def insert_entity(self, kind: Kind, entity: Any, index: int | None = None) -> None:
        self._check_references(kind, entity)
        if self.has(kind, entity.id):
            raise EditError(f"There is already a {kind.value} with id {entity.id!r}.")
        if kind is Kind.STAGE:
            self.graph.add_node(entity.id, stage=entity)
        elif kind is Kind.HANDOFF:
            self.graph.add_edge(entity.source, entity.target, handoff=entity)
            self._handoffs[entity.id] = entity
        else:
            self._ordered(kind).insert(entity, index)

    def remove_entity(self, kind: Kind, entity_id: str) -> int | None:
        """Remove an entity; return its index for ordered kinds."""
        if not self.has(kind, entity_id):
            raise EditError(f"There is no {kind.value} with id {entity_id!r}.")
        if kind is Kind.STAGE:
            if self.graph.degree(entity_id):
                raise EditError("Remove a stage's handoffs before the stage itself.")
            if self.activities_of(entity_id):
                raise EditError("Remove a stage's activities before the stage itself.")
            self.graph.remove_node(entity_id)
            return None
        if kind is Kind.HANDOFF:
            handoff = self._handoffs.pop(entity_id)
            self.graph.remove_edge(handoff.source, handoff.target)
            return None
        return self._ordered(kind).remove(entity_id)

    def put_entities(self, kind: Kind, entities: list, read_from_file: bool = False) -> None:
        """Add or replace many entities of an ordered kind at once (an import); all or none.

        The entities are taken as they are, not copied: an import hands over
        hundreds of thousands of records, and the undo stack's last-in,
        first-out order keeps the edit's records and the live ones in step.
        Entities ``read_from_file`` had the length of each text checked as they were read
        (the codec's and lead_rows' checks): it is not looked at again.
        """
        if kind in (Kind.STAGE, Kind.HANDOFF, Kind.META):
            raise EditError(f"{kind.value.capitalize()}s cannot be put in bulk.")
        self._check_all(kind, entities, texts_checked=read_from_file)
        self._ordered(kind).put_many(entities)

    def drop_entities(self, kind: Kind, entity_ids: list[str]) -> None:
        """Remove many entities of an ordered kind at once (undoing an import)."""
        collection = self._ordered(kind)
        doomed = set(entity_ids)
        for entity_id in doomed:
            collection.remove_quietly(entity_id)
        collection.forget_order_of(doomed)

    def move_entity(self, kind: Kind, entity_id: str, index: int) -> int:
        """Move an entity of an ordered kind to ``index``; return the index it had."""
        if not self.is_ordered(kind):
            raise EditError(f"{kind.value.capitalize()}s have no order to change.")
        return self._ordered(kind).move(entity_id, index)

    def set_fields(self, kind: Kind, entity_id: str, values: dict[str, Any]) -> None:
        """Replace the entity with a copy that has ``values``; the old object is left as it was."""
        entity = self.get(kind, entity_id)
        names = {field.name for field in dataclasses.fields(entity)}
        unknown = [name for name in values if name not in names or name == "id"]
        if unknown:
            raise EditError(f"{an_entity(kind)} has no field {unknown[0]!r} that can be set.")
        updated = dataclasses.replace(entity, **values)
        self._check_references(kind, updated)
        if kind is Kind.META:
            self.meta = updated
        elif kind is Kind.STAGE:
            self.graph.nodes[entity_id]["stage"] = updated
        elif kind is Kind.HANDOFF:
            if (updated.source, updated.target) != (entity.source, entity.target):
                self.graph.remove_edge(entity.source, entity.target)
            self.graph.add_edge(updated.source, updated.target, handoff=updated)
            self._handoffs[entity_id] = updated
        else:
            self._ordered(kind).replace(updated)

    def _check_all(self, kind: Kind, entities: list, texts_checked: bool = False) -> None:
        """``_check_references`` for each of many entities, refusing with its first refusal;
        for a kind that refers to nothing, each check is one pass over all of them."""
        title = _NAME_FIELD.get(kind)
        if kind in _REFERRING or (
            title and not all(map(str.strip, map(str, map(attrgetter(title), entities))))
        ):
            for entity in entities:
                self._check_references(kind, entity)
            return
        check_all_values(kind, entities, texts_checked)

    def _check_references(self, kind: Kind, entity: Any) -> None:
        """Refuse an entity with no name, or one that points at things that do not exist."""
        title = _NAME_FIELD.get(kind)
        if title and not str(getattr(entity, title)).strip():
            raise EditError(f"{an_entity(kind)} needs {with_article(title)}; it cannot be empty.")
        if kind is Kind.STAGE:
            if entity.phase not in self.phases:
                raise EditError(f"There is no phase {entity.phase!r} for {entity.name!r}.")
            if entity.lane not in self.lanes:
                raise EditError(f"There is no lane {entity.lane!r} for {entity.name!r}.")
        elif kind is Kind.HANDOFF:
            for end in (entity.source, entity.target):
                if not self.has_stage(end):
                    raise EditError(
                        f"A handoff cannot point at a stage that does not exist ({end!r})."
                    )
            if entity.source == entity.target:
                raise EditError("A handoff must lead to a different stage.")
            existing = self.handoff_between(entity.source, entity.target)
            if existing is not None and existing.id != entity.id:
                raise EditError("Those two stages are already connected.")
            if entity.recycle_to is not None and not self.has_stage(entity.recycle_to):
                raise EditError("The recycle stage does not exist.")
            if entity.definition is not None and entity.definition not in self.definitions:
                raise EditError("The definition this handoff relies on does not exist.")
        elif kind is Kind.ACTIVITY:
            if not self.has_stage(entity.stage):
                raise EditError("An activity must belong to a stage that exists.")
            missing = [role for role in entity.raci if role not in self.roles]
            if missing:
                raise EditError(f"There is no role {missing[0]!r} to assign.")
        elif kind is Kind.IMPROVEMENT and entity.target is not None:
            if not self.has(entity.target_kind, entity.target):
                raise EditError(
                    f"The {entity.target_kind} this improvement changes does not exist."
                )
        elif kind is Kind.NOTE and entity.stage is not None and not self.has_stage(entity.stage):
            raise EditError("The stage this note is on does not exist.")
        elif kind is Kind.PROJECT:
            missing = [stage for stage in entity.areas if not self.has_stage(stage)]
            if missing:
                raise EditError(f"There is no stage {missing[0]!r} for this project to redesign.")
        elif kind is Kind.ROLE and entity.team is not None and entity.team not in self.lanes:
            raise EditError(f"There is no team {entity.team!r} for role {entity.name!r}.")
        check_values(kind, entity)

    # -- comparison ---------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        """Equal when every entity is equal, in the same order where the file keeps an order."""
        if not isinstance(other, Playbook):
            return NotImplemented
        if self.meta != other.meta:
            return False
        for kind in TABLES:
            if self.is_kept_in_order(kind):
                mine, theirs = list(self._ordered(kind)), list(other._ordered(kind))
            else:
                mine = {i: self.get(kind, i) for i in self.ids(kind)}
                theirs = {i: other.get(kind, i) for i in other.ids(kind)}
            if mine != theirs:
                return False
        return True

    @staticmethod
    def is_kept_in_order(kind: Kind) -> bool:
        """Whether the user's order of this kind is part of the playbook (and of its file)."""
        return TABLES[kind].ordered

    __hash__ = None  # type: ignore[assignment]
