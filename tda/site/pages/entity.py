"""One page per entity: facts, council fields, relations both ways, decisions, diagram, API."""

from __future__ import annotations

from typing import Any

from tda.catalog.entity import Entity
from tda.catalog.graph import NEEDED_BY, NEEDS
from tda.catalog.refs import EntityRef, try_parse_ref
from tda.site import urls
from tda.site.html import esc, external_link, table, tag
from tda.site.pages import Asset, Page, SiteContext, dl, outcomes, page, radar, section, status_badge
from tda.site.pages import councils
from tda.site.svg import Node, neighbourhood
from tda.yamlio import read_yaml_text

RELATION_LABELS = {
    "ownedBy": "owned by",
    "ownerOf": "owner of",
    "partOf": "part of",
    "hasPart": "has part",
    "providesApi": "provides API",
    "apiProvidedBy": "API provided by",
    "consumesApi": "consumes API",
    "apiConsumedBy": "API consumed by",
    "dependsOn": "depends on",
    "dependencyOf": "dependency of",
    "memberOf": "member of",
    "hasMember": "has member",
    "childOf": "child of",
    "parentOf": "parent of",
}
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def build(ctx: SiteContext, entity: Entity) -> tuple[Page, list[Asset]]:
    src = urls.entity_page(entity.ref)
    assets: list[Asset] = []
    blocks = [
        f'<p class="tda-kind">{esc(entity.kind)} <code>{esc(entity.ref.short())}</code></p>',
        f"<p>{esc(entity.description)}</p>" if entity.description else "",
        section("About", _facts(ctx, src, entity)),
        section("Council information", _council(ctx, src, entity)),
        section("Reuse this product", _reuse(entity), "reuse"),
        section("Relations", _relations(ctx, src, entity), "relations"),
        section("Neighbourhood", _diagram(ctx, src, entity)),
        section("Decisions that bind it", _decisions(ctx, src, entity), "decisions"),
        section("Outcomes", outcomes.entity_outcomes(ctx, entity), "outcomes"),
        section("Technologies on the radar", radar.entity_technologies(ctx, entity), "radar"),
        *councils.entity_blocks(ctx, entity, ctx.publiccode),
    ]
    if entity.ref.kind == "api":
        definition, asset = _api(src, entity)
        blocks.append(section("Definition", definition, "definition"))
        if asset:
            assets.append(asset)
    return page(src, entity.title, *blocks), assets


def _text_list(values: Any) -> list[str]:
    if isinstance(values, list):
        return [str(v) for v in values if v is not None]
    return [str(values)] if values is not None else []


def _facts(ctx: SiteContext, src: str, entity: Entity) -> str:
    spec, meta = entity.spec, entity.metadata
    rows: list[tuple[str, str]] = [("Reference", f"<code>{esc(entity.ref)}</code>")]
    for key in ("type", "lifecycle"):
        if isinstance(spec.get(key), str):
            rows.append((key.capitalize(), esc(spec[key])))
    labels = {
        "owner": "Owner",
        "system": "System",
        "domain": "Domain",
        "parent": "Parent group",
        "subcomponentOf": "Part of",
        "subdomainOf": "Part of domain",
    }
    for field_ref in entity.refs:
        if field_ref.field in labels:
            rows.append((labels[field_ref.field], ctx.entity_link(src, field_ref.target)))
    tags = _text_list(meta.get("tags"))
    if tags:
        rows.append(("Tags", " ".join(f'<span class="tda-tag">{esc(t)}</span>' for t in tags)))
    links = [
        external_link(str(link.get("url", "")), str(link.get("title") or link.get("url", "")))
        for link in meta.get("links") or []
        if isinstance(link, dict)
    ]
    if links:
        rows.append(("Links", "<br>".join(links)))
    profile = spec.get("profile") if isinstance(spec.get("profile"), dict) else {}
    if profile.get("email"):
        email = str(profile["email"])
        rows.append(("Email", external_link(f"mailto:{email}", email)))
    return dl(rows)


