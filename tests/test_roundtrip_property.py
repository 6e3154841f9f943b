"""Any playbook saved and reopened, or exported and imported, is equal to the original."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from journeyapp.export.json_interchange import playbook_to_json
from journeyapp.models import limits
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_from_dict
from journeyapp.models.entities import (
    Activity,
    Condition,
    ContentItem,
    Definition,
    Handoff,
    HandoffKind,
    Lane,
    Phase,
    PlaybookMeta,
    Raci,
    Role,
    ScoreCategory,
    ScoringRule,
    SignOff,
    Stage,
    StageKind,
)
from journeyapp.models.playbook import Playbook
from journeyapp.models.store import Store

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
names = text.filter(lambda s: s.strip() != "")


def optional_int(low: int, high: int):
    return st.none() | st.integers(min_value=low, max_value=high)


coords = st.floats(min_value=-1e5, max_value=1e5, allow_nan=False)
colours = st.from_regex(r"\A#[0-9a-f]{6}\Z")
signoffs = st.none() | st.builds(SignOff, name=names, date=text)


@st.composite
def playbooks(draw) -> Playbook:
    playbook = Playbook(PlaybookMeta(draw(text), draw(text), draw(text)))
    for i in range(draw(st.integers(1, 4))):
        playbook.phases.insert(Phase(f"p{i}", draw(names)))
    for i in range(draw(st.integers(1, 3))):
        playbook.lanes.insert(Lane(f"l{i}", draw(names), draw(colours)))
    lanes = playbook.lanes.ids()
    for i in range(draw(st.integers(0, 3))):
        playbook.definitions.insert(
            Definition(
                f"d{i}",
                draw(names),
                draw(text),
                draw(text),
                draw(text),
                draw(signoffs),
                draw(signoffs),
            )
        )
    for i in range(draw(st.integers(0, 4))):
        playbook.roles.insert(Role(f"r{i}", draw(names), draw(st.none() | st.sampled_from(lanes))))
    stage_ids = [f"s{i}" for i in range(draw(st.integers(0, 7)))]
    for stage_id in stage_ids:
        stage = Stage(
            id=stage_id,
            name=draw(names),
            phase=draw(st.sampled_from(playbook.phases.ids())),
            lane=draw(st.sampled_from(lanes)),
            kind=draw(st.sampled_from(list(StageKind))),
            description=draw(text),
            buyer_goal=draw(text),
            buyer_questions=draw(text),
            entry_criteria=draw(text),
            exit_criteria=draw(text),
            expected_days=draw(optional_int(0, limits.MAX_EXPECTED_DAYS)),
            x=draw(coords),
            y=draw(coords),
            content=draw(st.lists(st.builds(ContentItem, names, text, text), max_size=2)),
            last_reviewed=draw(st.none() | text),
            last_reviewed_by=draw(text),
        )
        playbook.insert_entity(Kind.STAGE, stage)
    if len(stage_ids) >= 2:
        pairs = draw(
            st.lists(
                st.tuples(st.sampled_from(stage_ids), st.sampled_from(stage_ids)).filter(
                    lambda pair: pair[0] != pair[1]
                ),
                unique=True,
                max_size=8,
            )
        )
        for i, (source, target) in enumerate(pairs):
            handoff = Handoff(
                id=f"h{i}",
                source=source,
                target=target,
                kind=draw(st.sampled_from(list(HandoffKind))),
                trigger=draw(text),
                score_threshold=draw(optional_int(0, limits.MAX_SCORE)),
                qualification=draw(st.lists(text, max_size=4)),
                sla_hours=draw(st.none() | st.floats(0.01, limits.MAX_SLA_HOURS)),
                contact_attempts=draw(optional_int(1, limits.MAX_CONTACT_ATTEMPTS)),
                contact_days=draw(optional_int(1, limits.MAX_CONTACT_DAYS)),
                recycle_to=draw(st.none() | st.sampled_from(stage_ids)),
                target_conversion=draw(st.none() | st.floats(0, 1)),
                definition=draw(st.sampled_from([None, *playbook.definitions.ids()])),
            )
            playbook.insert_entity(Kind.HANDOFF, handoff)
    roles = playbook.roles.ids()
    for i in range(draw(st.integers(0, 5)) if stage_ids else 0):
        raci = (
            draw(st.dictionaries(st.sampled_from(roles), st.sampled_from(list(Raci))))
            if roles
            else {}
        )
        playbook.activities.insert(
            Activity(f"a{i}", draw(st.sampled_from(stage_ids)), draw(names), draw(text), raci)
        )
    for i in range(draw(st.integers(0, 3))):
        condition = draw(st.sampled_from(list(Condition)))
        value = str(draw(st.integers(-500, 500))) if condition.is_numeric else draw(text)
        playbook.scoring_rules.insert(
            ScoringRule(
                f"r{i}",
                draw(names),
                condition,
                value,
                draw(st.integers(-limits.MAX_RULE_POINTS, limits.MAX_RULE_POINTS)),
                draw(st.sampled_from(list(ScoreCategory))),
                draw(text),
            )
        )
    return playbook


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(playbooks())
def test_any_playbook_saved_and_reopened_is_equal(playbook):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.journey"
        Store.create(path, playbook).close()
        store = Store.open(path)
        try:
            assert store.load() == playbook
        finally:
            store.close()


@settings(max_examples=100, deadline=None)
@given(playbooks())
def test_any_playbook_exported_and_imported_is_equal(playbook):
    import json

    text_out = playbook_to_json(playbook)
    again = playbook_from_dict(json.loads(text_out))
    assert again == playbook
    assert playbook_to_json(again) == text_out
