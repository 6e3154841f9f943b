"""Removing, merging and renaming roles keep every RACI assignment somewhere sensible."""

from __future__ import annotations

import pytest
from journeyapp.models import operations, role_edits
from journeyapp.models.entities import Activity, Raci
from journeyapp.models.errors import EditError
from journeyapp.models.validation import Severity

from tests.builders import tiny_playbook


def test_removing_a_role_hands_its_letters_to_the_successor_and_undo_restores_all():
    playbook = tiny_playbook()
    edit = role_edits.remove_role(playbook, "sdr", "ops")
    playbook.apply(edit)
    assert "sdr" not in playbook.roles
    # a1 had ops=A, sdr=R: ops keeps the stronger A. a2 had sdr=A, ops=R: ops becomes A.
    assert playbook.activities["a1"].raci == {"ops": Raci.A}
    assert playbook.activities["a2"].raci == {"ops": Raci.A}
    playbook.revert(edit)
    assert playbook == tiny_playbook()


def test_removing_a_role_with_nobody_to_take_over_drops_its_letters():
    playbook = tiny_playbook()
    playbook.apply(role_edits.remove_role(playbook, "sdr", None))
    assert playbook.activities["a2"].raci == {"ops": Raci.R}
    assert role_edits.raci_findings(playbook.activities["a2"]) == [
        (Severity.ERROR, "No one is Accountable.")
    ]


def test_merging_two_roles_never_leaves_two_accountables():
    playbook = tiny_playbook()
    playbook.apply(operations.set_raci(playbook, "a1", "sdr", Raci.A))  # now two A's on a1
    edit = role_edits.merge_roles(playbook, "ops", "sdr")
    assert edit.label == "Merge “SDR” into “Marketing ops”"
    playbook.apply(edit)
    assert playbook.activities["a1"].raci == {"ops": Raci.A}
    with pytest.raises(EditError):
        role_edits.merge_roles(playbook, "ops", "ops")


def test_role_names_must_be_present_and_unique():
    playbook = tiny_playbook()
    with pytest.raises(EditError, match="cannot be empty"):
        role_edits.rename_role(playbook, "sdr", "  ")
    with pytest.raises(EditError, match="already a role"):
        role_edits.rename_role(playbook, "sdr", "marketing OPS")
    playbook.apply(role_edits.rename_role(playbook, "sdr", " BDR "))
    assert playbook.roles["sdr"].name == "BDR"
    with pytest.raises(EditError, match="already a role"):
        operations.add_role(playbook, "bdr")


def test_raci_findings_name_each_broken_rule():
    def findings(**raci):
        return role_edits.raci_findings(
            Activity("x", "s", "Call", raci={k: Raci(v) for k, v in raci.items()})
        )

    assert findings(a="A", b="R") == []
    assert (Severity.ERROR, "2 roles are Accountable; there must be one.") in findings(
        a="A", b="A", c="R"
    )
    assert (Severity.ERROR, "No one is Responsible.") in findings(a="A")
    many_c = findings(a="A", b="R", c="C", d="C", e="C", f="C")
    assert many_c[0][0] is Severity.WARNING


def test_a_roles_duties_list_what_it_is_responsible_or_accountable_for_by_stage():
    playbook = tiny_playbook()
    duties = role_edits.role_duties(playbook, "sdr")
    assert [(stage.id, [(a.id, letter) for a, letter in acts]) for stage, acts in duties] == [
        ("mql", [("a1", Raci.R)]),
        ("sql", [("a2", Raci.A)]),
    ]
    playbook.apply(operations.set_raci(playbook, "a1", "sdr", Raci.I))
    assert [stage.id for stage, _ in role_edits.role_duties(playbook, "sdr")] == ["sql"]
