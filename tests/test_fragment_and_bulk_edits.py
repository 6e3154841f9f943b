"""Clipboard fragments, multi-stage moves and deletes, reversing, and add-then-name merging."""

from __future__ import annotations

import json

import pytest
from builders import tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_to_dict
from journeyapp.models.errors import FormatError
from journeyapp.models.fragment import as_text, extract, paste_edit, pasted_stage_ids
from journeyapp.models.templates import blank_playbook


def test_copy_paste_within_a_playbook_makes_new_ids_and_keeps_inner_handoffs():
    playbook = tiny_playbook()
    data = json.loads(json.dumps(extract(playbook, ["mql", "sql"])))
    assert [s["name"] for s in data["stages"]] == ["MQL", "SQL"]
    assert [h["id"] for h in data["handoffs"]] == ["h2"]
    assert as_text(data) == "MQL\nSQL"
    before = playbook_to_dict(playbook)
    edit = paste_edit(playbook, data)
    playbook.apply(edit)
    new_ids = pasted_stage_ids(edit)
    assert len(new_ids) == 2 and not {"mql", "sql"} & set(new_ids)
    copy_mql, copy_sql = (playbook.stage(i) for i in new_ids)
    assert copy_mql.name == "MQL" and copy_mql.x == 264 + 32
    assert playbook.handoff_between(copy_mql.id, copy_sql.id).trigger == "Score ≥ 65"
    assert [a.name for a in playbook.activities_of(copy_sql.id)] == ["Discovery call"]
    assert playbook.activities_of(copy_sql.id)[0].raci == {"sdr": "A", "ops": "R"}
    playbook.revert(edit)
    assert playbook_to_dict(playbook) == before


def test_paste_into_another_playbook_maps_cells_and_roles_by_name():
    source = tiny_playbook()
    data = extract(source, ["sql"])
    target = blank_playbook()
    edit = paste_edit(target, data)
    target.apply(edit)
    [stage_id] = pasted_stage_ids(edit)
    stage = target.stage(stage_id)
    assert (stage.phase, stage.lane) == ("decision", "sales")
    [role_a, role_b] = list(target.roles)
    assert {role_a.name, role_b.name} == {"SDR", "Marketing ops"}
    assert set(target.activities_of(stage_id)[0].raci) == {role_a.id, role_b.id}


def test_pasting_something_else_is_one_sentence():
    with pytest.raises(FormatError, match="does not hold stages"):
        paste_edit(tiny_playbook(), {"hello": "world"})


def test_moving_several_stages_is_one_edit():
    playbook = tiny_playbook()
    edit = ops.move_stages(
        playbook, {"mql": ("decide", "sales", 40, 40), "sql": ("aware", "mkt", 500, 24)}
    )
    playbook.apply(edit)
    assert playbook.stage("mql").phase == "decide" and playbook.stage("sql").x == 500
    playbook.revert(edit)
    assert playbook.stage("mql").phase == "aware" and playbook.stage("sql").x == 24


def test_deleting_connected_stages_together_and_undoing():
    playbook = tiny_playbook()
    before = playbook_to_dict(playbook)
    edit = ops.remove_many(playbook, ["mql", "sql"], ["h1"])
    playbook.apply(edit)
    assert sorted(playbook.graph.nodes) == ["lost", "visitor", "won"]
    assert playbook.handoffs() == []
    playbook.revert(edit)
    assert playbook_to_dict(playbook) == before


def test_reverse_a_handoff():
    playbook = tiny_playbook()
    edit = ops.reverse_handoff(playbook, "h1")
    playbook.apply(edit)
    assert playbook.graph.has_edge("mql", "visitor") and not playbook.graph.has_edge(
        "visitor", "mql"
    )
    playbook.revert(edit)
    assert playbook.graph.has_edge("visitor", "mql")


def test_naming_a_new_stage_right_away_folds_into_the_add():
    playbook = tiny_playbook()
    add = ops.add_stage(playbook, "New stage", "aware", "mkt", merge_key="new")
    playbook.apply(add)
    name = ops.set_fields(playbook, Kind.STAGE, add.entity.id, merge_key="new", name="Webinar")
    playbook.apply(name)
    merged = add.merged_with(name)
    assert merged is not None and merged.label == "Add stage “Webinar”"
    playbook.revert(merged)
    assert not playbook.has_stage(add.entity.id)
    playbook.apply(merged)
    assert playbook.stage(add.entity.id).name == "Webinar"
    other = ops.set_fields(playbook, Kind.STAGE, "mql", merge_key="new", name="X")
    assert add.merged_with(other) is None


HOSTILE_CLIPBOARDS = [
    b"[" * 100_000 + b"]" * 100_000,  # RecursionError in json.loads
    b"\xff\xfe not text",
    b'{"format": "journeyapp.fragment", "phases": 5}',  # TypeError iterating a number
    b'{"format": "journeyapp.fragment", "phases": [{"name": "no id"}], "stages": []}',
    b'{"format": "journeyapp.fragment", "definitions": [{"id": ["a list"]}], "stages": []}',
    b'{"format": "journeyapp.fragment", "lanes": ["not an object"]}',  # KeyError / TypeError
    b'{"format": "journeyapp.fragment", "stages": [{"id": "s", "name": "S", "phase": 1}]}',
    b'{"format": "journeyapp.fragment", "stages": {"a": 1}}',
]


@pytest.mark.parametrize("raw", HOSTILE_CLIPBOARDS)
def test_hostile_clipboard_content_is_refused_in_a_sentence(raw):
    """Such content pasted onto the map raised RecursionError, TypeError and KeyError."""
    from journeyapp.models.fragment import read_clipboard

    playbook = tiny_playbook()
    before = playbook_to_dict(playbook)
    with pytest.raises(FormatError) as refusal:
        paste_edit(playbook, read_clipboard(raw))
    assert str(refusal.value).count(".") >= 1 and "\n" not in str(refusal.value)
    assert playbook_to_dict(playbook) == before


def test_any_json_on_the_clipboard_pastes_or_is_refused_in_a_sentence():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from journeyapp.models.errors import PlaybookError
    from journeyapp.models.fragment import FRAGMENT_FORMAT

    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    values = st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.sampled_from(["id", "name", "phase", "lane", "term", "x"]), inner)
        ),
        max_leaves=20,
    )
    keys = st.sampled_from(["phases", "lanes", "roles", "definitions", "stages", "handoffs"])
    fragments = st.dictionaries(keys, values, max_size=4).map(
        lambda d: {"format": FRAGMENT_FORMAT, **d}
    )

    @settings(max_examples=200, deadline=None)
    @given(fragments)
    def paste(data):
        playbook = tiny_playbook()
        try:
            edit = paste_edit(playbook, data)
            playbook.apply(edit)
        except PlaybookError as refusal:
            assert "\n" not in str(refusal)

    paste()
