"""A frozen record behaves as ``dataclass(frozen=True)`` does: equality, hash, repr, the
assignment guard, and the fields left out of comparison, hash or repr."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest
from journeyapp.models.entities import Stage
from journeyapp.models.frozen_records import frozen_record


def _visit(declare):
    """The same record declared by ``declare``: fields left out of comparison and of repr."""

    class Visit:
        stage: str
        days: float = 0.0
        note: str = field(default="", compare=False)
        secret: str = field(default="", repr=False)
        tags: tuple[str, ...] = ()

    return declare(Visit)


Visit = _visit(frozen_record)
VisitAsDataclass = _visit(dataclass(frozen=True))


@frozen_record
class Single:
    name: str


@dataclass(frozen=True)
class SingleAsDataclass:
    name: str


@frozen_record
class Empty:
    pass


@frozen_record
class Later(Visit):
    extra: int = 0


def test_equal_records_are_equal_and_hash_alike() -> None:
    one = Visit("SQL", 3.0, note="first", tags=("a",))
    other = Visit("SQL", 3.0, note="second", tags=("a",))  # notes are not compared
    assert one == other
    assert hash(one) == hash(other)
    assert len({one, other}) == 1


def test_records_differing_in_a_compared_field_differ() -> None:
    assert Visit("SQL", 3.0) != Visit("SQL", 4.0)
    assert Visit("SQL", secret="x") != Visit("SQL", secret="y")  # out of repr, still compared


def test_hash_is_the_dataclass_hash_of_the_same_values() -> None:
    values = ("Discovery", 2.5, "n", "s", ("x", "y"))
    assert hash(Visit(*values)) == hash(VisitAsDataclass(*values))
    assert hash(Single("a")) == hash(SingleAsDataclass("a"))
    assert hash(Empty()) == hash(())


def test_repr_is_the_dataclass_repr() -> None:
    values = ("Discovery", 2.5, "n", "hidden", ("x",))
    mine = repr(Visit(*values))
    assert mine == repr(VisitAsDataclass(*values))
    assert "hidden" not in mine


def test_a_record_equals_only_one_of_its_own_class() -> None:
    assert Visit("SQL") != VisitAsDataclass("SQL")
    assert Visit("SQL") != Later("SQL")
    assert Visit("SQL").__eq__(("SQL",)) is NotImplemented
    assert Later("SQL", extra=1) != Later("SQL", extra=2)
    assert Later("SQL", extra=1) == Later("SQL", extra=1)


def test_a_record_cannot_be_changed() -> None:
    visit = Visit("SQL")
    with pytest.raises(dataclasses.FrozenInstanceError):
        visit.stage = "Won"  # type: ignore[misc]
    assert dataclasses.replace(visit, stage="Won").stage == "Won"


@pytest.mark.parametrize("declared", [Visit, VisitAsDataclass], ids=["record", "dataclass"])
def test_assigning_or_deleting_is_refused_as_dataclass_refuses_it(declared) -> None:
    visit = declared("SQL")
    for change in (
        lambda: setattr(visit, "stage", "Won"),
        lambda: setattr(visit, "unheard_of", 1),  # not a field, on the class itself
        lambda: delattr(visit, "days"),
        lambda: delattr(visit, "unheard_of"),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError) as refused:
            change()
        assert str(refused.value).startswith(("cannot assign to field", "cannot delete field"))
    assert visit.stage == "SQL" and visit.days == 0.0


@pytest.mark.parametrize("declared", [Visit, VisitAsDataclass], ids=["record", "dataclass"])
def test_a_plain_subclass_may_set_its_own_attributes_but_no_field(declared) -> None:
    class Noted(declared):
        pass

    visit = Noted("SQL")
    visit.remark = "kept"
    assert visit.remark == "kept"
    del visit.remark
    with pytest.raises(dataclasses.FrozenInstanceError):
        visit.stage = "Won"


def test_a_dataclass_declared_after_a_record_compiles_its_own_guards() -> None:
    maker = dataclasses._frozen_get_del_attr
    frozen_record(type("Another", (), {"__annotations__": {"name": str}}))
    assert dataclasses._frozen_get_del_attr is maker


def test_a_record_that_holds_itself_repr_does_not_recurse() -> None:
    box: list = []
    visit = Visit("SQL", tags=(box,))  # type: ignore[arg-type]
    box.append(visit)
    assert "..." in repr(visit)


def test_the_entities_are_frozen_records() -> None:
    stage = Stage(id="s1", name="Discovery", phase="p", lane="l")
    assert stage == dataclasses.replace(stage)
    assert stage != dataclasses.replace(stage, name="Proposal")
    assert repr(stage).startswith("Stage(id='s1', name='Discovery'")
    assert {stage: 1}[dataclasses.replace(stage)] == 1
