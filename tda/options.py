"""Command-line value types: each parses its text once and fails as a usage error naming the
option, so that command bodies receive dates, references and ids, never raw strings."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click

from tda.catalog.refs import EntityRef, RefError, parse_ref
from tda.decisions.model import ID_PATTERN, normalise_id

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DateType(click.ParamType):
    """A calendar date written YYYY-MM-DD, nothing looser."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if _ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError as error:
                self.fail(f"{text!r} is not a date on the calendar ({error})", param, ctx)
        self.fail(f"{text!r} is not a date written YYYY-MM-DD", param, ctx)


class EntityRefType(click.ParamType):
    """An entity reference, `[kind:][namespace/]name`, with the kind the option implies."""

    name = "REF"

    def __init__(self, default_kind: str = "component") -> None:
        self.default_kind = default_kind

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, EntityRef):
            return value
        try:
            return parse_ref(str(value).strip(), default_kind=self.default_kind)
        except RefError as error:
            self.fail(str(error), param, ctx)


class DecisionIdType(click.ParamType):
    """A decision id: `ADR-7`, `adr-0007` or `7`; records without numbers go by their path."""

    name = "ADR-ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip()
        if not text:
            self.fail("a decision id must not be empty", param, ctx)
        if text.isdigit() or ID_PATTERN.match(text):
            return normalise_id(text)
        if text.upper().startswith("ADR"):
            self.fail(f"{text!r} is not a decision id such as ADR-7", param, ctx)
        return text


class KeyValueType(click.ParamType):
    """`KEY=VALUE`, split at the first equals sign; the value may be empty."""

    name = "KEY=VALUE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        key, sep, text = str(value).partition("=")
        if not sep or not key.strip():
            self.fail(f"expected KEY=VALUE, not {value!r}", param, ctx)
        return key.strip(), text


class NamespaceType(click.ParamType):
    """A Backstage namespace: lower-case letters, digits and single dashes, at most 63."""

    name = "NAMESPACE"
    _PATTERN = re.compile(r"^[a-z0-9]+(?:-+[a-z0-9]+)*$")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip()
        if not self._PATTERN.match(text) or len(text) > 63:
            self.fail(f"{text!r} is not a namespace (lower-case letters, digits, -)", param, ctx)
        return text


DATE = DateType()
NAMESPACE = NamespaceType()
DECISION_ID = DecisionIdType()
KEY_VALUE = KeyValueType()
