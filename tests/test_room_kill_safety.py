"""Kill safety of the room: `journeyapp host` is SIGKILLed at random moments while phones post
notes and place dots; every note and dot a phone saw acknowledged is in the reopened file,
once, and the file is whole (benchmarks/room_kill.py runs fifty of these)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from room_kill import trial


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nothing_acknowledged_is_lost_or_doubled_when_the_host_is_killed(tmp_path, seed):
    result = trial(seed, tmp_path)
    assert result["integrity"] == "ok"
    assert result["acked"] > 0  # the phones were posting when the kill came
    assert (result["lost"], result["doubled"]) == (0, 0)
