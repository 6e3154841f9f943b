"""The workshop walks the stages along the journey's handoffs, not column by column."""

from __future__ import annotations

from journeyapp.models import operations as ops
from journeyapp.models.entities import HandoffKind, StageKind
from journeyapp.models.journey_walk import stages_along_journey


def _by_name(playbook):
    return {s.name: s for s in playbook.stages()}


def _position(order, name):
    return [s.name for s in order].index(name)


def test_a_stage_drawn_in_a_later_column_still_comes_before_the_stage_it_hands_to(
    sample_playbook,
):
    playbook = sample_playbook
    stages = _by_name(playbook)
    decision = next(p.id for p in playbook.phases if p.name == "Decision")
    mql = stages["MQL"]
    playbook.apply(ops.move_stage(playbook, mql.id, decision, mql.lane, mql.x, mql.y))
    drawn = [s.name for s in playbook.stages_in_journey_order()]
    assert drawn.index("SQL") < drawn.index("MQL")  # the map reads SQL first
    walk = stages_along_journey(playbook)
    assert _position(walk, "Lead") < _position(walk, "MQL") < _position(walk, "SQL")


def test_every_stage_comes_after_the_stages_that_hand_buyers_forward_to_it(sample_playbook):
    playbook = sample_playbook
    walk = stages_along_journey(playbook)
    assert sorted(s.id for s in walk) == sorted(s.id for s in playbook.stages())
    assert walk[0].kind is StageKind.ENTRY
    place = {s.id: n for n, s in enumerate(walk)}
    expansion = _by_name(playbook)["Expansion and advocacy"].id
    for handoff in playbook.handoffs():
        closes_the_loop = handoff.source == expansion  # expansion feeds a new opportunity
        if handoff.kind is HandoffKind.RECYCLE or closes_the_loop:
            continue
        assert place[handoff.source] < place[handoff.target], handoff


def test_a_loop_of_forward_handoffs_is_walked_from_where_buyers_enter_it(sample_playbook):
    playbook = sample_playbook
    names = [s.name for s in stages_along_journey(playbook)]
    # Expansion hands buyers back to Discovery: a loop. Discovery is met first, from SQL.
    assert names.index("SQL") < names.index("Opportunity: Discovery")
    assert names.index("Opportunity: Discovery") < names.index("Expansion and advocacy")
    assert names[-1] == "Expansion and advocacy"


def test_phase_order_breaks_ties_between_stages_the_handoffs_leave_free(sample_playbook):
    playbook = sample_playbook
    stages = _by_name(playbook)
    lead = stages["Lead"]
    # Two new stages after Lead, the later-drawn one added first.
    retention = next(p.id for p in playbook.phases if p.name == "Retention")
    consideration = next(p.id for p in playbook.phases if p.name == "Consideration")
    late = ops.add_stage(playbook, "Late", retention, lead.lane)
    early = ops.add_stage(playbook, "Early", consideration, lead.lane)
    for edit in (late, early):
        playbook.apply(edit)
    for name in ("Late", "Early"):
        target = _by_name(playbook)[name].id
        playbook.apply(ops.connect(playbook, lead.id, target, HandoffKind.PROGRESSION))
    walk = stages_along_journey(playbook)
    assert _position(walk, "Lead") < _position(walk, "Early") < _position(walk, "Late")
