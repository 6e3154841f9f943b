"""Large generated playbooks for benchmarks: many stages and handoffs over a phase × lane grid."""

from __future__ import annotations

import random

from journeyapp.models.change import Kind
from journeyapp.models.entities import (
    Activity,
    Handoff,
    HandoffKind,
    Lane,
    Phase,
    Raci,
    Role,
    Stage,
)
from journeyapp.models.playbook import Playbook


def large_map(
    stages: int = 2000, handoffs: int = 6000, phases: int = 5, lanes: int = 4, seed: int = 7
) -> Playbook:
    rng = random.Random(seed)
    playbook = Playbook()
    for p in range(phases):
        playbook.phases.insert(Phase(f"p{p}", f"Phase {p + 1}"))
    colours = ["#1f8a9e", "#d9822b", "#7c5cbf", "#3b7d3b"]
    for lane in range(lanes):
        playbook.lanes.insert(Lane(f"l{lane}", f"Team {lane + 1}", colours[lane % 4]))
    for r in range(6):
        playbook.roles.insert(Role(f"r{r}", f"Role {r + 1}", f"l{r % lanes}"))
    cells = phases * lanes
    per_cell = -(-stages // cells)
    columns = max(1, int(per_cell**0.5 + 0.999))
    ids = []
    for i in range(stages):
        cell, slot = divmod(i, per_cell)
        phase, lane = divmod(cell, lanes)
        row, col = divmod(slot, columns)
        stage_id = f"s{i}"
        ids.append(stage_id)
        playbook.insert_entity(
            Kind.STAGE,
            Stage(
                stage_id,
                f"Stage {i} {rng.choice(['Lead', 'MQL', 'Demo', 'Trial'])}",
                phase=f"p{phase}",
                lane=f"l{lane}",
                x=24 + col * 240,
                y=24 + row * 130,
            ),
        )
        if i % 3 == 0:
            playbook.insert_entity(
                Kind.ACTIVITY,
                Activity(f"a{i}", stage_id, "Call", raci={"r0": Raci.A, "r1": Raci.R}),
            )
    kinds = list(HandoffKind)
    made = 0
    while made < handoffs:
        source = rng.randrange(stages)
        target = min(stages - 1, source + rng.randint(1, 40))
        if source == target or playbook.graph.has_edge(ids[source], ids[target]):
            continue
        playbook.insert_entity(
            Kind.HANDOFF,
            Handoff(
                f"h{made}",
                ids[source],
                ids[target],
                kind=rng.choice(kinds),
                trigger=rng.choice(["Score ≥ 65", "Demo booked", "", "Visited pricing"]),
                sla_hours=rng.choice([None, 24, 48]),
            ),
        )
        made += 1
    return playbook
