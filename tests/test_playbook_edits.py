"""Edits change the playbook, undo puts it back exactly, and each names the ids it touched."""

from __future__ import annotations

import pytest
from builders import tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_to_dict
from journeyapp.models.edits import Macro
from journeyapp.models.entities import HandoffKind, Raci
from journeyapp.models.errors import EditError


def test_playbook_is_a_networkx_graph_of_stages_and_handoffs():
    playbook = tiny_playbook()
    assert set(playbook.graph.nodes) == {"visitor", "mql", "sql", "won", "lost"}
    assert playbook.graph.has_edge("mql", "sql")
    assert playbook.graph.edges["mql", "sql"]["handoff"].id == "h2"
    assert [h.id for h in playbook.outgoing("sql")] == ["h3", "h4"]


def test_rename_keeps_the_id_and_undo_restores_the_name():
    playbook = tiny_playbook()
    edit = ops.rename(playbook, Kind.STAGE, "mql", "Marketing-qualified lead")
    playbook.apply(edit)
    assert playbook.stage("mql").name == "Marketing-qualified lead"
    assert playbook.handoff("h2").source == "mql"
    playbook.revert(edit)
    assert playbook.stage("mql").name == "MQL"


def test_delete_stage_removes_its_handoffs_and_activities_and_undo_restores_all():
    playbook = tiny_playbook()
    before = playbook_to_dict(playbook)
    edit = ops.remove_stage(playbook, "sql")
    playbook.apply(edit)
    assert not playbook.has_stage("sql")
    assert {h.id for h in playbook.handoffs()} == {"h1"}
    assert [a.id for a in playbook.activities] == ["a1"]
    playbook.revert(edit)
    assert playbook_to_dict(playbook) == before


def test_delete_stage_clears_recycle_targets_pointing_at_it():
    playbook = tiny_playbook()
    playbook.apply(ops.set_fields(playbook, Kind.HANDOFF, "h2", recycle_to="visitor"))
    before = playbook_to_dict(playbook)
    edit = ops.remove_stage(playbook, "visitor")
    playbook.apply(edit)
    assert playbook.handoff("h2").recycle_to is None
    playbook.revert(edit)
    assert playbook_to_dict(playbook) == before


def test_move_stage_to_another_cell_and_back():
    playbook = tiny_playbook()
    edit = ops.move_stage(playbook, "mql", "decide", "sales", 500, 150)
    playbook.apply(edit)
    stage = playbook.stage("mql")
    assert (stage.phase, stage.lane, stage.x, stage.y) == ("decide", "sales", 500, 150)
    playbook.revert(edit)
    stage = playbook.stage("mql")
    assert (stage.phase, stage.lane, stage.x, stage.y) == ("aware", "mkt", 264, 24)


def test_connect_across_lanes_defaults_to_a_cross_team_handoff():
    playbook = tiny_playbook()
    edit = ops.connect(playbook, "visitor", "sql")
    playbook.apply(edit)
    assert playbook.handoff_between("visitor", "sql").kind is HandoffKind.CROSS_TEAM
    same_lane = ops.connect(playbook, "won", "lost")
    assert same_lane.entity.kind is HandoffKind.PROGRESSION


def test_reconnecting_a_handoff_moves_the_graph_edge():
    playbook = tiny_playbook()
    edit = ops.set_fields(playbook, Kind.HANDOFF, "h4", target="visitor")
    playbook.apply(edit)
    assert playbook.graph.has_edge("sql", "visitor")
    assert not playbook.graph.has_edge("sql", "lost")
    playbook.revert(edit)
    assert playbook.graph.has_edge("sql", "lost")
    assert not playbook.graph.has_edge("sql", "visitor")


@pytest.mark.parametrize(
    ("make_edit", "message"),
    [
        (lambda p: ops.connect(p, "mql", "nowhere"), "no stage"),
        (lambda p: ops.connect(p, "mql", "mql"), "different stage"),
        (lambda p: ops.connect(p, "mql", "sql"), "already connected"),
        (lambda p: ops.rename(p, Kind.STAGE, "mql", "   "), "cannot be empty"),
        (lambda p: ops.add_stage(p, "X", "no-such-phase", "mkt"), "no phase"),
        (lambda p: ops.set_raci(p, "a1", "ghost", Raci.R), "no role"),
        (lambda p: ops.set_fields(p, Kind.HANDOFF, "h1", definition="missing"), "definition"),
    ],
)
def test_an_impossible_edit_is_refused_with_a_sentence_and_changes_nothing(make_edit, message):
    playbook = tiny_playbook()
    before = playbook_to_dict(playbook)
    with pytest.raises(EditError, match=message):
        playbook.apply(make_edit(playbook))
    assert playbook_to_dict(playbook) == before


