"""The decision drivers: the shared list of reasons buyers decide (price, product fit, trust in
the team, …) that interview quotes are tagged with. Every change is one named undo step."""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.models.edits import AddEntity, Macro, RemoveEntity, SetFields
from journeyapp.models.entities import DecisionDriver
from journeyapp.models.errors import EditError
from journeyapp.models.ids import new_id
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Edit, Playbook

DEFAULT_DRIVERS = (
    ("driver-price", "Price", "What it costs against the budget and against the alternatives."),
    (
        "driver-product-fit",
        "Product fit",
        "How well the product does the job the buyer needs done, as they see it.",
    ),
    (
        "driver-trust",
        "Trust in the team",
        "Whether the buyer believes our people understand them and will keep their word.",
    ),
    (
        "driver-implementation-risk",
        "Implementation risk",
        "The buyer's fear that rolling it out will fail, overrun or disrupt their work.",
    ),
    (
        "driver-time-to-value",
        "Time to value",
        "How soon the buyer expects to see results they can show.",
    ),
    (
        "driver-integration",
        "Integration",
        "How well it works with the systems and data the buyer already has.",
    ),
    ("driver-support", "Support", "The help the buyer expects during and after the rollout."),
    (
        "driver-business-case",
        "Business case",
        "Whether someone who holds the budget saw a return worth the spend.",
    ),
)


def default_drivers() -> list[DecisionDriver]:
    """The drivers a new playbook starts with."""
    return [DecisionDriver(i, name, definition) for i, name, definition in DEFAULT_DRIVERS]


def add_driver(playbook: Playbook, name: str, definition: str = "") -> AddEntity:
    name = _name(playbook, name, None)
    driver = DecisionDriver(new_id("driver"), name, definition.strip())
    return AddEntity(Kind.DRIVER, driver, label=f"Add decision driver “{name}”")


def rename_driver(playbook: Playbook, driver_id: str, name: str) -> SetFields:
    old = playbook.drivers[driver_id].name
    name = _name(playbook, name, driver_id)
    return set_fields(
        playbook,
        Kind.DRIVER,
        driver_id,
        label=f"Rename decision driver “{old}” to “{name}”",
        name=name,
    )


def define_driver(playbook: Playbook, driver_id: str, definition: str) -> SetFields:
    driver = playbook.drivers[driver_id]
    return set_fields(
        playbook,
        Kind.DRIVER,
        driver_id,
        label=f"Change the definition of decision driver “{driver.name}”",
        merge_key=f"driver-definition:{driver_id}",
        definition=definition,
    )


def remove_driver(playbook: Playbook, driver_id: str) -> Macro:
    """Delete a driver and untag it from every quote, as one undo step (the quotes stay)."""
    driver = playbook.drivers[driver_id]
    edits: list[Edit] = []
    for interview in playbook.interviews:
        if any(driver_id in quote.drivers for quote in interview.quotes):
            quotes = tuple(
                quote.__class__(quote.text, tuple(d for d in quote.drivers if d != driver_id))
                for quote in interview.quotes
            )
            edits.append(set_fields(playbook, Kind.INTERVIEW, interview.id, quotes=quotes))
    edits.append(RemoveEntity(Kind.DRIVER, driver, playbook.drivers.index(driver_id)))
    return Macro(tuple(edits), label=f"Delete decision driver “{driver.name}”")


def _name(playbook: Playbook, name: str, own_id: str | None) -> str:
    name = " ".join(name.split())
    if not name:
        raise EditError("A decision driver needs a name.")
    for driver in playbook.drivers:
        if driver.id != own_id and driver.name.casefold() == name.casefold():
            raise EditError(f"There is already a decision driver called “{driver.name}”.")
    return name
