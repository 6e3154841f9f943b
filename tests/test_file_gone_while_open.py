"""A file deleted or replaced while it is open: the window's work lives on only in the open
file, so closing asks to save it, as untitled work is asked about."""

from __future__ import annotations

from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.store import Store


def test_closing_a_window_whose_file_was_deleted_asks_to_save_its_work(window, messages, tmp_path):
    """Closing said nothing, and the work, left only in the deleted file, was gone."""
    path = tmp_path / "plan.journey"
    assert window.document.save_as(path) is None
    stage = window.document.playbook.stages_in_journey_order()[1]
    window.apply_edit(ops.rename(window.document.playbook, Kind.STAGE, stage.id, "Kept work"))
    path.unlink()
    messages.clear()
    window.close()
    (asked,) = messages
    assert asked.startswith("question: plan.journey was deleted or replaced while it was open")


def test_closing_a_window_whose_file_is_in_place_asks_nothing(window, messages, tmp_path):
    path = tmp_path / "plan.journey"
    window.document.save_as(path)
    stage = window.document.playbook.stages_in_journey_order()[1]
    window.apply_edit(ops.rename(window.document.playbook, Kind.STAGE, stage.id, "Kept work"))
    messages.clear()
    window.close()
    assert messages == []
    store = Store.open(path, read_only=True)
    assert store.load().stage(stage.id).name == "Kept work"
    store.close()
