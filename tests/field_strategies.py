"""Hypothesis strategies for whole playbooks, built from the entities' field declarations.

Each field is generated from its declaration (models/fields.py), so a field added
to an entity is generated, saved, read and compared without a change here.
References are drawn from the ids already in the playbook; an entity the model
refuses (two handoffs between the same stages, a rule comparing numbers with
words) is left out, as a user's refused edit would be.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st
from images import png
from journeyapp.models import fields
from journeyapp.models.change import Kind
from journeyapp.models.codec import BUILD_ORDER
from journeyapp.models.entities import ENTITY_TYPES, DealStep, Raci, Touch
from journeyapp.models.errors import EditError
from journeyapp.models.playbook import Playbook

Refs = Mapping[Kind, Sequence[str]]

words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
# What people type includes numbers (a scoring rule's "at least 200").
text = words | st.integers(-500, 500).map(str)
names = text.filter(lambda s: s.strip() != "")
colours = st.from_regex(r"\A#[0-9a-f]{6}\Z")
seconds = st.integers(fields.DealPath.earliest, fields.DealPath.latest)

# How many of each kind a generated playbook holds at most (phases and lanes: at least one).
MOST = {Kind.STAGE: 7, Kind.HANDOFF: 8, Kind.ACTIVITY: 5}
LEAST = {Kind.PHASE: 1, Kind.LANE: 1}


def _maybe(strategy: st.SearchStrategy, optional: bool) -> st.SearchStrategy:
    return st.none() | strategy if optional else strategy


def _text(spec: fields.Text, refs: Refs, drawn: Mapping[str, Any]) -> st.SearchStrategy:
    kind = drawn[spec.kind_field] if spec.kind_field else spec.refers_to
    if kind is not None:
        ids = refs.get(kind, ())
        if not ids:
            return st.none() if spec.optional else st.nothing()
        return _maybe(st.sampled_from(ids), spec.optional)
    return _maybe(names if spec.nonempty else text, spec.optional)


def _value(spec: fields.Spec, refs: Refs, drawn: Mapping[str, Any]) -> st.SearchStrategy:
    if isinstance(spec, fields.Text):
        return _text(spec, refs, drawn)
    if isinstance(spec, fields.Colour):
        return colours
    if isinstance(spec, fields.Whole):
        return _maybe(st.integers(spec.low, min(spec.high, 10**6)), spec.optional)
    if isinstance(spec, fields.Number):
        numbers = st.floats(spec.low, spec.high, allow_nan=False, exclude_min=spec.above_low)
        return _maybe(numbers, spec.optional)
    if isinstance(spec, fields.Choice):
        return st.sampled_from(spec.members or list(spec.enum))
    if isinstance(spec, fields.Flag):
        return st.booleans()
    if isinstance(spec, fields.Image):
        return st.sampled_from([b"", png(), png(2, 5, (0, 120, 80))])
    if isinstance(spec, fields.TextList):
        return st.lists(text, max_size=4)
    if isinstance(spec, fields.Records):
        return st.lists(entities(spec.record, refs), max_size=2)
    if isinstance(spec, fields.Record):
        return st.none() | entities(spec.record, refs)
    if isinstance(spec, fields.RaciMap):
        roles = refs.get(Kind.ROLE, ())
        letters = st.sampled_from(list(Raci))
        return st.dictionaries(st.sampled_from(roles), letters) if roles else st.just({})
    if isinstance(spec, fields.DealPath):
        step = st.builds(DealStep, text, text, seconds, st.none() | seconds)
        return st.lists(step, max_size=3)
    if isinstance(spec, fields.StepNotes):
        steps = st.integers(0, 30).map(str)
        return st.dictionaries(steps, entities(spec.record, refs), max_size=2)
    if isinstance(spec, fields.Checked):
        return st.sampled_from(spec.examples)
    if isinstance(spec, fields.Touches):
        return st.lists(st.builds(Touch, seconds, st.sampled_from(spec.kinds)), max_size=3)
    if isinstance(spec, fields.RecordMap):
        keys = st.sampled_from(refs[spec.keys]) if refs.get(spec.keys) else names
        return st.dictionaries(keys, entities(spec.record, refs), max_size=2)
    if isinstance(spec, fields.Counts):
        keys = st.sampled_from(refs[spec.keys]) if refs.get(spec.keys) else names
        return st.dictionaries(keys, st.integers(0, spec.high), max_size=3)
    raise TypeError(f"No strategy for the declaration {spec!r}.")


@st.composite
def entities(draw, cls: type, refs: Refs | None = None, **fixed: Any) -> Any:
    """One entity (or record) of ``cls``; ``fixed`` gives some fields their values."""
    refs = refs or {}
    drawn: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name in fixed:
            drawn[field.name] = fixed[field.name]
        else:
            drawn[field.name] = draw(_value(fields.spec_of(field), refs, drawn))
    return cls(**drawn)


def _required_refs(cls: type) -> set[Kind]:
    return {
        spec.refers_to
        for _, spec in fields.declared(cls)
        if isinstance(spec, fields.Text) and spec.refers_to is not None and not spec.optional
    }


@st.composite
def playbooks(draw) -> Playbook:
    """A playbook holding some of every kind of entity, each field drawn from its declaration."""
    playbook = Playbook(draw(entities(ENTITY_TYPES[Kind.META])))
    for kind, key in BUILD_ORDER:
        cls = ENTITY_TYPES[kind]
        if any(not playbook.ids(needed) for needed in _required_refs(cls)):
            continue
        for i in range(draw(st.integers(LEAST.get(kind, 0), MOST.get(kind, 3)))):
            refs = {k: playbook.ids(k) for k in Kind if k is not Kind.META}
            entity = draw(entities(cls, refs, id=f"{key}-{i}"))
            try:
                playbook.insert_entity(kind, entity)
            except EditError:
                continue
    return playbook
