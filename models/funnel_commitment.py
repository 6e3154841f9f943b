"""Marketing commits to the volumes a funnel plan needs: the stages up to where sales takes
over, for the plan's period. One undo step, whether the period's commitment is new or not."""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.models.commitments import set_volumes
from journeyapp.models.edits import AddEntity, Edit
from journeyapp.models.entities import Commitment
from journeyapp.models.funnel import FunnelPlan, commitment_for
from journeyapp.models.funnel_records import opportunity_start
from journeyapp.models.ids import new_id
from journeyapp.models.playbook import Playbook


def marketing_volumes(playbook: Playbook, result: FunnelPlan) -> dict[str, int]:
    """The plan's volumes marketing answers for: each stage up to the first opportunity stage,
    the one where marketing hands over."""
    stages = [step.stage_id for step in result.steps]
    last = opportunity_start(playbook, stages)
    return {step.stage_id: step.needed for step in result.steps[: last + 1]}


def commit_volumes(playbook: Playbook, result: FunnelPlan) -> Edit:
    """Create or update the commitment for the plan's period with the volumes it needs (numbers
    that change clear both sign-offs, as the commitment's own edits do)."""
    volumes = marketing_volumes(playbook, result)
    period = result.period.label
    existing = commitment_for(playbook, period)
    if existing is not None:
        return set_volumes(playbook, existing.id, {**existing.volumes, **volumes})
    last = playbook.stage(list(volumes)[-1]).name
    return AddEntity(
        Kind.COMMITMENT,
        Commitment(new_id("commitment"), period, volumes),
        label=f"Commit marketing to the {period} volumes up to “{last}”",
    )
