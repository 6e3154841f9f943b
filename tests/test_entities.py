"""Entities are values: an edit puts a new one in place, equality compares what they hold,
and refusals name the thing with the right article. No Qt here."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest
from builders import tiny_data, tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_from_dict, playbook_to_dict
from journeyapp.models.entities import (
    Activity,
    Improvement,
    PlaybookMeta,
    Raci,
    ScoringRule,
    Stage,
)
from journeyapp.models.errors import EditError
from journeyapp.models.fields import FrozenMap


def test_an_edit_puts_a_new_stage_in_place_and_leaves_the_old_one_as_it_was():
    playbook = tiny_playbook()
    old = playbook.stage("mql")
    playbook.apply(ops.rename(playbook, Kind.STAGE, "mql", "Marketing-qualified lead"))
    assert old.name == "MQL"
    assert playbook.stage("mql").name == "Marketing-qualified lead"
    assert playbook.graph.nodes["mql"]["stage"].name == "Marketing-qualified lead"


def test_a_changed_handoff_is_the_one_on_the_graph_edge_too():
    playbook = tiny_playbook()
    playbook.apply(ops.set_fields(playbook, Kind.HANDOFF, "h2", sla_hours=48.0))
    assert playbook.handoff("h2").sla_hours == 48.0
    assert playbook.handoff_between("mql", "sql").sla_hours == 48.0
    playbook.apply(ops.set_fields(playbook, Kind.HANDOFF, "h2", target="lost"))
    assert playbook.handoff_between("mql", "lost").sla_hours == 48.0
    assert playbook.handoff_between("mql", "sql") is None


def test_a_list_or_mapping_given_to_an_entity_is_kept_read_only():
    stage = Stage(id="s", name="S", phase="p", lane="l", content=[])
    assert stage.content == ()
    activity = Activity("a", "s", "Call", raci={"sdr": Raci.R})
    assert activity.raci == {"sdr": Raci.R}
    assert isinstance(activity.raci, FrozenMap)
    with pytest.raises(TypeError):
        activity.raci.update({"sdr": Raci.A})
    assert json.dumps(activity.raci) == '{"sdr": "R"}'
    assert copy.deepcopy(activity) == activity
    assert Improvement("i", "Shorter calls", target_kind="handoff").target_kind is Kind.HANDOFF


def test_playbooks_are_equal_when_their_entities_are():
    assert tiny_playbook() == tiny_playbook()
    changed = tiny_playbook()
    changed.set_fields(Kind.STAGE, "won", {"y": 25.0})
    assert changed != tiny_playbook()
    meta = tiny_playbook()
    meta.set_fields(Kind.META, "meta", {"owner": "Sam"})
    assert meta != tiny_playbook()


def test_playbook_equality_sees_the_order_users_set_but_not_the_order_of_the_graph():
    data = tiny_data()
    data["stages"].reverse()
    data["handoffs"].reverse()
    assert playbook_from_dict(data) == tiny_playbook()
    data = tiny_data()
    data["roles"].reverse()
    assert playbook_from_dict(data) != tiny_playbook()


def test_playbook_equality_sees_a_field_the_codec_would_not_write(monkeypatch):
    # Equality no longer goes through the codec: a field the codec missed still counts.
    a, b = tiny_playbook(), tiny_playbook()
    stage = b.stage("mql")
    b.graph.nodes["mql"]["stage"] = dataclasses.replace(stage, x=stage.x + 1)
    monkeypatch.setattr("journeyapp.models.codec.entity_to_dict", lambda entity: {})
    assert a != b


def test_the_playbook_properties_are_set_by_one_undoable_edit():
    playbook = tiny_playbook()
    edit = ops.set_fields(playbook, Kind.META, "meta", owner="Dana", version="2027 Q1")
    change = playbook.apply(edit)
    assert change.get(Kind.META) == {"meta"}
    assert (playbook.meta.owner, playbook.meta.version) == ("Dana", "2027 Q1")
    assert playbook_to_dict(playbook)["meta"] == {
        "name": "Tiny",
        "company": "Acme",
        "version": "2027 Q1",
        "owner": "Dana",
        "logo": "",
        "work_days": "Mon-Fri",
        "day_start": "09:00",
        "day_end": "17:00",
        "time_zone": "",
        "scoring_marketing_signoff": None,
        "scoring_sales_signoff": None,
    }
    playbook.revert(edit)
    assert (playbook.meta.owner, playbook.meta.version) == ("", "2026 Q4")


def test_a_playbook_file_without_an_owner_reads_as_no_owner():
    data = tiny_data()
    assert "owner" not in data["meta"]
    assert playbook_from_dict(data).meta == PlaybookMeta("Tiny", "Acme", "2026 Q4", "")


def test_the_playbook_properties_refuse_an_unknown_field_in_a_sentence():
    playbook = tiny_playbook()
    with pytest.raises(EditError, match=r"^The playbook has no field 'colour' that can be set\.$"):
        playbook.set_fields(Kind.META, "meta", {"colour": "red"})


def test_an_activity_without_a_name_is_refused_with_an():
    playbook = tiny_playbook()
    with pytest.raises(EditError, match=r"^An activity needs a name; it cannot be empty\.$"):
        playbook.insert_entity(Kind.ACTIVITY, Activity("a9", "mql", "  "))


def test_a_scoring_rule_without_an_attribute_is_refused_with_an():
    playbook = tiny_playbook()
    with pytest.raises(
        EditError, match=r"^A scoring rule needs an attribute; it cannot be empty\.$"
    ):
        playbook.insert_entity(Kind.SCORING_RULE, ScoringRule("r9", ""))


def test_a_too_long_methodology_is_refused_with_an():
    playbook = tiny_playbook()
    with pytest.raises(EditError, match=r"^An activity's methodology can hold at most 20,000"):
        playbook.set_fields(Kind.ACTIVITY, "a1", {"methodology": "m" * 20_001})
    assert playbook.activities["a1"].methodology == "- Check fit"


def test_an_improvements_target_kind_is_a_kind_kept_as_text_in_json_and_the_file(tmp_path):
    import sqlite3

    from journeyapp.models.store import Store

    playbook = tiny_playbook()
    improvement = Improvement("i1", "Faster SLA", target_kind=Kind.HANDOFF, target="h2")
    playbook.insert_entity(Kind.IMPROVEMENT, improvement)
    assert playbook_to_dict(playbook)["improvements"][0]["target_kind"] == "handoff"
    path = tmp_path / "p.journey"
    Store.create(path, playbook).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT target_kind FROM improvements").fetchone() == ("handoff",)
    finally:
        conn.close()
    store = Store.open(path)
    try:
        assert store.load().improvements["i1"].target_kind is Kind.HANDOFF
    finally:
        store.close()


def test_an_improvement_may_change_only_a_stage_a_handoff_or_an_activity():
    from journeyapp.models.errors import FormatError

    data = tiny_data()
    data["improvements"] = [{"id": "i1", "title": "Shorter", "target_kind": "lane"}]
    with pytest.raises(
        FormatError,
        match=r"^improvements\[0\]\.target_kind must be stage, handoff or activity, not “lane”\.$",
    ):
        playbook_from_dict(data)
