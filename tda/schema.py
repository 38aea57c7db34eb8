"""JSON Schema for editors, generated from the pydantic models (never written by hand)."""

from __future__ import annotations

from typing import Any, Union

from pydantic import TypeAdapter

from tda.catalog.model import KIND_MODELS
from tda.errors import UsageError

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def kind_names() -> list[str]:
    return list(KIND_MODELS)


def entity_schema(kind: str | None = None) -> dict[str, Any]:
    """The schema of one kind (case-insensitive), or of a descriptor of any kind.

    An unknown kind is a usage error naming the known ones.
    """
    if kind is None:
        adapter: TypeAdapter[Any] = TypeAdapter(Union[tuple(KIND_MODELS.values())])  # noqa: UP007
        schema = adapter.json_schema()
        title = "tda descriptor (any kind)"
    else:
        by_lower = {name.lower(): model for name, model in KIND_MODELS.items()}
        model = by_lower.get(kind.lower())
        if model is None:
            raise UsageError(f"unknown kind {kind!r}; known kinds: {', '.join(kind_names())}")
        schema = model.model_json_schema()
        title = f"tda {model.__name__.removesuffix('Entity')} descriptor"
    return {"$schema": SCHEMA_DIALECT, "title": title, **schema}
