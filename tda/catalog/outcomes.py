"""Outcomes: what a product is for, as objectives with measurable key results.

They sit in `spec.outcomes` of a Component or System, or in a file beside the descriptor that
`outcomes: {$yaml: ./outcomes.yaml}` brings in, and are validated like every council field.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

Text = Annotated[str, StringConstraints(strict=True, min_length=1)]
KeyResultId = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=63),
    Field(description="lower-case words joined by hyphens, e.g. call-time-saved"),
]

# Kinds that are products, and so may say what they are for.
OUTCOME_KINDS = ("component", "system")


LARGEST = 1e15


def _finite(value: float) -> float:
    # YAML reads .nan and .inf as numbers; neither can be a baseline, target or measurement,
    # and a bound keeps every difference and share of them finite.
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    if abs(value) > LARGEST:
        raise ValueError("must be between -10^15 and 10^15")
    return value


def _number(value: Any) -> Any:
    # Only numbers written as numbers: "12" in quotes or `yes` are mistakes worth a finding.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number")
    return value


Number = Annotated[float, BeforeValidator(_number), AfterValidator(_finite)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Measurement(_Strict):
    """One reading of a key result's metric."""

    date: dt.date
    value: Number
    source: Text | None = Field(None, description="where the figure comes from: a URL or a note")


class KeyResult(_Strict):
    id: KeyResultId
    metric: Text = Field(description="what is measured, e.g. call time saved a year")
    baseline: Number = Field(description="the value when the key result was set")
    target: Number = Field(description="the value to reach by the due date")
    unit: Text = Field(description="e.g. minutes, residents, percent")
    due: dt.date
    since: dt.date | None = Field(
        None, description="date of the baseline; progress is expected evenly from it to due"
    )
    measurements: list[Measurement] = Field(default_factory=list)


class Objective(_Strict):
    objective: Text = Field(description="what the product is for, in a sentence")
    keyResults: list[KeyResult] = Field(min_length=1)


Outcomes = list[Objective]


def parse_outcomes(spec: dict[str, Any]) -> list[Objective]:
    """The outcomes of a valid entity's spec (validation has already accepted them)."""
    raw = spec.get("outcomes")
    if not isinstance(raw, list):
        return []
    return [Objective.model_validate(item) for item in raw]


def split_outcome_ref(text: str) -> tuple[str, str | None]:
    """`system:single-view#call-time` -> (`system:single-view`, `call-time`); no `#`, no id."""
    ref, _, key = text.partition("#")
    return ref.strip(), key.strip() or None


def allow_placeholder(schema: dict[str, Any]) -> None:
    """Let editors accept `outcomes: {$yaml: ./outcomes.yaml}`, which tda resolves first."""
    placeholder = {
        "type": "object",
        "description": "the outcomes, read from a file beside the descriptor",
        "properties": {key: {"type": "string"} for key in ("$yaml", "$json")},
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
    }
    schema.setdefault("anyOf", []).append(placeholder)
