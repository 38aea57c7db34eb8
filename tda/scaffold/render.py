"""`${{ }}` expressions rendered with Jinja2's sandbox, as Backstage's scaffolder renders them."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jinja2 import ChainableUndefined, TemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from tda.catalog.refs import RefError, parse_ref
from tda.catalog.template import jinja_source
from tda.errors import RenderError


def parse_repo_url(url: str) -> dict[str, str]:
    """`github.com?owner=x&repo=y` as Backstage's RepoUrlPicker writes it."""
    parts = urlsplit(f"https://{url}")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    result = {"host": parts.hostname or "", **query}
    if "repo" not in result:
        raise RenderError(f"invalid repo URL {url!r}: it has no repo")
    return result


def parse_entity_ref(text: str, options: dict[str, str] | None = None) -> dict[str, str]:
    options = options or {}
    try:
        ref = parse_ref(
            text,
            default_kind=options.get("defaultKind"),
            default_namespace=options.get("defaultNamespace", "default"),
        )
    except RefError as error:
        raise RenderError(str(error)) from error
    return {"kind": ref.kind, "namespace": ref.namespace, "name": ref.name}


def pick(value: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def project_slug(url: str) -> str:
    parsed = parse_repo_url(url)
    return f"{parsed.get('owner') or parsed.get('organization') or ''}/{parsed['repo']}"


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, made to refuse unsafe attribute access outright.

    The stock sandbox turns `x.__class__` into an undefined value, which Backstage-style lenient
    rendering would print as an empty string; a template that tries is refused instead.
    """

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(f"access to {attribute!r} of a {type(obj).__name__} is not allowed")


# Anything a template expression can raise while rendering; each becomes a RenderError.
_RENDER_FAILURES = (TemplateError, ArithmeticError, LookupError, TypeError, ValueError)


def _as_nunjucks_prints(value: Any) -> Any:
    """Values print as Nunjucks prints them: `true`, `false`, and nothing for a null."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value


def _environment() -> SandboxedEnvironment:
    env = _Sandbox(
        variable_start_string="${{",
        variable_end_string="}}",
        undefined=ChainableUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_as_nunjucks_prints,
    )
    env.filters.update(
        {
            "parseRepoUrl": parse_repo_url,
            "parseEntityRef": parse_entity_ref,
            "pick": pick,
            "projectSlug": project_slug,
            "dump": lambda value, *_: json.dumps(value),
        }
    )
    return env


ENV = _environment()
_SINGLE = re.compile(r"^\s*\$\{\{(.*?)\}\}\s*$", re.S)


def render_string(text: str, context: dict[str, Any]) -> str:
    if "${{" not in text and "{%" not in text and "{#" not in text:
        return text  # nothing to render: most files of a skeleton, and every plain name
    try:
        return ENV.from_string(jinja_source(text)).render(context)
    except _RENDER_FAILURES as error:
        raise RenderError(_describe(error)) from error


def _describe(error: TemplateError) -> str:
    kind = (
        "refused by the sandbox" if error.__class__.__name__ == "SecurityError" else "cannot render"
    )
    line = getattr(error, "lineno", None)
    where = f" (line {line})" if line else ""
    return f"{kind}{where}: {error}"


def render_value(value: Any, context: dict[str, Any]) -> Any:
    """Render every string in a JSON value; a string that is one expression keeps its type."""
    if isinstance(value, dict):
        return {k: render_value(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [render_value(v, context) for v in value]
    if not isinstance(value, str) or "${{" not in value:
        return value
    single = _SINGLE.match(value)
    if single and "${{" not in single.group(1) and "}}" not in single.group(1):
        try:
            source = jinja_source(value).strip()[3:-2].strip()
            result = ENV.compile_expression(source, undefined_to_none=True)(**context)
        except _RENDER_FAILURES as error:
            raise RenderError(_describe(error)) from error
        return None if isinstance(result, ChainableUndefined) else result
    return render_string(value, context)
