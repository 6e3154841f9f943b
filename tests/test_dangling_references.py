"""A reference to something that is gone: the edit that removes a thing keeps every reference
to it whole, and a file that has a dangling one anyway opens, says what it set right, and
loses nothing else."""

from __future__ import annotations

import sqlite3

import pytest
from journeyapp.models import operations as ops
from journeyapp.models import parking_lot, retrospective
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_from_dict, playbook_to_dict
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template


def with_every_reference():
    """The sample, plus a note on a stage and improvements aimed at an activity and a handoff."""
    playbook = load_template("b2b-saas")
    stage = playbook.stages_in_journey_order()[3]
    activity = playbook.activities_of(stage.id)[0]
    handoff = playbook.outgoing(stage.id)[0]
    playbook.apply(parking_lot.add_note(playbook, "Ask about budget", stage.id, "2026-11-30"))
    for kind, target in ((Kind.ACTIVITY, activity.id), (Kind.HANDOFF, handoff.id)):
        add = retrospective.add_improvement(playbook, f"Better {kind.value}", None, "2026-11-30")
        playbook.apply(add)
        playbook.apply(
            ops.set_fields(
                playbook, Kind.IMPROVEMENT, add.entity.id, target_kind=kind, target=target
            )
        )
    return playbook


def test_deleting_an_activity_an_improvement_aims_at_keeps_the_file_openable(tmp_path):
    """An improvement aimed at an activity dangled once the activity was deleted, and the file
    was then refused as damaged."""
    playbook = with_every_reference()
    aimed = next(i for i in playbook.improvements if i.target_kind is Kind.ACTIVITY)
    activity = playbook.activities[aimed.target]
    path = tmp_path / "p.journey"
    store = Store.create(path, playbook)
    playbook = store.load()
    edit = ops.remove_activity(playbook, activity.id)
    store.commit(playbook, playbook.apply(edit))
    store.close()
    reopened = Store.open(path)
    after = reopened.load()
    assert reopened.repairs == []
    assert activity.id not in after.activities
    moved = after.improvements[aimed.id]
    assert (moved.target_kind, moved.target) == (Kind.STAGE, activity.stage)
    reopened.commit(after, after.revert(edit))  # one undo step puts both back
    reopened.close()
    again = Store.open(path)
    restored = again.load()
    again.close()
    assert restored.activities[activity.id] == activity
    assert restored.improvements[aimed.id] == aimed


def test_deleting_a_handoff_an_improvement_aims_at_clears_its_target():
    playbook = with_every_reference()
    aimed = next(i for i in playbook.improvements if i.target_kind is Kind.HANDOFF)
    playbook.apply(ops.remove_handoff(playbook, aimed.target))
    assert playbook.improvements[aimed.id].target is None
    assert playbook.improvements[aimed.id].title == aimed.title
    playbook_from_dict(playbook_to_dict(playbook))  # and it reads back


def _first(conn, sql):
    return conn.execute(sql).fetchone()[0]


DANGLING = {
    "stage's phase": "UPDATE stages SET phase = 'ghost' WHERE id = (SELECT min(id) FROM stages)",
    "stage's lane": "UPDATE stages SET lane = 'ghost' WHERE id = (SELECT min(id) FROM stages)",
    "handoff's source": "UPDATE handoffs SET source = 'ghost' WHERE id = "
    "(SELECT min(id) FROM handoffs)",
    "handoff's target": "UPDATE handoffs SET target = 'ghost' WHERE id = "
    "(SELECT min(id) FROM handoffs)",
    "handoff's recycle stage": "UPDATE handoffs SET recycle_to = 'ghost' WHERE id = "
    "(SELECT min(id) FROM handoffs WHERE recycle_to IS NOT NULL)",
    "handoff's definition": "UPDATE handoffs SET definition = 'ghost' WHERE id = "
    "(SELECT min(id) FROM handoffs WHERE definition IS NOT NULL)",
    "activity's stage": "UPDATE activities SET stage = 'ghost' WHERE position = 0",
    "activity's role": "UPDATE activities SET raci = json_set(raci, '$.ghost', 'R') "
    "WHERE position = 0",
    "improvement's activity": "UPDATE improvements SET target = 'ghost' "
    "WHERE target_kind = 'activity'",
    "improvement's handoff": "UPDATE improvements SET target = 'ghost' "
    "WHERE target_kind = 'handoff'",
    "improvement's stage": "UPDATE improvements SET target = 'ghost' WHERE target_kind = 'stage'",
    "note's stage": "UPDATE notes SET stage = 'ghost'",
    "role's team": "UPDATE roles SET team = 'ghost' WHERE position = 0",
}


@pytest.mark.parametrize("reference", sorted(DANGLING))
def test_a_file_with_one_dangling_reference_opens_and_loses_nothing_else(tmp_path, reference):
    original = with_every_reference()
    path = tmp_path / "p.journey"
    Store.create(path, original).close()
    conn = sqlite3.connect(path)
    changed = conn.execute(DANGLING[reference]).rowcount
    conn.commit()
    conn.close()
    assert changed >= 1
    for read_only in (True, False):
        store = Store.open(path, read_only=read_only)
        try:
            opened = store.load()
            repairs = list(store.repairs)
        finally:
            store.close()
        assert len(repairs) == changed, repairs
        assert all(r.endswith(".") and "\n" not in r for r in repairs)
        before, after = playbook_to_dict(original), playbook_to_dict(opened)
        for key in (
            "phases",
            "lanes",
            "roles",
            "definitions",
            "stages",
            "handoffs",
            "activities",
            "improvements",
            "notes",
            "deals",
            "snapshots",
        ):
            kept = {item["id"] for item in after[key]}
            lost = [item["id"] for item in before[key] if item["id"] not in kept]
            assert len(lost) <= 1 and (not lost or key in ("handoffs", "activities")), (key, lost)
            differing = [item["id"] for item in after[key] if item not in before[key]]
            assert len(differing) <= changed, (key, differing)


def test_the_window_says_what_it_set_right_when_opening_such_a_file(window, tmp_path, messages):
    path = tmp_path / "p.journey"
    Store.create(path, with_every_reference()).close()
    conn = sqlite3.connect(path)
    conn.execute(DANGLING["note's stage"])
    conn.commit()
    conn.close()
    assert window.open_file(path)
    assert "p.journey opened, with 1 problem set right in memory" in messages[-1]
    assert "Note “Ask about budget” pointed at a stage that does not exist" in messages[-1]
    assert window.document.playbook.notes.ids()  # the note is kept, on the board
