"""A round of dot voting in the workshop room: the facilitator opens it over chosen notes and
improvements with so many dots each, participants place their dots from their phones, and
the results are read split by team."""

from __future__ import annotations

from journeyapp.models import fields
from journeyapp.models.fields import Frozen
from journeyapp.models.frozen_records import frozen_record


@frozen_record
class Dot(Frozen):
    """One dot a participant placed: on "note:<id>" or "improvement:<id>"."""

    id: str = fields.name()  # from the phone, so a resend is placed once
    guest: str = fields.name()
    target: str = fields.name()
    team: str = fields.text()


@frozen_record
class VotingRound(Frozen):
    id: str = fields.name()
    opened: str = fields.required_text()  # ISO date and time
    closed: str = fields.text()  # empty while the round is open
    dots_each: int = fields.whole("dots each", low=1, high=20, default=3)
    targets: tuple[str, ...] = fields.text_list()  # "note:<id>" or "improvement:<id>"
    dots: tuple[Dot, ...] = fields.records(Dot)
