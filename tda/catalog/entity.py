"""The in-memory record of one valid entity, as every command and page reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tda.catalog.refs import EntityRef


@dataclass(frozen=True, slots=True)
class FieldRef:
    """One reference written in a spec field, resolved with the field's default kind."""

    field: str
    text: str
    target: EntityRef
    relation: str
    reverse: str
    line: int
    column: int


@dataclass(slots=True)
class Entity:
    ref: EntityRef
    data: dict[str, Any]
    file: str
    document: int
    line: int
    column: int
    refs: list[FieldRef] = field(default_factory=list)
    # Positions of spec values that findings after validation point at: a Location's
    # target and targets, the user references among contacts. Field -> one per item.
    places: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return str(self.data["kind"])

    @property
    def name(self) -> str:
        return str(self.metadata["name"])

    @property
    def metadata(self) -> dict[str, Any]:
        return self.data["metadata"]  # type: ignore[no-any-return]

    @property
    def spec(self) -> dict[str, Any]:
        return self.data.get("spec") or {}

    @property
    def title(self) -> str:
        return str(self.metadata.get("title") or self.metadata["name"])

    @property
    def description(self) -> str:
        return str(self.metadata.get("description") or "")

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"
