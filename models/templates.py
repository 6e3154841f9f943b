"""Built-in starting points: the sample playbook shipped as data, and a blank one."""

from __future__ import annotations

import datetime
import json

from journeyapp.models.codec import playbook_from_dict
from journeyapp.models.decision_drivers import default_drivers
from journeyapp.models.entities import Lane, Phase, PlaybookMeta
from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Playbook
from journeyapp.models.resource_files import resource_path
from journeyapp.models.snapshots import quarter_name
from journeyapp.models.staleness import review_unreviewed

SAMPLE = "b2b-saas"
BLANK = "blank"
TEMPLATE_NAMES = (SAMPLE, BLANK)


def blank_playbook(today: datetime.date | None = None) -> Playbook:
    """Four buyer phases, three team lanes and the default decision drivers, and nothing else
    yet; its version is the quarter it was started in."""
    version = quarter_name(today or datetime.date.today())
    playbook = Playbook(PlaybookMeta(name="Untitled playbook", version=version))
    for phase_id, name in (
        ("awareness", "Awareness"),
        ("consideration", "Consideration"),
        ("decision", "Decision"),
        ("retention", "Retention"),
    ):
        playbook.phases.insert(Phase(phase_id, name))
    for lane_id, name, color in (
        ("marketing", "Marketing", "#1f8a9e"),
        ("sales", "Sales", "#d9822b"),
        ("shared", "Shared", "#7c5cbf"),
    ):
        playbook.lanes.insert(Lane(lane_id, name, color))
    for driver in default_drivers():
        playbook.drivers.insert(driver)
    return playbook


def load_template(name: str) -> Playbook:
    """A fresh copy of a built-in template."""
    if name == BLANK:
        return blank_playbook()
    if name not in TEMPLATE_NAMES:
        raise PlaybookError(
            f"There is no template called “{name}”; choose one of {', '.join(TEMPLATE_NAMES)}."
        )
    text = resource_path("templates", f"{name}.json").read_text("utf-8")
    return review_unreviewed(playbook_from_dict(json.loads(text)))