def _contact(ctx: SiteContext, src: str, contact: Any) -> str:
    if isinstance(contact, str):
        return ctx.ref_link(src, contact, default_kind="user")
    if isinstance(contact, dict):
        name = esc(contact.get("name", ""))
        email = contact.get("email")
        role = f" ({esc(contact['role'])})" if contact.get("role") else ""
        mail = f" {external_link(f'mailto:{email}', str(email))}" if email else ""
        return f"{name}{role}{mail}"
    return ""


def _council(ctx: SiteContext, src: str, entity: Entity) -> str:
    spec = entity.spec
    rows: list[tuple[str, str]] = []
    if spec.get("phase"):
        rows.append(("Phase", f'<span class="tda-badge">{esc(spec["phase"])}</span>'))
    if spec.get("licence"):
        rows.append(("Licence", esc(spec["licence"])))
    if spec.get("repository"):
        rows.append(("Source code", external_link(str(spec["repository"]))))
    based = []
    for origin in spec.get("basedOn") or []:
        if isinstance(origin, str):
            based.append(ctx.ref_link(src, origin))
        elif isinstance(origin, dict):
            label = esc(origin.get("name", ""))
            if origin.get("ref"):
                label = ctx.ref_link(src, str(origin["ref"]))
            elif origin.get("url"):
                label = external_link(str(origin["url"]), str(origin.get("name", "")))
            org = f" ({esc(origin['organisation'])})" if origin.get("organisation") else ""
            based.append(label + org)
    if based:
        rows.append(("Based on", "<br>".join(based)))
    if spec.get("alternativeTo"):
        rows.append(("Alternative to", esc(", ".join(_text_list(spec["alternativeTo"])))))
    contacts = [_contact(ctx, src, c) for c in spec.get("contacts") or []]
    if contacts:
        rows.append(("Contacts", "<br>".join(c for c in contacts if c)))
    blocks = [dl(rows)]
    adopters = [a for a in spec.get("usedBy") or [] if isinstance(a, dict)]
    if adopters:
        blocks.append(
            table(
                f"Organisations that use {entity.title}",
                ["Organisation", "Since", "Evidence", "Contact"],
                [
                    [
                        esc(a.get("organisation", "")),
                        esc(a.get("since", "")),
                        esc(a.get("evidence", "self-declared")),
                        _contact(ctx, src, a["contact"]) if a.get("contact") else "",
                    ]
                    for a in adopters
                ],
            )
        )
    assessments = [a for a in spec.get("assessments") or [] if isinstance(a, dict)]
    if assessments:
        blocks.append(
            table(
                "Assessments",
                ["Standard", "Phase", "Date", "Outcome", "Report"],
                [
                    [
                        esc(a.get("standard", "")),
                        esc(a.get("phase", "")),
                        esc(a.get("date", "")),
                        esc(a.get("outcome", "")),
                        external_link(str(a["link"]), "report") if a.get("link") else "",
                    ]
                    for a in assessments
                ],
            )
        )
    return "\n".join(b for b in blocks if b)


def _reuse(entity: Entity) -> str:
    spec = entity.spec
    if not spec.get("licence") or entity.ref.kind not in ("component", "system", "api"):
        return ""
    parts = [f"Licensed under <strong>{esc(spec['licence'])}</strong>."]
    if spec.get("repository"):
        parts.append(f"Source: {external_link(str(spec['repository']))}.")
    adopters = [a for a in spec.get("usedBy") or [] if isinstance(a, dict)]
    if adopters:
        names = ", ".join(esc(a.get("organisation", "")) for a in adopters)
        parts.append(f"Already used by {names}.")
    return f'<p class="tda-reuse">{" ".join(parts)}</p>'


