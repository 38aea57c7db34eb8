"""Which template to run and the values it is given: by name or folder, from a values file and
from KEY=VALUE pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tda.catalog.load import display_path
from tda.catalog.template import TEMPLATE_FILE, Template, read_template
from tda.catalogue import Catalogue
from tda.diagnostics import format_text
from tda.errors import UsageError
from tda.scaffold.params import coerce, properties
from tda.yamlio import read_yaml_file


def find_template(catalogue: Catalogue, name: str) -> Template:
    """A template of the catalogue by name or folder name, or one in the folder `name`."""
    for template in catalogue.templates:
        if name in (template.name, template.folder.name):
            return template
    path = Path(name)
    if path.is_dir():
        path = path / TEMPLATE_FILE
    if path.is_file():
        template, problems = read_template(path.resolve(), display_path(path.resolve()))
        if template is None:
            raise UsageError(f"{path} is not a template it can run:\n{format_text(problems)}")
        return template
    known = ", ".join(t.name for t in catalogue.templates) or "none"
    raise UsageError(f"no template named {name!r} (templates here: {known})")


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
