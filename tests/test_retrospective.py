"""Notes captured while replaying a deal, promoted into improvements or methodology, undoably."""

from __future__ import annotations

import pytest
from journeyapp.models import operations, retrospective
from journeyapp.models.entities import ImprovementStatus
from journeyapp.models.errors import EditError
from journeyapp.models.templates import load_template

DEAL = "deal-sample-adatum"  # a lost deal of the sample with no notes yet


def test_a_step_note_is_one_edit_and_undo_takes_it_back():
    playbook = load_template("b2b-saas")
    edit = retrospective.set_step_note(
        playbook, DEAL, 3, did="Demo to the store managers", differently="Meet the COO first"
    )
    playbook.apply(edit)
    note = playbook.deals[DEAL].notes["3"]
    assert (note.did, note.differently) == ("Demo to the store managers", "Meet the COO first")
    playbook.revert(edit)
    assert playbook == load_template("b2b-saas")
    with pytest.raises(EditError, match="no step 9"):
        retrospective.set_step_note(playbook, DEAL, 8, did="x")


def test_the_stated_reason_and_the_root_cause_are_kept_apart():
    playbook = load_template("b2b-saas")
    from journeyapp.models.change import Kind

    playbook.apply(
        operations.set_fields(playbook, Kind.DEAL, DEAL, root_cause="Discovery stopped at IT.")
    )
    deal = playbook.deals[DEAL]
    assert (deal.stated_reason, deal.root_cause) == ("Timing", "Discovery stopped at IT.")


def test_a_note_becomes_an_improvement_on_that_stage_with_its_source():
    playbook = load_template("b2b-saas")
    playbook.apply(retrospective.set_step_note(playbook, DEAL, 3, differently="Meet the COO first"))
    with pytest.raises(EditError, match="title"):
        retrospective.promote_to_improvement(playbook, DEAL, 3, "  ", "2026-11-23")
    edit = retrospective.promote_to_improvement(playbook, DEAL, 3, "COO in discovery", "2026-11-23")
    playbook.apply(edit)
    improvement = playbook.improvements[edit.entity.id]
    step_stage = playbook.deals[DEAL].path[3].stage
    assert (improvement.target, improvement.source_deal) == (step_stage, DEAL)
    assert improvement.hypothesis == "Meet the COO first"
    assert improvement in retrospective.improvements_on(playbook, step_stage)
    playbook.apply(
        retrospective.set_improvement_status(
            playbook, improvement.id, ImprovementStatus.KEPT, "2026-12-01"
        )
    )
    decided = playbook.improvements[improvement.id]
    assert (decided.started, decided.decided) == ("2026-12-01", "2026-12-01")


def test_a_note_goes_into_the_methodology_of_that_stages_activity_only():
    playbook = load_template("b2b-saas")
    playbook.apply(retrospective.set_step_note(playbook, DEAL, 3, differently="Meet the COO first"))
    with pytest.raises(EditError, match="before promoting"):
        retrospective.promote_to_methodology(playbook, DEAL, 0, "anything")
    stage = playbook.deals[DEAL].path[3].stage
    activity = playbook.activities_of(stage)[0]
    other = next(a for a in playbook.activities if a.stage != stage)
    with pytest.raises(EditError, match="not an activity of the stage"):
        retrospective.promote_to_methodology(playbook, DEAL, 3, other.id)
    before = activity.methodology
    edit = retrospective.promote_to_methodology(playbook, DEAL, 3, activity.id)
    playbook.apply(edit)
    assert playbook.activities[activity.id].methodology.startswith(before.rstrip())
    assert playbook.activities[activity.id].methodology.endswith(
        "• Meet the COO first (from the retrospective of “Adatum Retail: store ops”)"
    )
    playbook.revert(edit)
    assert playbook.activities[activity.id].methodology == before


def test_deleting_a_stage_keeps_its_improvements_but_drops_the_target():
    playbook = load_template("b2b-saas")
    improvement = next(iter(playbook.improvements))
    edit = operations.remove_stage(playbook, improvement.target)
    playbook.apply(edit)
    assert playbook.improvements[improvement.id].target is None
    playbook.revert(edit)
    assert playbook == load_template("b2b-saas")


def test_an_improvement_is_added_to_a_stage_and_removed_in_its_place_undoably():
    playbook = load_template("b2b-saas")
    stage = playbook.stages_in_journey_order()[2]
    add = retrospective.add_improvement(
        playbook, "  Call within the hour  ", stage.id, "2026-11-30"
    )
    playbook.apply(add)
    added = playbook.improvements[add.entity.id]
    assert (added.title, added.target, added.created) == (
        "Call within the hour",
        stage.id,
        "2026-11-30",
    )
    assert added in retrospective.improvements_on(playbook, stage.id)
    order = playbook.improvements.ids()
    middle = order[len(order) // 2]
    remove = retrospective.remove_improvement(playbook, middle)
    playbook.apply(remove)
    assert middle not in playbook.improvements
    playbook.revert(remove)
    assert playbook.improvements.ids() == order
    playbook.revert(add)
    assert playbook == load_template("b2b-saas")


def test_an_improvement_without_a_title_is_refused_in_a_sentence():
    playbook = load_template("b2b-saas")
    with pytest.raises(EditError, match="needs a title"):
        retrospective.add_improvement(playbook, "   ", None, "2026-11-30")
