"""One page per entity: reuse facts first, then facts, relations both ways, decisions, diagram,
and for an API its full reference."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tda.catalog.entity import Entity
from tda.catalog.graph import NEEDED_BY, NEEDS
from tda.catalog.refs import EntityRef
from tda.site import apiref, urls
from tda.site.pages import (
    Asset,
    Link,
    Page,
    SiteContext,
    councils,
    listed,
    outcomes,
    radar,
    render,
    render_page,
    text_list,
)
from tda.site.pages.people import Contact, contact, contacts_of
from tda.site.pages.products import adopters
from tda.site.svg import Node, diagram

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
REF_LABELS = {
    "owner": "Owner",
    "system": "System",
    "domain": "Domain",
    "parent": "Parent group",
    "subcomponentOf": "Part of",
    "subdomainOf": "Part of domain",
}
PRODUCT_KINDS = ("component", "system")


@dataclass(frozen=True, slots=True)
class Adopter:
    organisation: str
    since: str
    evidence: str
    contact: Contact | None


@dataclass(frozen=True, slots=True)
class Assessment:
    standard: str
    phase: str
    date: str
    outcome: str
    report: Link | None


@dataclass(frozen=True, slots=True)
class Dependency:
    link: Link
    kind: str
    relation: str
    licence: str


@dataclass
class Reuse:
    """What another council needs to decide whether to reuse a product, and how to start."""

    licence: str
    licence_link: Link | None
    repository: Link | None
    clone: str
    phase: str
    assessments: list[Assessment]
    adopters: list[Adopter]
    contacts: list[Contact]
    dependencies: list[Dependency]
    decisions: list[tuple[Link, str]]
    based_on: list[Any] = field(default_factory=list)


def build(ctx: SiteContext, entity: Entity) -> tuple[Page, list[Asset]]:
    src = urls.entity_page(entity.ref)
    assets: list[Asset] = []
    reference = None
    if entity.ref.kind == "api":
        reference, asset = apiref.reference(entity, urls.page_url(src))
        if asset:
            assets.append(asset)
    page = render_page(
        "entity.j2",
        src,
        entity.title,
        page_title=f"{entity.title} ({entity.kind})",
        wide=True,
        entity=entity,
        findings=ctx.findings_of(entity),
        reuse=reuse_facts(ctx, src, entity) if entity.ref.kind in PRODUCT_KINDS else None,
        facts=about_facts(ctx, src, entity),
        council=council_facts(ctx, src, entity),
        relations=relation_rows(ctx, src, entity),
        picture=neighbourhood(ctx, src, entity),
        decisions=[(ctx.decision_link(src, d), d) for d in ctx.catalogue.decisions_for(entity.ref)],
        outcomes=outcomes.entity_outcomes(ctx, entity),
        technologies=radar.entity_technologies(ctx, entity),
        councils=councils.entity_blocks(ctx, entity),
        api=reference,
    )
    return page, assets


def _mapping_rows(values: Any) -> list[tuple[str, str]]:
    if not isinstance(values, dict):
        return []
    return [(str(k), str(v)) for k, v in sorted(values.items(), key=lambda kv: str(kv[0]))]


def about_facts(ctx: SiteContext, src: str, entity: Entity) -> list[tuple[str, Any]]:
    spec, meta = entity.spec, entity.metadata
    rows: list[tuple[str, Any]] = [("Reference", str(entity.ref))]
    for key in ("type", "lifecycle"):
        if isinstance(spec.get(key), str):
            rows.append((key.capitalize(), spec[key]))
    for field_ref in entity.refs:
        if field_ref.field in REF_LABELS:
            rows.append((REF_LABELS[field_ref.field], ctx.entity_link(src, field_ref.target)))
    tags = text_list(meta.get("tags"))
    if tags:
        rows.append(("Tags", ", ".join(tags)))
    links = [
        Link.to(str(link.get("url", "")), str(link.get("title") or link.get("url", "")))
        for link in listed(meta.get("links"))
        if isinstance(link, dict)
    ]
    if links:
        rows.append(("Links", links))
    rows += [(f"Label {key}", value) for key, value in _mapping_rows(meta.get("labels"))]
    rows += [(f"Annotation {key}", value) for key, value in _mapping_rows(meta.get("annotations"))]
    profile = spec.get("profile") if isinstance(spec.get("profile"), dict) else {}
    if isinstance(profile.get("email"), str):
        rows.append(("Email", Link.mail(profile["email"])))
    return rows


def _based_on(ctx: SiteContext, src: str, spec: dict[str, Any]) -> list[Any]:
    found: list[Any] = []
    for origin in listed(spec.get("basedOn")):
        if isinstance(origin, str):
            found.append(ctx.ref_link(src, origin))
        elif isinstance(origin, dict):
            label: Link = Link(str(origin.get("name", "")))
            if origin.get("ref"):
                label = ctx.ref_link(src, str(origin["ref"]))
            elif origin.get("url"):
                label = Link.to(str(origin["url"]), str(origin.get("name", "")))
            org = f" ({origin['organisation']})" if origin.get("organisation") else ""
            found.append([label, org] if org else label)
    return found


def council_facts(ctx: SiteContext, src: str, entity: Entity) -> list[tuple[str, Any]]:
    """The council fields that the reuse block does not already show."""
    spec = entity.spec
    rows: list[tuple[str, Any]] = []
    if entity.ref.kind not in PRODUCT_KINDS:
        for key, label in (("phase", "Phase"), ("licence", "Licence")):
            if spec.get(key):
                rows.append((label, str(spec[key])))
        if spec.get("repository"):
            rows.append(("Source code", Link.to(str(spec["repository"]))))
    based = _based_on(ctx, src, spec)
    if based:
        rows.append(("Based on", based))
    if spec.get("alternativeTo"):
        rows.append(("Alternative to", ", ".join(text_list(spec["alternativeTo"]))))
    return rows


def adopter_rows(ctx: SiteContext, src: str, entity: Entity) -> list[Adopter]:
    return [
        Adopter(
            str(a.get("organisation", "")),
            str(a.get("since") or ""),
            str(a.get("evidence") or "self-declared"),
            contact(ctx, src, a["contact"]) if a.get("contact") else None,
        )
        for a in adopters(entity)
    ]


def assessment_rows(entity: Entity) -> list[Assessment]:
    return [
        Assessment(
            str(a.get("standard", "")),
            str(a.get("phase", "")),
            str(a.get("date", "")),
            str(a.get("outcome", "")),
            Link.to(str(a["link"]), "report") if a.get("link") else None,
        )
        for a in listed(entity.spec.get("assessments"))
        if isinstance(a, dict)
    ]


def dependencies(ctx: SiteContext, src: str, entity: Entity) -> list[Dependency]:
    """What it needs from outside itself: for a system, what its parts need beyond the system."""
    graph = ctx.catalogue.graph
    inside = {entity.ref}
    sources = [entity.ref]
    if entity.ref.kind == "system":
        parts = graph.related(entity.ref, "hasPart")
        inside.update(parts)
        sources += parts
    found: dict[EntityRef, Dependency] = {}
    for source in sources:
        for relation, target in sorted(graph.outgoing.get(source, ())):
            if relation not in ("dependsOn", "consumesApi") or target in inside or target in found:
                continue
            other = ctx.catalogue.entities.get(target)
            licence = str(other.spec.get("licence") or "") if other else ""
            found[target] = Dependency(
                ctx.entity_link(src, target), target.kind, RELATION_LABELS[relation], licence
            )
    return list(found.values())


def _clone_command(repository: str) -> str:
    """`git clone URL` when the address is one repository on a known forge, else nothing."""
    parts = repository.rstrip("/").split("/")
    forge = len(parts) >= 5 and parts[2] in ("github.com", "gitlab.com", "bitbucket.org")
    return f"git clone {repository.rstrip('/')}.git" if forge and Link.to(repository).href else ""


def reuse_facts(ctx: SiteContext, src: str, entity: Entity) -> Reuse:
    spec = entity.spec
    licence = str(spec.get("licence") or "")
    simple = licence and all(ch.isalnum() or ch in ".-+" for ch in licence)
    repository = str(spec.get("repository") or "")
    return Reuse(
        licence=licence,
        licence_link=Link.to(f"https://spdx.org/licenses/{licence}.html", licence)
        if simple
        else None,
        repository=Link.to(repository) if repository else None,
        clone=_clone_command(repository) if repository else "",
        phase=str(spec.get("phase") or ""),
        assessments=assessment_rows(entity),
        adopters=adopter_rows(ctx, src, entity),
        contacts=contacts_of(ctx, src, entity),
        dependencies=dependencies(ctx, src, entity),
        decisions=[
            (ctx.decision_link(src, d), d.status) for d in ctx.catalogue.decisions_for(entity.ref)
        ],
        based_on=_based_on(ctx, src, spec),
    )


def relation_rows(ctx: SiteContext, src: str, entity: Entity) -> list[tuple[str, Link, str]]:
    return [
        (RELATION_LABELS.get(r.type, r.type), ctx.entity_link(src, r.target), r.target.kind)
        for r in ctx.catalogue.graph.relations(entity.ref)
    ]


def _node(ctx: SiteContext, src: str, ref: EntityRef, relation: str) -> Node:
    entity = ctx.catalogue.entities.get(ref)
    href = urls.href(src, urls.entity_page(ref)) if entity else None
    return Node(entity.title if entity else ref.short(), relation, href)


def neighbourhood(ctx: SiteContext, src: str, entity: Entity) -> Any:
    graph = ctx.catalogue.graph
    needs = sorted(t for t_type, t in graph.outgoing.get(entity.ref, ()) if t_type in NEEDS)
    context = graph.related(entity.ref, "partOf", "ownedBy")
    needed_by = sorted(t for t_type, t in graph.outgoing.get(entity.ref, ()) if t_type in NEEDED_BY)
    if not (needs or context or needed_by):
        return None
    left = [_node(ctx, src, r, "part of / owned by") for r in context]
    left += [_node(ctx, src, r, "needs") for r in needs]
    right = [_node(ctx, src, r, "needs this") for r in needed_by]
    return render(
        "diagram.j2",
        wide=diagram(entity.title, left[:12], right[:12], narrow=False),
        narrow=diagram(entity.title, left[:12], right[:12], narrow=True),
        describedby="tda-relations-table",
    )
