"""Dates read a column at a time give the seconds the reader gives each, or leave them all to
the reader."""

from __future__ import annotations

import random
from datetime import UTC

import pytest
from journeyapp.models.deal_import.values import BadValue, DateOrder, time_reader
from journeyapp.models.lead_import.iso_times import IsoTimes

READ = time_reader(DateOrder.MDY, UTC)


def _read_each(texts):
    try:
        return [READ(text) for text in texts]
    except BadValue:
        return None


@pytest.mark.parametrize(
    "texts",
    [
        ["2024-02-26 09:15", "2024-02-29 23:59", "1970-01-01 00:00", "1969-12-31 23:59"],
        ["2024-02-26T09:15:30", "2023-12-31 23:59:59"],
        ["2024-02-26", "2000-02-29", "0001-01-01", "9999-12-31"],
    ],
)
def test_plain_iso_times_read_as_the_reader_reads_them(texts):
    assert IsoTimes().seconds(texts) == [READ(text) for text in texts]


@pytest.mark.parametrize(
    "texts",
    [
        ["2023-02-29 10:00"],  # no such day
        ["2024-02-26 24:00"],
        ["2024-02-26 09:60"],
        ["2024-02-26 09:15:60"],
        ["2024-02-26 09:15", "2024-02-26"],  # two shapes
        ["2024-02-26 09:15Z"],
        ["2024-02-26x09:15"],
        ["２０２４-02-26 09:15"],  # digits that are not ASCII
        ["26/02/2024 09:15"],
        ["0000-01-01 00:00"],
    ],
)
def test_anything_else_is_left_to_the_reader(texts):
    assert IsoTimes().seconds(texts) is None


def test_a_column_reads_empty_cells_as_none_and_repeats_once():
    cells = ["2024-02-26 09:15", "", "2024-02-26 09:15", "2024-02-27 00:00"]
    assert IsoTimes().column(cells) == [READ(cells[0]), None, READ(cells[0]), READ(cells[3])]
    assert IsoTimes().column(["2024-02-26 09:15", "soon"]) is None


def test_random_times_read_as_the_reader_reads_them():
    rng = random.Random(3)
    iso = IsoTimes()
    for _ in range(200):
        texts = [
            f"{rng.randrange(1, 10000):04d}-{rng.randrange(0, 14):02d}-{rng.randrange(0, 33):02d}"
            f"{rng.choice(' T')}{rng.randrange(0, 26):02d}:{rng.randrange(0, 62):02d}"
            for _ in range(rng.randrange(1, 4))
        ]
        found = iso.seconds(texts)
        assert found is None or found == _read_each(texts)
        if _read_each(texts) is None:
            assert found is None
