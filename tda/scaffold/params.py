"""Template parameters: JSON Schema pages, defaults, validation naming each parameter."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft7Validator

from tda.catalog.template import Template
from tda.scaffold.render import RenderError, render_value


def _schema(page: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in page.items() if k not in ("when", "backstage:permissions", "title")}


def visible_pages(template: Template, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Pages whose `when` holds for the values so far (a page without `when` always shows)."""
    shown = []
    for page in template.pages:
        condition = page.get("when")
        if condition is None:
            shown.append(page)
            continue
        expression = (
            condition
            if isinstance(condition, str) and "${{" in str(condition)
            else f"${{{{ {condition} }}}}"
        )
        try:
            result = render_value(expression, {"parameters": values})
        except RenderError:
            result = True  # as in Backstage, a condition that fails to render shows the page
        if result not in (False, None, "", 0, []) and result != "false":
            shown.append(page)
    return shown


def properties(template: Template) -> list[tuple[str, dict[str, Any], bool]]:
    """Every parameter in page order: (name, schema, required)."""
    found: list[tuple[str, dict[str, Any], bool]] = []
    seen: set[str] = set()
    for page in template.pages:
        required = set(page.get("required") or [])
        for name, schema in (page.get("properties") or {}).items():
            if name not in seen and isinstance(schema, dict):
                seen.add(name)
                found.append((name, schema, name in required))
    return found


def with_defaults(template: Template, values: dict[str, Any]) -> dict[str, Any]:
    result = dict(values)
    for name, schema, _ in properties(template):
        if name not in result and "default" in schema:
            result[name] = schema["default"]
    return result


def missing(template: Template, values: dict[str, Any]) -> list[str]:
    names = []
    for page in visible_pages(template, values):
        names += [
            n for n in page.get("required") or [] if n not in values or values[n] in ("", None)
        ]
    return names


def errors(template: Template, values: dict[str, Any]) -> list[str]:
    """Problems with the values, each starting with the parameter's name."""
    found = []
    for page in visible_pages(template, values):
        for error in Draft7Validator(_schema(page)).iter_errors(values):
            if error.validator == "required":
                names = [n for n in error.validator_value if n not in (error.instance or {})]
                found += [f"{n}: is required" for n in names]
                continue
            name = ".".join(str(p) for p in error.absolute_path) or "parameters"
            found.append(f"{name}: {error.message}")
    return sorted(dict.fromkeys(found))


def coerce(text: str, schema: dict[str, Any]) -> Any:
    """A value typed on the command line, as the parameter's schema wants it."""
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            number = float(text)
            return int(number) if number.is_integer() and "." not in text else number
        if kind == "boolean":
            lowered = text.strip().lower()
            if lowered in ("true", "yes", "y", "1"):
                return True
            if lowered in ("false", "no", "n", "0"):
                return False
            return text
        if kind in ("array", "object"):
            if text.strip().startswith(("[", "{")):
                return json.loads(text)
            return (
                [part.strip() for part in text.split(",") if part.strip()]
                if kind == "array"
                else text
            )
    except (ValueError, json.JSONDecodeError):
        return text
    return text
