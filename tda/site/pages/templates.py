"""The templates gallery: what each template makes, its parameters, and the command to run it."""

from __future__ import annotations

import json

from tda.scaffold.params import properties
from tda.catalog.template import Template
from tda.site.html import esc, table
from tda.site.pages import Page, SiteContext, page, section

SRC = "service-templates/index.md"


def _parameters(template: Template) -> str:
    rows = []
    for name, schema, required in properties(template):
        kind = str(schema.get("type", "string"))
        if "enum" in schema:
            kind += " (" + ", ".join(str(v) for v in schema["enum"]) + ")"
        default = json.dumps(schema["default"]) if "default" in schema else ""
        rows.append(
            [
                f"<code>{esc(name)}</code>",
                esc(schema.get("title") or ""),
                esc(kind),
                "yes" if required else "no",
                f"<code>{esc(default)}</code>" if default else "",
            ]
        )
    if not rows:
        return "<p>No parameters.</p>"
    return table(
        f"Parameters of {template.title}", ["Name", "Title", "Type", "Required", "Default"], rows
    )


def _command(template: Template) -> str:
    required = [name for name, _, needed in properties(template) if needed]
    parts = ["tda scaffold", template.name] + [f"-p {name}=..." for name in required]
    return f"<pre><code>{esc(' '.join(parts))}</code></pre>"


def build(ctx: SiteContext) -> Page:
    templates = sorted(ctx.catalogue.templates, key=lambda t: t.name)
    blocks = [
        "<p>Start a new service from one of these templates. Each gives a repository with a "
        "valid descriptor, its first decision record and a git history, registered in this "
        "catalogue. Run the command in the catalogue repository; it asks for any value you leave "
        "out.</p>"
    ]
    if not templates:
        blocks.append("<p>There are no templates yet.</p>")
    for template in templates:
        steps = ", ".join(str(s.get("action")) for s in template.steps)
        blocks.append(
            section(
                template.title,
                f"<p>{esc(template.description)}</p>"
                f"<p>Steps: {esc(steps)}.</p>{_parameters(template)}{_command(template)}",
                anchor=f"template-{template.name}",
            )
        )
    return page(SRC, "Templates", *blocks)
