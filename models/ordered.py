"""An ordered collection of entities keyed by id, for things whose order the user sets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class HasId(Protocol):
    @property
    def id(self) -> str: ...  # read-only: entities are frozen


T = TypeVar("T", bound=HasId)


class OrderedById(Generic[T]):
    """Entities in a user-chosen order, found by id in constant time."""

    def __init__(self) -> None:
        self._order: list[str] = []
        self._by_id: dict[str, T] = {}

    def __iter__(self) -> Iterator[T]:
        return map(self._by_id.__getitem__, self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._by_id

    def get(self, entity_id: str) -> T | None:
        return self._by_id.get(entity_id)

    def __getitem__(self, entity_id: str) -> T:
        return self._by_id[entity_id]

    def ids(self) -> list[str]:
        return list(self._order)

    def index(self, entity_id: str) -> int:
        return self._order.index(entity_id)

    def insert(self, entity: T, index: int | None = None) -> None:
        if entity.id in self._by_id:
            raise KeyError(entity.id)
        self._by_id[entity.id] = entity
        if index is None or index >= len(self._order):
            self._order.append(entity.id)
        else:
            self._order.insert(max(index, 0), entity.id)

    def remove(self, entity_id: str) -> int:
        """Remove an entity and return the index it had."""
        index = self._order.index(entity_id)
        del self._order[index]
        del self._by_id[entity_id]
        return index

    def move(self, entity_id: str, index: int) -> int:
        """Move an entity to ``index`` and return the index it had."""
        old = self._order.index(entity_id)
        del self._order[old]
        self._order.insert(max(0, min(index, len(self._order))), entity_id)
        return old

    def replace(self, entity: T) -> T:
        """Put ``entity`` in the place of the one with its id; return the one it replaces."""
        old = self._by_id[entity.id]
        self._by_id[entity.id] = entity
        return old

    def put_many(self, entities: list[T]) -> None:
        """Replace those with an id held, in place; add the others at the end, in order."""
        by_id = self._by_id
        ids = [entity.id for entity in entities]
        self._order.extend(i for i in dict.fromkeys(ids) if i not in by_id)
        by_id.update(zip(ids, entities, strict=True))

    def remove_quietly(self, entity_id: str) -> None:
        """Drop an entity but leave its place in the order to ``forget_order_of``."""
        self._by_id.pop(entity_id, None)

    def forget_order_of(self, entity_ids: set[str]) -> None:
        """Remove many places from the order in one pass (a bulk removal)."""
        self._order = [i for i in self._order if i not in entity_ids]
