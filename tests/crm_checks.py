"""What the CRM import tests share, written once: the vendor fixtures' folder, the sample map
without its deals (the `sample` fixture), bringing an export onto it, and reading an imported
deal's path back as stage names, days and UTC times.

A test module imports the fixture by name (``from tests.crm_checks import sample``): pytest
finds it in the module, and the test functions ask for it as an argument."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.replay import closed_at
from journeyapp.models.templates import load_template

CRM = Path(__file__).parent / "data" / "crm"
DAY = 86400


def at(text: str) -> int:
    """The time written in ISO form, read as UTC, in seconds."""
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


SAMPLE_ZONE = ZoneInfo("Europe/London")  # the sample playbook's: its periods' calendar


def day_start(text: str, zone=SAMPLE_ZONE) -> int:
    """When the day written in ISO form begins in ``zone``: a date alone, as imported."""
    return int(datetime.fromisoformat(text).replace(tzinfo=zone).timestamp())


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def without_deals():
    """The sample map, with none of its sample deals, so each test counts its own."""
    playbook = load_template("b2b-saas")
    playbook.drop_entities(Kind.DEAL, playbook.deals.ids())
    return playbook


@pytest.fixture
def sample():
    return without_deals()


@pytest.fixture
def playbook_file(tmp_path, capsys):
    """A new playbook file made by ``journeyapp new``, for the import commands."""
    from journeyapp.cli import main

    path = tmp_path / "p.journey"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    return path


def imported(playbook, path, replace_shorter=False, **kwargs):
    """Read the export (kwargs go to read_export) and apply its deals to the playbook."""
    plan = read_export(playbook, path, **kwargs)
    playbook.apply(import_edit(playbook, plan, replace_shorter))
    return plan


def stage_names(playbook, deal):
    return [playbook.stage(step.stage).name for step in deal.path]


def days_in(step) -> float:
    """How many days the deal stayed in this step of its path."""
    return (step.exited - step.entered) / DAY


def days(deal) -> list[float | None]:
    """The days spent in each step of the deal's path; None for a step not left."""
    return [None if s.exited is None else days_in(s) for s in deal.path]


def lost_at(playbook, deal):
    """The name of the stage the deal closed in, or None for an open deal."""
    step = closed_at(playbook, deal)
    return None if step is None else playbook.stage(deal.path[step].stage).name
