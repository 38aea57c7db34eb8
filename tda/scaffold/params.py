"""Template parameters: JSON Schema pages, what applies given the answers so far, defaults, and
validation naming each parameter.

Backstage's form (react-jsonschema-form) shows a field only when it applies: a page whose `if`
expression is false is skipped, and JSON Schema `dependencies`, `if`/`then`/`else`, `allOf` and
`oneOf`/`anyOf` add fields once the answers they depend on are known. The same rules decide here
what is asked and what is required.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError, best_match

from tda.catalog.template import Template, all_properties, is_secret, mapping, sequence
from tda.scaffold.render import RenderError, render_value

Property = tuple[str, dict[str, Any], bool]  # name, schema, required

# Keys of a parameter page that are Backstage's, not JSON Schema's.
_PAGE_ONLY = ("when", "backstage:permissions", "title", "description")


def page_schema(page: dict[str, Any]) -> dict[str, Any]:
    """The page as a JSON Schema: without Backstage's page keys and its `if` expression."""
    schema = {k: v for k, v in page.items() if k not in _PAGE_ONLY and not k.startswith("ui:")}
    if not isinstance(schema.get("if"), dict | bool):
        schema.pop("if", None)
    return schema


def _truthy(result: Any) -> bool:
    return result not in (False, None, "", 0, []) and result != "false"


def page_shown(page: dict[str, Any], values: dict[str, Any]) -> bool:
    """A page shows unless its `if` (Backstage) or `when` expression is false for the values."""
    condition = page.get("if") if isinstance(page.get("if"), str | bool) else page.get("when")
    if condition is None:
        return True
    if isinstance(condition, bool):
        return condition
    text = str(condition)
    expression = text if "${{" in text else f"${{{{ {text} }}}}"
    try:
        result = render_value(expression, {"parameters": values})
    except RenderError:
        return True  # as in Backstage, a condition that fails to render shows the page
    return _truthy(result)


def visible_pages(template: Template, values: dict[str, Any]) -> list[dict[str, Any]]:
    return [page for page in template.pages if page_shown(page, values)]


def given(values: dict[str, Any], name: str) -> bool:
    return name in values and values[name] not in ("", None)


def _fits(schema: dict[str, Any], values: dict[str, Any]) -> bool:
    try:
        return bool(Draft7Validator(schema).is_valid(values))
    except Exception:  # a malformed sub-schema is reported by the template lint; it never fits
        return False


def _branch_score(branch: dict[str, Any], values: dict[str, Any]) -> int:
    """How many given answers the branch constrains, or -1 when an answer contradicts it."""
    constrained = {
        name: schema
        for name, schema in mapping(branch.get("properties")).items()
        if given(values, name) and isinstance(schema, dict)
    }
    # only an answer the branch singles out (an enum or const) rules it out; any other answer
    # that does not fit it is an error in that branch, to be reported as such
    deciding = {n: s for n, s in constrained.items() if "enum" in s or "const" in s}
    if not _fits({"properties": deciding}, values):
        return -1
    return len(constrained)


def _chosen_branches(keyword: str, branches: list[Any], values: dict[str, Any]) -> list[Any]:
    """oneOf: the branch the answers single out (the first when none does, as the form shows
    its first option); anyOf: every branch the answers do not contradict."""
    scored = [(b, _branch_score(b, values)) for b in branches if isinstance(b, dict)]
    fitting = [(b, s) for b, s in scored if s >= 0]
    if keyword == "anyOf":
        return [b for b, _ in fitting]
    if not fitting:
        return []
    best = max(s for _, s in fitting)
    return [next(b for b, s in fitting if s == best)]


