"""Marketing's commitment: for a period ("2026-Q4"), how many buyers it will bring to each
stage, signed off by both teams. Changing the period or the numbers clears both sign-offs in
the same undo step, as rewording a definition does."""

from __future__ import annotations

from collections.abc import Mapping

from journeyapp.models.change import Kind
from journeyapp.models.edits import AddEntity, RemoveEntity, SetFields
from journeyapp.models.entities import Commitment
from journeyapp.models.errors import EditError
from journeyapp.models.ids import new_id
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.sign_offs import cleared, sign, withdraw


def add_commitment(playbook: Playbook, period: str) -> AddEntity:
    period = _period(playbook, period, None)
    commitment = Commitment(new_id("commitment"), period)
    return AddEntity(Kind.COMMITMENT, commitment, label=f"Add the commitment for {period}")


def remove_commitment(playbook: Playbook, commitment_id: str) -> RemoveEntity:
    commitment = playbook.commitments[commitment_id]
    return RemoveEntity(
        Kind.COMMITMENT,
        commitment,
        playbook.commitments.index(commitment_id),
        label=f"Delete the commitment for {commitment.period}",
    )


def set_period(playbook: Playbook, commitment_id: str, period: str) -> SetFields:
    commitment = playbook.commitments[commitment_id]
    period = _period(playbook, period, commitment_id)
    return _agreed_change(
        playbook,
        commitment,
        f"Move the commitment for {commitment.period} to {period}",
        period=period,
    )


def set_volume(
    playbook: Playbook,
    commitment_id: str,
    stage_id: str,
    volume: int | None,
    merge_key: str | None = None,
) -> SetFields:
    """Commit to ``volume`` buyers reaching the stage in the period (None: no number)."""
    commitment = playbook.commitments[commitment_id]
    stage = playbook.stage(stage_id)
    volumes = dict(commitment.volumes)
    if volume is None:
        volumes.pop(stage_id, None)
        label = f"Clear the {commitment.period} commitment to “{stage.name}”"
    else:
        volumes[stage_id] = volume
        label = f"Commit to {volume:,} at “{stage.name}” in {commitment.period}"
    return _agreed_change(playbook, commitment, label, merge_key, volumes=volumes)


def set_volumes(playbook: Playbook, commitment_id: str, volumes: Mapping[str, int]) -> SetFields:
    """Replace every committed number at once (stage id → buyers)."""
    commitment = playbook.commitments[commitment_id]
    for stage_id in volumes:
        playbook.stage(stage_id)  # refuses a stage that is not on the map
    label = f"Change the commitment for {commitment.period}"
    return _agreed_change(playbook, commitment, label, volumes=dict(volumes))


def sign_off(playbook: Playbook, commitment_id: str, team: str, name: str, date: str) -> SetFields:
    """Record ``team``'s agreement to the commitment as it reads now."""
    what = f"the commitment for {playbook.commitments[commitment_id].period}"
    return sign(playbook, Kind.COMMITMENT, commitment_id, team, name, date, what)


def withdraw_sign_off(playbook: Playbook, commitment_id: str, team: str) -> SetFields:
    what = f"the commitment for {playbook.commitments[commitment_id].period}"
    return withdraw(playbook, Kind.COMMITMENT, commitment_id, team, what)


def _agreed_change(
    playbook: Playbook,
    commitment: Commitment,
    label: str,
    merge_key: str | None = None,
    **values: object,
) -> SetFields:
    changed = any(getattr(commitment, name) != value for name, value in values.items())
    if changed and cleared(commitment):
        values.update(cleared(commitment))
        label += " (sign-offs cleared)"
    return set_fields(
        playbook, Kind.COMMITMENT, commitment.id, label=label, merge_key=merge_key, **values
    )


def _period(playbook: Playbook, period: str, own_id: str | None) -> str:
    period = " ".join(period.split())
    if not period:
        raise EditError("A commitment needs a period, such as 2026-Q4.")
    for other in playbook.commitments:
        if other.id != own_id and other.period.casefold() == period.casefold():
            raise EditError(f"There is already a commitment for {other.period}.")
    return period
