"""Which template to run and the values it is given: by name or folder, from a values file, from
KEY=VALUE pairs, and by asking, one answer at a time, checked as it is given."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from tda import codes
from tda.catalog.load import display_path
from tda.catalog.refs import EntityRef
from tda.catalog.template import (
    PICKER_FIELDS,
    TEMPLATE_FILE,
    Template,
    check_template,
    is_secret,
    mapping,
    read_template,
)
from tda.catalogue import Catalogue
from tda.diagnostics import Diagnostic, format_text
from tda.errors import UsageError
from tda.scaffold.params import answer_errors, applicable, coerce, properties
from tda.yamlio import read_yaml_file


def find_template(catalogue: Catalogue, name: str) -> Template:
    """A template of the catalogue by name or folder name, or one in the folder `name`."""
    for template in catalogue.templates:
        if name in (template.name, template.folder.name):
            return runnable(template, check_template(template))
    path = Path(name)
    if path.is_dir():
        path = path / TEMPLATE_FILE
    if path.is_file():
        template, problems = read_template(path.resolve(), display_path(path.resolve()))
        if template is None:
            raise UsageError(f"{path} is not a template it can run:\n{format_text(problems)}")
        return runnable(template, problems)
    known = ", ".join(t.name for t in catalogue.templates) or "none"
    raise UsageError(f"no template named {name!r} (templates here: {known})")


REFUSED_BEFORE_ASKING = frozenset(
    {codes.TEMPLATE_SCHEMA, codes.TEMPLATE_SYMLINK, codes.TEMPLATE_WRITES_GIT}
)


def runnable(template: Template, problems: list[Diagnostic]) -> Template:
    """The template, unless the lint found it unsafe or unreadable to run: a broken parameter
    schema, a symbolic link or a file under .git/ in its skeleton. Other errors (a missing
    skeleton, a misspelt name) are met, as in Backstage, when the run reaches them."""
    found = [p for p in problems if p.severity == "error" and p.code in REFUSED_BEFORE_ASKING]
    if found:
        raise UsageError(
            f"template {template.name} has errors; nothing was asked or written:\n"
            f"{format_text(found)}"
        )
    return template


def given_values(
    template: Template, values_file: Path | None, pairs: tuple[tuple[str, str], ...]
) -> dict[str, Any]:
    """Values from the values file, then from the pairs, each read as its parameter's type."""
    values: dict[str, Any] = {}
    if values_file is not None:
        values.update(_values_file(values_file))
    schemas = {name: schema for name, schema, _ in properties(template)}
    for key, text in pairs:
        values[key] = coerce(text, schemas.get(key, {}))
    return values


def _values_file(path: Path) -> dict[str, Any]:
    parsed = read_yaml_file(path, display_path(path))
    if parsed.diagnostics:
        raise UsageError(f"--values {format_text(parsed.diagnostics[:1])}")
    if not parsed.documents or not isinstance(parsed.documents[0].data, dict):
        raise UsageError(f"--values {path}: it must be a mapping of parameter names to values")
    return dict(parsed.documents[0].data)


# -- asking ----------------------------------------------------------------------------------------

_SKIPPED = object()
_MAX_LISTED = 40


def picker_kinds(schema: dict[str, Any]) -> list[str]:
    """The kinds an EntityPicker or OwnerPicker offers: its catalogFilter or allowedKinds, or
    for an owner the catalogue's groups."""
    options = schema.get("ui:options") or {}
    if not isinstance(options, dict):
        options = {}
    kinds: Any = options.get("allowedKinds")
    catalog_filter = options.get("catalogFilter")
    if not kinds and isinstance(catalog_filter, dict):
        kinds = catalog_filter.get("kind")
    if not kinds:
        kinds = ["Group"] if schema.get("ui:field") == "OwnerPicker" else []
    return [str(k).lower() for k in ([kinds] if isinstance(kinds, str) else kinds)]


def picker_choices(catalogue: Catalogue, schema: dict[str, Any]) -> list[str]:
    """The catalogue's entities a picker offers, as references to type."""
    kinds = picker_kinds(schema)
    options = schema.get("ui:options")
    options = options if isinstance(options, dict) else {}
    refs = sorted(ref for ref in catalogue.entities if not kinds or ref.kind in kinds)
    return [_as_typed(ref, options) for ref in refs]