def _collect(schema: dict[str, Any], values: dict[str, Any], found: dict[str, list[Any]]) -> None:
    required = {n for n in sequence(schema.get("required")) if isinstance(n, str)}
    for name, prop in mapping(schema.get("properties")).items():
        if not isinstance(prop, dict):
            continue
        if name in found:
            found[name][1] = found[name][1] or name in required
        else:
            found[name] = [prop, name in required]
    for name in required:
        if name in found:
            found[name][1] = True
        else:
            found[name] = [{}, True]
    for key, dependency in mapping(schema.get("dependencies")).items():
        if not given(values, key):
            continue
        if isinstance(dependency, list):
            _collect({"required": dependency}, values, found)
        elif isinstance(dependency, dict):
            _collect(dependency, values, found)
    condition = schema.get("if")
    # a condition on answers not yet given decides nothing: neither branch applies until then
    if isinstance(condition, dict) and all(
        given(values, n) for n in mapping(condition.get("properties"))
    ):
        branch = schema.get("then" if _fits(condition, values) else "else")
        if isinstance(branch, dict):
            _collect(branch, values, found)
    for sub in sequence(schema.get("allOf")):
        if isinstance(sub, dict):
            _collect(sub, values, found)
    for keyword in ("oneOf", "anyOf"):
        for sub in _chosen_branches(keyword, sequence(schema.get(keyword)), values):
            _collect(sub, values, found)


def applicable(template: Template, values: dict[str, Any]) -> list[Property]:
    """The parameters that apply given the values so far, in the order the form shows them."""
    found: dict[str, list[Any]] = {}
    for page in visible_pages(template, values):
        _collect(page_schema(page), values, found)
    return [(name, schema, required) for name, (schema, required) in found.items()]


def properties(template: Template) -> list[Property]:
    """Every parameter any page or branch declares, in order, required when a page requires it
    whatever the other answers (for reading typed values and describing the template)."""
    always = {
        name
        for page in template.pages
        if not isinstance(page.get("if"), str) and "when" not in page
        for name in sequence(page.get("required"))
    }
    return [(name, schema, name in always) for name, schema in all_properties(template).items()]


def with_defaults(template: Template, values: dict[str, Any]) -> dict[str, Any]:
    """The values, with the defaults of the parameters that apply to them filled in."""
    result = dict(values)
    for _ in range(8):  # a default can make a branch apply, whose fields have defaults too
        added = False
        for name, schema, _required in applicable(template, result):
            if name not in result and "default" in schema:
                result[name] = schema["default"]
                added = True
        if not added:
            break
    return result


def missing(template: Template, values: dict[str, Any]) -> list[str]:
    return [
        name
        for name, _, required in applicable(template, values)
        if required and not given(values, name)
    ]


def secrets(template: Template, values: dict[str, Any]) -> list[str]:
    """The values of secret parameters given, to be kept out of every message."""
    names = {name for name, schema in all_properties(template).items() if is_secret(schema)}
    return [str(values[n]) for n in names if given(values, n) and str(values[n])]


def redact(text: str, hidden: list[str]) -> str:
    for secret in sorted(hidden, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _leaves(error: ValidationError) -> list[ValidationError]:
    """The errors that say what to fix: for oneOf/anyOf, those of the branch the answers chose
    (not whichever branch failed least)."""
    if not error.context:
        return [error]
    branches = error.validator_value if isinstance(error.validator_value, list) else []
    instance = error.instance if isinstance(error.instance, dict) else {}
    chosen = _chosen_branches(str(error.validator), branches, instance)
    indexes = {i for i, branch in enumerate(branches) if any(branch is c for c in chosen)}
    picked = [e for e in error.context if e.schema_path and e.schema_path[0] in indexes]
    if not picked:
        return [best_match(error.context)]
    return [leaf for e in picked for leaf in _leaves(e)]


def _line(error: ValidationError) -> list[str]:
    if error.validator == "required":
        return [
            f"{n}: is required" for n in error.validator_value if n not in (error.instance or {})
        ]
    name = ".".join(str(p) for p in error.absolute_path) or "parameters"
    return [f"{name}: {error.message}"]


def errors(template: Template, values: dict[str, Any]) -> list[str]:
    """Problems with the values, each starting with the parameter's name."""
    found = []
    for page in visible_pages(template, values):
        for error in Draft7Validator(page_schema(page)).iter_errors(values):
            for leaf in _leaves(error):
                found += _line(leaf)
    hidden = secrets(template, values)
    return sorted(dict.fromkeys(redact(line, hidden) for line in found))


def answer_errors(schema: dict[str, Any], value: Any) -> list[str]:
    """Problems with one answer, as it is given."""
    try:
        validator = Draft7Validator({k: v for k, v in schema.items() if not k.startswith("ui:")})
        problems = [leaf.message for e in validator.iter_errors(value) for leaf in _leaves(e)]
    except Exception:
        return []
    if is_secret(schema):
        problems = [redact(p, [str(value)]) if str(value) else p for p in problems]
    return problems


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