def test_duplicate_role_names_are_refused():
    playbook = tiny_playbook()
    with pytest.raises(EditError, match="already a role"):
        ops.add_role(playbook, " sdr ")


def test_a_macro_that_fails_halfway_leaves_nothing_behind():
    playbook = tiny_playbook()
    before = playbook_to_dict(playbook)
    good = ops.rename(playbook, Kind.STAGE, "mql", "Qualified")
    bad = ops.connect(playbook, "mql", "sql")  # already connected
    with pytest.raises(EditError):
        playbook.apply(Macro((good, bad), "two things"))
    assert playbook_to_dict(playbook) == before


def test_removing_a_phase_that_holds_stages_asks_where_they_go():
    playbook = tiny_playbook()
    with pytest.raises(EditError, match="choose where they go"):
        ops.remove_phase(playbook, "aware")
    before = playbook_to_dict(playbook)
    edit = ops.remove_phase(playbook, "aware", move_stages_to="decide")
    playbook.apply(edit)
    assert [p.id for p in playbook.phases] == ["decide"]
    assert playbook.stage("visitor").phase == "decide"
    playbook.revert(edit)
    assert playbook_to_dict(playbook) == before


def test_removing_a_lane_unsets_the_team_of_its_roles_and_undo_restores_it():
    playbook = tiny_playbook()
    before = playbook_to_dict(playbook)
    edit = ops.remove_lane(playbook, "mkt", move_stages_to="sales")
    playbook.apply(edit)
    assert playbook.roles["ops"].team is None
    playbook.revert(edit)
    assert playbook_to_dict(playbook) == before


def test_reordering_phases_is_reversible():
    playbook = tiny_playbook()
    edit = ops.move_in_order(playbook, Kind.PHASE, "decide", 0)
    playbook.apply(edit)
    assert playbook.ids(Kind.PHASE) == ["decide", "aware"]
    playbook.revert(edit)
    assert playbook.ids(Kind.PHASE) == ["aware", "decide"]


def test_set_raci_and_clear_it():
    playbook = tiny_playbook()
    edit = ops.set_raci(playbook, "a1", "sdr", Raci.C)
    playbook.apply(edit)
    assert playbook.activities["a1"].raci == {"ops": Raci.A, "sdr": Raci.C}
    cleared = ops.set_raci(playbook, "a1", "sdr", None)
    playbook.apply(cleared)
    assert playbook.activities["a1"].raci == {"ops": Raci.A}
    playbook.revert(cleared)
    playbook.revert(edit)
    assert playbook.activities["a1"].raci == {"ops": Raci.A, "sdr": Raci.R}


def test_applying_and_reverting_an_edit_name_the_ids_it_touched():
    playbook = tiny_playbook()
    edit = ops.remove_stage(playbook, "sql")
    for change in (playbook.apply(edit), playbook.revert(edit)):
        assert change.get(Kind.STAGE) == {"sql"}
        assert change.get(Kind.HANDOFF) == {"h2", "h3", "h4"}
        assert change.get(Kind.ACTIVITY) == {"a2"}


def test_typing_in_one_field_merges_into_one_edit_that_undoes_to_the_start():
    playbook = tiny_playbook()
    first = ops.set_fields(playbook, Kind.STAGE, "mql", merge_key="typing", description="A")
    playbook.apply(first)
    second = ops.set_fields(playbook, Kind.STAGE, "mql", merge_key="typing", description="AB")
    playbook.apply(second)
    merged = first.merged_with(second)
    assert merged is not None
    assert merged.old == {"description": ""} and merged.new == {"description": "AB"}
    playbook.revert(merged)
    assert playbook.stage("mql").description == ""
    other = ops.set_fields(playbook, Kind.STAGE, "sql", merge_key="typing", description="X")
    assert first.merged_with(other) is None


def test_an_edit_keeps_its_own_copy_of_values():
    playbook = tiny_playbook()
    criteria = ["Budget"]
    edit = ops.set_fields(playbook, Kind.HANDOFF, "h2", qualification=criteria)
    criteria.append("Authority")
    playbook.apply(edit)
    assert playbook.handoff("h2").qualification == ("Budget",)
