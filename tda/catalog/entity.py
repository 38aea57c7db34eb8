"""The in-memory record of one valid entity, as every command and page reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from yaml.nodes import Node

from tda.catalog.refs import EntityRef
from tda.diagnostics import Diagnostic, diagnostic
from tda.yamlio import Limits, YamlDocument, document_nodes, locate_in_node, read_yaml_text

Position = tuple[int, int]


class FieldRef(NamedTuple):
    """One reference written in a spec field, resolved with the field's default kind.

    A named tuple: a large catalogue is checked on two cores, and tuples cross between
    processes far faster than dataclasses.
    """

    field: str
    text: str
    target: EntityRef
    relation: str
    reverse: str
    # Which item of a list field, or None for a single value; the position is found from it
    # only when a finding needs one.
    index: int | None = None

    @property
    def path(self) -> tuple[Any, ...]:
        return ("spec", self.field) if self.index is None else ("spec", self.field, self.index)


@dataclass(slots=True)
class Entity:
    ref: EntityRef
    data: dict[str, Any]
    file: str
    document: int
    line: int
    column: int
    refs: list[FieldRef] = field(default_factory=list)
    source: Path | None = None  # the file as read, for positions found after loading

    def position(self, path: tuple[Any, ...]) -> Position:
        """Line and column of the value at path in this entity's file.

        Positions are not kept while loading, which keeps a clean catalogue fast and small;
        a finding about a loaded entity reads its file again, once per file.
        """
        found = _locate(self.source, self.document, path) if self.source else None
        return found or (self.line, self.column)

    def position_of(self, field_ref: FieldRef) -> Position:
        return self.position(field_ref.path)

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

    def finding(
        self,
        code: str,
        message: str,
        *,
        at: tuple[Any, ...] | FieldRef | None = None,
        hint: str | None = None,
    ) -> Diagnostic:
        """A finding about this entity, placed at one of its values (a path or a reference
        field) or at its start; the code's own hint unless a more precise one is given."""
        if at is None:
            line, column = self.line, self.column
        else:
            line, column = self.position_of(at) if isinstance(at, FieldRef) else self.position(at)
        return diagnostic(
            code,
            message,
            file=self.file,
            line=line,
            column=column,
            document=self.document,
            ref=str(self.ref),
            hint=hint,
        )


@lru_cache(maxsize=64)
def _documents(source: Path, stamp: float) -> dict[int, Node | YamlDocument]:
    """Each document of the file by index: its node tree, or, for a file with a broken
    document (whose later documents are read on their own), the document read in full."""
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    nodes = document_nodes(text)
    if nodes is not None:
        return dict(enumerate(nodes))
    # The file was read once already within the configured limits, so no limit applies here.
    parsed = read_yaml_text(text.removeprefix("\ufeff"), str(source), limits=Limits(2**40))
    return {document.index: document for document in parsed.documents}


def _locate(source: Path, index: int, path: tuple[Any, ...]) -> Position | None:
    try:
        stamp = source.stat().st_mtime
    except OSError:
        return None
    document = _documents(source, stamp).get(index)
    if document is None:
        return None
    if isinstance(document, YamlDocument):
        return document.locate(path)
    return locate_in_node(document, path)
