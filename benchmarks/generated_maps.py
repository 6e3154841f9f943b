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


PHASE_NAMES = (
    "Awareness",
    "Interest",
    "Consideration",
    "Evaluation",
    "Decision",
    "Onboarding",
    "Adoption",
    "Expansion",
)
LANE_NAMES = ("Marketing", "Sales development", "Sales", "Customer success", "Partners")
STEP_WORDS = ("Webinar", "Content", "Call", "Demo", "Trial", "Proposal", "Review", "Kick-off")


def realistic_map(stages: int, seed: int = 7) -> Playbook:
    """A map shaped like a real company's: stages in phase × lane cells, mostly flowing left to
    right within a team, some handoffs across teams, a few recycle and disqualify arrows.

    Phases (5–8) and lanes (3–5) grow with the size; each team is busiest in the phases it
    owns (marketing early, customer success late). About 1.0–1.3 handoffs per stage.
    """
    rng = random.Random(seed)
    phases = 5 if stages <= 50 else 6 if stages <= 150 else 7 if stages <= 500 else 8
    lanes = 3 if stages <= 50 else 4 if stages <= 300 else 5
    playbook = Playbook()
    for p in range(phases):
        playbook.phases.insert(Phase(f"p{p}", PHASE_NAMES[p]))
    colours = ["#1f8a9e", "#d9822b", "#7c5cbf", "#3b7d3b", "#b04a5a"]
    for lane in range(lanes):
        playbook.lanes.insert(Lane(f"l{lane}", LANE_NAMES[lane], colours[lane]))
    for r in range(2 * lanes):
        playbook.roles.insert(
            Role(f"r{r}", f"{LANE_NAMES[r % lanes]} role {r // lanes + 1}", f"l{r % lanes}")
        )

    # Each team's share of each phase: a bump around the phases it owns, never quite zero.
    weights = {}
    for p in range(phases):
        for lane in range(lanes):
            centre = lane * (phases - 1) / max(1, lanes - 1)
            weights[(p, lane)] = 0.15 + 2.0 ** (-((p - centre) ** 2) / 2.0)
    cells = list(weights)
    chosen = rng.choices(cells, weights=[weights[c] for c in cells], k=stages)
    chosen[: len(cells)] = cells[: min(stages, len(cells))]  # every phase and lane gets some
    rng.shuffle(chosen)
    in_cell: dict[tuple[int, int], list[str]] = {c: [] for c in cells}
    cell_of = {}
    for i, cell in enumerate(chosen):
        stage_id = f"s{i}"
        in_cell[cell].append(stage_id)
        cell_of[stage_id] = cell
    for (p, lane), members in in_cell.items():
        columns = max(1, int(len(members) ** 0.5 + 0.999))
        for slot, stage_id in enumerate(members):  # an arbitrary, hand-made-looking grid
            row, col = divmod(slot, columns)
            playbook.insert_entity(
                Kind.STAGE,
                Stage(
                    stage_id,
                    f"{PHASE_NAMES[p]}: {rng.choice(STEP_WORDS)} {stage_id[1:]}",
                    phase=f"p{p}",
                    lane=f"l{lane}",
                    x=24 + col * 240,
                    y=24 + row * 130,
                ),
            )
            if rng.random() < 0.35:
                raci = {f"r{lane}": Raci.A, f"r{lane + lanes}": Raci.R}
                if rng.random() < 0.3:
                    raci[f"r{(lane + 1) % lanes}"] = Raci.C
                playbook.insert_entity(
                    Kind.ACTIVITY, Activity(f"a{stage_id[1:]}", stage_id, "Follow up", raci=raci)
                )

    # Within a team, the journey runs phase by phase; in a cell, in a shuffled order.
    team_order = {}
    for lane in range(lanes):
        order = []
        for p in range(phases):
            members = in_cell[(p, lane)][:]
            rng.shuffle(members)
            order.extend(members)
        team_order[lane] = order
    made = [0]

    def connect(source: str, target: str, kind: HandoffKind) -> bool:
        if source == target or playbook.graph.has_edge(source, target):
            return False
        cross = cell_of[source][1] != cell_of[target][1]
        playbook.insert_entity(
            Kind.HANDOFF,
            Handoff(
                f"h{made[0]}",
                source,
                target,
                kind=kind,
                trigger=rng.choice(["Score ≥ 65", "Demo booked", "", "Visited pricing"]),
                sla_hours=rng.choice([24, 48]) if cross else None,
            ),
        )
        made[0] += 1
        return True

    for order in team_order.values():  # the backbone: each stage leads to one of the next few
        for i, source in enumerate(order[:-1]):
            step = min(len(order) - 1 - i, rng.choice((1, 1, 1, 1, 2, 2, 3)))
            connect(source, order[i + step], HandoffKind.PROGRESSION)
    total = round(stages * rng.uniform(1.1, 1.25))
    everyone = [f"s{i}" for i in range(stages)]
    tries = 0
    while made[0] < total and tries < 20 * stages:
        tries += 1
        source = rng.choice(everyone)
        p, lane = cell_of[source]
        roll = rng.random()
        if roll < 0.6 and lanes > 1:  # to another team, in this phase or the next
            other = min(lanes - 1, max(0, lane + rng.choice((-1, 1, 1, 2))))
            targets = in_cell.get((min(phases - 1, p + rng.choice((0, 1))), other)) or []
            kind = HandoffKind.CROSS_TEAM
        elif roll < 0.72:  # a branch further along the same team
            targets = in_cell.get((min(phases - 1, p + 1), lane)) or []
            kind = HandoffKind.PROGRESSION
        elif roll < 0.86:  # back to nurture, some phases earlier
            targets = in_cell.get((max(0, p - rng.randint(1, 3)), rng.randrange(lanes))) or []
            kind = HandoffKind.RECYCLE
        else:  # out of the journey, to a stage at the end of a team's road
            targets = [team_order[rng.randrange(lanes)][-1]]
            kind = HandoffKind.DISQUALIFY
        if targets:
            connect(source, rng.choice(targets), kind)
    return playbook