def _relations(ctx: SiteContext, src: str, entity: Entity) -> str:
    relations = ctx.catalogue.graph.relations(entity.ref)
    if not relations:
        return '<p id="tda-relations-table">No relations.</p>'
    rows = [
        [esc(RELATION_LABELS.get(r.type, r.type)), ctx.entity_link(src, r.target), esc(r.target.kind)]
        for r in relations
    ]
    return table(
        f"Relations of {entity.title}", ["Relation", "Entity", "Kind"], rows, id="tda-relations-table"
    )


def _node(ctx: SiteContext, src: str, ref: EntityRef, relation: str) -> Node:
    entity = ctx.catalogue.entities.get(ref)
    href = urls.href(src, urls.entity_page(ref)) if entity else None
    return Node(entity.title if entity else ref.short(), relation, href)


def _diagram(ctx: SiteContext, src: str, entity: Entity) -> str:
    graph = ctx.catalogue.graph
    needs = sorted(t for t_type, t in graph.outgoing.get(entity.ref, ()) if t_type in NEEDS)
    context = graph.related(entity.ref, "partOf", "ownedBy")
    needed_by = sorted(t for t_type, t in graph.outgoing.get(entity.ref, ()) if t_type in NEEDED_BY)
    if not (needs or context or needed_by):
        return ""
    left = [_node(ctx, src, r, "part of / owned by") for r in context]
    left += [_node(ctx, src, r, "needs") for r in needs]
    right = [_node(ctx, src, r, "needs this") for r in needed_by]
    return (
        '<div class="tda-diagram-wrap">'
        + neighbourhood(entity.title, left[:12], right[:12], "tda-relations-table")
        + "</div>\n<p class=\"tda-note\">Arrows point from an entity to what it needs. "
        "The relations table above lists the same links.</p>"
    )


def _decisions(ctx: SiteContext, src: str, entity: Entity) -> str:
    decisions = ctx.catalogue.decisions_for(entity.ref)
    if not decisions:
        return "<p>No decision binds it.</p>"
    items = "".join(
        f"<li>{ctx.decision_link(src, d)} {status_badge(d.status, d.status_text)}</li>"
        for d in decisions
    )
    return f"<ul>{items}</ul>"


def _operations(definition: str) -> list[tuple[str, str, str]] | None:
    parsed = read_yaml_text(definition, "definition")
    if parsed.diagnostics or not parsed.documents:
        return None
    data = parsed.documents[0].data
    if not isinstance(data, dict) or not isinstance(data.get("paths"), dict):
        return None
    found = []
    for path, operations in data["paths"].items():
        if not isinstance(operations, dict):
            continue
        for method, operation in operations.items():
            if str(method).lower() in HTTP_METHODS:
                summary = operation.get("summary", "") if isinstance(operation, dict) else ""
                found.append((str(method).upper(), str(path), str(summary or "")))
    return found


def _api(src: str, entity: Entity) -> tuple[str, Asset | None]:
    spec = entity.spec
    definition = spec.get("definition")
    if not isinstance(definition, str):
        return "", None
    api_type = str(spec.get("type", ""))
    if try_parse_ref(definition) is None and definition.startswith(("http://", "https://")):
        return f"<p>The definition is published at {external_link(definition)}.</p>", None
    asset_src = urls.page_url(src) + "definition.txt"
    download = tag("a", "Download the definition", href="definition.txt", download=f"{entity.name}-definition.txt")
    blocks = [f"<p>{download} ({esc(api_type)}).</p>"]
    operations = _operations(definition) if api_type in ("openapi", "swagger") else None
    if operations:
        blocks.append(
            table(
                f"Operations of {entity.title}",
                ["Method", "Path", "Summary"],
                [[f"<code>{esc(m)}</code>", f"<code>{esc(p)}</code>", esc(s)] for m, p, s in operations],
            )
        )
    else:
        blocks.append(f'<pre class="tda-definition" tabindex="0"><code>{esc(definition)}</code></pre>')
    return "\n".join(blocks), Asset(asset_src, definition)
