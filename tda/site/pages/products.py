"""The products and APIs listings: one card each, filterable and sortable, complete without "
"script."""

from __future__ import annotations

import datetime as dt

from tda.catalog.entity import Entity
from tda.site import urls
from tda.site.pages import Link, Page, SiteContext, entity_sort_key, listed, render_page, text_list
from tda.site.pages.listing import Fact, Item, Sort, facets_from, one_line
from tda.site.pages.people import best_contact, owner_ref

SRC = "products/index.md"
APIS_SRC = "apis/index.md"
PHASES = ("live", "beta", "alpha", "discovery", "retired")
FEED = "feeds/products.xml"
PRODUCT_FACETS = [
    ("phase", "Phase"),
    ("licence", "Licence"),
    ("owner", "Owner"),
    ("kind", "Kind"),
    ("adopter", "Adopter"),
    ("tag", "Tag"),
]
PRODUCT_SORTS = [
    Sort("name", "Name"),
    Sort("phase", "Phase"),
    Sort("adopters", "Adopters, most first", descending=True),
    Sort("decided", "Last decision, newest first", descending=True),
]


def adopters(entity: Entity) -> list[dict[str, object]]:
    return [a for a in listed(entity.spec.get("usedBy")) if isinstance(a, dict)]


def facet_values(ctx: SiteContext, entity: Entity) -> dict[str, list[str]]:
    spec = entity.spec
    owner = owner_ref(entity)
    owner_entity = ctx.catalogue.entities.get(owner) if owner else None
    return {
        "phase": text_list(spec.get("phase")),
        "licence": text_list(spec.get("licence")) or ["none published"],
        "owner": [owner_entity.title if owner_entity else owner.short()] if owner else [],
        "kind": [entity.kind],
        "adopter": [str(a.get("organisation")) for a in adopters(entity) if a.get("organisation")],
        "tag": text_list(entity.metadata.get("tags")),
    }


def last_decision(ctx: SiteContext, entity: Entity) -> dt.date | None:
    dates = [d.date for d in ctx.catalogue.decisions_for(entity.ref) if d.date]
    return max(dates) if dates else None


def _phase_rank(phase: object) -> str:
    return str(PHASES.index(phase)) if phase in PHASES else str(len(PHASES))


def product_item(ctx: SiteContext, src: str, entity: Entity) -> Item:
    facets = facet_values(ctx, entity)
    owner = owner_ref(entity)
    contact = best_contact(ctx, src, entity)
    used = [
        f"{a.get('organisation')} ({a.get('evidence') or 'self-declared'})"
        for a in adopters(entity)
        if a.get("organisation")
    ]
    decided = last_decision(ctx, entity)
    spec = entity.spec
    return Item(
        title=Link(entity.title, urls.href(src, urls.entity_page(entity.ref))),
        kind=entity.kind,
        description=one_line(entity.description),
        facts=[
            Fact("Phase", text_list(spec.get("phase")), "not stated"),
            Fact("Licence", text_list(spec.get("licence")), "none published"),
            Fact("Owner", ctx.entity_link(src, owner) if owner else None, "no owner"),
            Fact("Adopters", used, "none recorded"),
            Fact("Contact", (contact.email or contact.who) if contact else None, "none"),
            Fact("Last decision", str(decided) if decided else None, "none"),
        ],
        facets=facets,
        sort={
            "name": entity.title.lower(),
            "phase": _phase_rank(spec.get("phase")) + entity.title.lower(),
            "adopters": f"{len(used):05d}",
            "decided": str(decided or ""),
        },
        text=f"{entity.title} {entity.name} {entity.description}".lower(),
    )


def build(ctx: SiteContext) -> Page:
    products = sorted(ctx.catalogue.of_kind("component", "system"), key=entity_sort_key)
    items = [product_item(ctx, SRC, e) for e in products]
    return render_page(
        "products.j2",
        SRC,
        "Products",
        wide=True,
        items=items,
        facets=facets_from(items, PRODUCT_FACETS),
        sorts=PRODUCT_SORTS,
        feed=FEED,
    )


def _api_item(ctx: SiteContext, api: Entity) -> Item:
    graph = ctx.catalogue.graph
    providers = [ctx.entity_link(APIS_SRC, r) for r in graph.related(api.ref, "apiProvidedBy")]
    consumers = graph.related(api.ref, "apiConsumedBy")
    owner = owner_ref(api)
    contact = best_contact(ctx, APIS_SRC, api)
    api_type = text_list(api.spec.get("type"))
    return Item(
        title=Link(api.title, urls.href(APIS_SRC, urls.entity_page(api.ref))),
        kind="API",
        description=one_line(api.description),
        facts=[
            Fact("Type", api_type, "not stated"),
            Fact("Lifecycle", text_list(api.spec.get("lifecycle")), "not stated"),
            Fact("Owner", ctx.entity_link(APIS_SRC, owner) if owner else None, "no owner"),
            Fact("Provided by", providers, "no provider recorded"),
            Fact("Consumers", str(len(consumers)) if consumers else None, "none recorded"),
            Fact("Contact", (contact.email or contact.who) if contact else None, "none"),
        ],
        facets={"type": api_type, "lifecycle": text_list(api.spec.get("lifecycle"))},
        sort={"name": api.title.lower(), "consumers": f"{len(consumers):05d}"},
        text=f"{api.title} {api.name} {api.description}".lower(),
    )


def build_apis(ctx: SiteContext) -> Page:
    apis = sorted(ctx.catalogue.of_kind("api"), key=entity_sort_key)
    items = [_api_item(ctx, api) for api in apis]
    return render_page(
        "apis.j2",
        APIS_SRC,
        "APIs",
        wide=True,
        items=items,
        facets=facets_from(items, [("type", "Type"), ("lifecycle", "Lifecycle")]),
        sorts=[Sort("name", "Name"), Sort("consumers", "Consumers, most first", descending=True)],
    )
