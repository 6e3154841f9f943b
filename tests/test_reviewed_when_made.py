"""A stage is reviewed when it is made: a new stage carries no "Review due" badge and is not
listed as never reviewed; stages in older files, or read from a JSON export, keep the dates
they have (or that they have none)."""

from __future__ import annotations

import datetime
import json

from journeyapp.models import fragment, operations
from journeyapp.models.change import Kind
from journeyapp.models.staleness import review_unreviewed, stale_stages
from journeyapp.models.templates import load_template
from PySide6.QtCore import QPointF

MADE_ON = datetime.date(2027, 2, 3)


def stage_named(playbook, name):
    return next(s for s in playbook.stages() if s.name == name)


def test_a_stage_added_is_reviewed_on_the_day_it_is_made_and_undo_takes_it_away():
    playbook = load_template("b2b-saas")
    edit = operations.add_stage(
        playbook, "Webinar", "awareness", "marketing", made_on=MADE_ON.isoformat()
    )
    playbook.apply(edit)
    new = playbook.stage(edit.entity.id)
    assert new.last_reviewed == "2027-02-03"
    assert new.id not in {s.stage_id for s in stale_stages(playbook, MADE_ON)}
    edit.revert(playbook)
    assert not playbook.has_stage(new.id)


def test_a_pasted_copy_is_reviewed_when_pasted_not_when_its_original_was():
    playbook = load_template("b2b-saas")
    lead = stage_named(playbook, "Lead")
    playbook.apply(operations.set_fields(playbook, Kind.STAGE, lead.id, last_reviewed=None))
    data = fragment.extract(playbook, [lead.id])
    edit = fragment.paste_edit(playbook, data, made_on=MADE_ON.isoformat())
    playbook.apply(edit)
    (copy_id,) = fragment.pasted_stage_ids(edit)
    assert playbook.stage(copy_id).last_reviewed == "2027-02-03"
    never = {s.stage_id for s in stale_stages(playbook, MADE_ON) if s.days is None}
    assert lead.id in never  # the original keeps what it had
    assert copy_id not in never


def test_a_playbook_made_from_an_import_reviews_its_undated_stages_and_keeps_dated_ones():
    playbook = load_template("b2b-saas")
    lead, mql = stage_named(playbook, "Lead"), stage_named(playbook, "MQL")
    reviewed = mql.last_reviewed
    playbook.apply(operations.set_fields(playbook, Kind.STAGE, lead.id, last_reviewed=None))
    review_unreviewed(playbook, MADE_ON.isoformat())
    assert playbook.stage(lead.id).last_reviewed == "2027-02-03"
    assert playbook.stage(mql.id).last_reviewed == reviewed != MADE_ON.isoformat()


def test_a_playbook_made_from_a_json_export_keeps_its_never_reviewed_stages(tmp_path):
    """`new --from-json` reads a playbook that already exists: a stage nobody has reviewed
    is still due a review, and exporting again gives back the same file."""
    from journeyapp.export.json_interchange import write_json
    from journeyapp.models.store import Store

    from journeyapp.cli import main

    playbook = load_template("b2b-saas")
    lead = stage_named(playbook, "Lead")
    playbook.apply(operations.set_fields(playbook, Kind.STAGE, lead.id, last_reviewed=None))
    exported = tmp_path / "old.json"
    write_json(playbook, exported)
    assert json.loads(exported.read_text())  # a real export, with a never-reviewed stage
    made = tmp_path / "made.journey"
    assert main(["new", str(made), "--from-json", str(exported)]) == 0
    store = Store.open(made, read_only=True)
    try:
        imported = store.load()
    finally:
        store.close()
    assert imported.stage(lead.id).last_reviewed is None
    never = [s.stage_id for s in stale_stages(imported, datetime.date.today()) if s.days is None]
    assert never == [lead.id]
    again = tmp_path / "again.json"
    write_json(imported, again)
    assert again.read_bytes() == exported.read_bytes()


def test_a_playbook_made_from_a_template_has_no_never_reviewed_stage():
    playbook = load_template("b2b-saas")
    today = datetime.date.today()
    assert not [s for s in stale_stages(playbook, today) if s.days is None]


def test_a_stage_made_on_the_canvas_has_no_review_badge_and_is_not_listed(window, monkeypatch):
    later = datetime.date(2027, 3, 1)  # the sample's stages are due a review by then
    monkeypatch.setattr(window.scene, "today", lambda: later)
    canvas = window.canvas
    grid = canvas.map_scene.grid
    column, row = grid.column("retention"), grid.row("marketing")
    stage_id = canvas.add_stage_at(
        QPointF(column.start + column.size / 2, row.start + row.size / 2)
    )
    canvas.name_editor.hide()
    assert window.document.playbook.stage(stage_id).last_reviewed == "2027-03-01"
    assert window.scene.stage_items[stage_id].data_shown.stale == ""
    review = window.panels.review
    review.set_playbook(window.document.playbook)
    listed = [review.stale_list.item(n).text() for n in range(review.stale_list.count())]
    assert listed and not any(name.startswith("New stage") for name in listed)
    # Made and reviewed in one step: undo removes the stage and its date together.
    window.document.undo_stack.undo()
    assert not window.document.playbook.has_stage(stage_id)


def test_duplicating_a_card_makes_a_reviewed_copy(window, monkeypatch):
    later = datetime.date(2027, 3, 1)
    monkeypatch.setattr(window.scene, "today", lambda: later)
    playbook = window.document.playbook
    window.scene.set_playbook(playbook, window.document.problems())
    lead = stage_named(playbook, "Lead")
    window.scene.select_stage(lead.id)
    window.canvas.duplicate_selection()
    copies = [s for s in playbook.stages() if s.name == "Lead" and s.id != lead.id]
    assert len(copies) == 1
    assert copies[0].last_reviewed == "2027-03-01"
    assert window.scene.stage_items[copies[0].id].data_shown.stale == ""
    assert window.scene.stage_items[lead.id].data_shown.stale.startswith("last reviewed")
