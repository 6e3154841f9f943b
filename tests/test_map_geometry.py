"""The map grid: columns and rows grow to hold their cards, also when kept up to date per card."""

from __future__ import annotations

import random

from builders import tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.map_geometry import (
    CARD_WIDTH,
    MIN_COLUMN_WIDTH,
    GridSizer,
    card_rect,
    compute_grid,
)


def test_columns_and_rows_hold_their_cards():
    playbook = tiny_playbook()
    grid = compute_grid(playbook)
    assert [b.id for b in grid.columns] == ["aware", "decide"]
    assert grid.column("aware").size >= 264 + CARD_WIDTH
    left, top, width, _ = card_rect(grid, "decide", "sales", 24, 24)
    assert left == grid.column("decide").start + 24 and width == CARD_WIDTH
    assert grid.cell_at(left + 5, top + 5) == ("decide", "sales")
    assert grid.cell_at(-10, -10) is None


def test_an_empty_column_keeps_a_usable_width():
    playbook = tiny_playbook()
    playbook.apply(ops.add_phase(playbook, "Retention"))
    assert compute_grid(playbook).columns[-1].size == MIN_COLUMN_WIDTH


def test_updating_per_card_gives_the_same_grid_as_computing_it_whole():
    rng = random.Random(3)
    playbook = tiny_playbook()
    sizer = GridSizer()
    assert sizer.reset(playbook) == compute_grid(playbook)
    stage_ids = list(playbook.graph.nodes)
    for _ in range(60):
        stage_id = rng.choice(stage_ids)
        edit = ops.move_stage(
            playbook,
            stage_id,
            rng.choice(["aware", "decide"]),
            rng.choice(["mkt", "sales"]),
            rng.uniform(0, 900),
            rng.uniform(0, 500),
        )
        playbook.apply(edit)
        assert sizer.update(playbook, [stage_id]) == compute_grid(playbook)
    removal = ops.remove_stage(playbook, stage_ids[0])
    playbook.apply(removal)
    assert sizer.update(playbook, [stage_ids[0]]) == compute_grid(playbook)