def _as_typed(ref: EntityRef, options: dict[str, Any]) -> str:
    """A reference as the picker gives it: without the kind or namespace its options default."""
    default_kind = str(options.get("defaultKind") or "").lower()
    default_namespace = str(options.get("defaultNamespace") or "default").lower()
    text = ref.name if ref.namespace == default_namespace else f"{ref.namespace}/{ref.name}"
    return text if ref.kind == default_kind else f"{ref.kind}:{text}"


def _label(name: str, schema: dict[str, Any]) -> str:
    label = str(schema.get("title") or name)
    if schema.get("description"):
        label += f" ({schema['description']})"
    return label


def _offer(choices: list[str]) -> None:
    shown = ", ".join(choices[:_MAX_LISTED])
    more = f" and {len(choices) - _MAX_LISTED} more" if len(choices) > _MAX_LISTED else ""
    click.echo(f"  choose from: {shown}{more}", err=True)


def _raw_answer(label: str, schema: dict[str, Any], required: bool) -> Any:
    default = schema.get("default")
    if schema.get("type") == "boolean":
        return click.confirm(label, default=bool(default), err=True)
    if "enum" in schema:
        choices = [str(c) for c in schema["enum"]]
        return click.prompt(
            label,
            type=click.Choice(choices),
            default=None if default is None else str(default),
            err=True,
        )
    if is_secret(schema):
        return click.prompt(
            label,
            default="" if not required else None,
            hide_input=True,
            show_default=False,
            err=True,
        )
    if default is not None and not isinstance(default, str):
        default = json.dumps(default) if isinstance(default, list | dict) else str(default)
    return click.prompt(
        label,
        default="" if default is None and not required else default,
        show_default=default not in (None, ""),
        err=True,
    )


def ask_one(name: str, schema: dict[str, Any], required: bool, catalogue: Catalogue) -> Any:
    """One answer, checked as it is given and asked again until it is right."""
    label = _label(name, schema)
    choices = picker_choices(catalogue, schema) if schema.get("ui:field") in PICKER_FIELDS else []
    strict = mapping(schema.get("ui:options")).get("allowArbitraryValues") is False
    while True:
        if choices:
            _offer(choices)
        answer = _raw_answer(label, schema, required)
        if answer == "" and not required:
            return _SKIPPED
        if answer == "":
            click.echo(f"  {name}: a value is required", err=True)
            continue
        value = answer if isinstance(answer, bool) else coerce(str(answer), schema)
        problems = answer_errors(schema, value)
        if choices and strict:
            kinds = ", ".join(picker_kinds(schema)) or "entities"
            problems += [
                f"{item!r} is not one of the catalogue's {kinds}"
                for item in _picked(value)
                if item not in choices
            ]
        if not problems:
            return value
        for problem in problems:
            click.echo(f"  {name}: {problem}", err=True)


def ask_for_values(
    template: Template, values: dict[str, Any], catalogue: Catalogue, *, dry_run: bool = False
) -> dict[str, Any]:
    """Ask for each value that applies and was not given, in the form's order; a dry run asks
    only for required values that have no default."""
    values = dict(values)
    asked = set(values)
    while True:
        pending = [
            (n, s, r)
            for n, s, r in applicable(template, values)
            if n not in asked and not (dry_run and (not r or "default" in s))
        ]
        if not pending:
            return values
        name, schema, required = pending[0]
        asked.add(name)
        answer = ask_one(name, schema, required, catalogue)
        if answer is not _SKIPPED:
            values[name] = answer


def picker_errors(template: Template, values: dict[str, Any], catalogue: Catalogue) -> list[str]:
    """Values given to a picker that accepts only the catalogue's entities, but name none."""
    found = []
    for name, schema, _ in applicable(template, values):
        strict = mapping(schema.get("ui:options")).get("allowArbitraryValues") is False
        if not strict or schema.get("ui:field") not in PICKER_FIELDS or name not in values:
            continue
        choices = picker_choices(catalogue, schema)
        kinds = ", ".join(picker_kinds(schema)) or "entities"
        found += [
            f"{name}: {item!r} is not one of the catalogue's {kinds}"
            for item in _picked(values[name])
            if item not in choices
        ]
    return found


def _picked(value: Any) -> list[Any]:
    """What a picker was given: one reference, or a MultiEntityPicker's list of them."""
    return value if isinstance(value, list) else [value]
