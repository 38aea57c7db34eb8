"""The products table, filterable in the browser and complete without script."""

from __future__ import annotations

from tda.catalog.entity import Entity
from tda.site import urls
from tda.site.html import esc, internal_link
from tda.site.pages import Page, SiteContext, entity_sort_key, page

SRC = "products/index.md"
FACETS = (
    ("phase", "Phase"),
    ("lifecycle", "Lifecycle"),
    ("owner", "Owner"),
    ("type", "Type"),
    ("licence", "Licence"),
    ("tag", "Tag"),
    ("adopter", "Adopter"),
)


def facet_values(ctx: SiteContext, entity: Entity) -> dict[str, list[str]]:
    spec = entity.spec
    owner = next((r.target for r in entity.refs if r.field == "owner"), None)
    owner_entity = ctx.catalogue.entities.get(owner) if owner else None
    return {
        "phase": [str(spec["phase"])] if spec.get("phase") else [],
        "lifecycle": [str(spec["lifecycle"])] if spec.get("lifecycle") else [],
        "owner": [owner_entity.title if owner_entity else owner.short()] if owner else [],
        "type": [str(spec["type"])] if spec.get("type") else [],
        "licence": [str(spec["licence"])] if spec.get("licence") else ["none published"],
        "tag": [str(t) for t in entity.metadata.get("tags") or []],
        "adopter": [
            str(a.get("organisation")) for a in spec.get("usedBy") or [] if isinstance(a, dict)
        ],
    }


def _filters(values: dict[str, set[str]]) -> str:
    controls = []
    for key, label in FACETS:
        options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in sorted(values[key]))
        controls.append(
            f'<div class="tda-filter"><label for="tda-filter-{key}">{label}</label>'
            f'<select id="tda-filter-{key}" data-facet="{key}"><option value="">Any</option>'
            f"{options}</select></div>"
        )
    return (
        '<form class="tda-filters" data-tda-filter="tda-products" hidden>'
        '<fieldset><legend>Filter products</legend>'
        '<div class="tda-filter"><label for="tda-filter-text">Name contains</label>'
        '<input id="tda-filter-text" type="search" data-facet="text" autocomplete="off"></div>'
        + "".join(controls)
        + '<button type="reset">Clear filters</button></fieldset>'
        '<p class="tda-count" role="status" aria-live="polite"></p></form>'
    )


def build(ctx: SiteContext) -> Page:
    products = sorted(ctx.catalogue.of_kind("component", "system"), key=entity_sort_key)
    values: dict[str, set[str]] = {key: set() for key, _ in FACETS}
    rows = []
    for entity in products:
        facets = facet_values(ctx, entity)
        for key, found in facets.items():
            values[key].update(found)
        data = "".join(f' data-{key}="{esc("|".join(found))}"' for key, found in facets.items())
        link = internal_link(urls.href(SRC, urls.entity_page(entity.ref)), entity.title)
        cells = [
            link,
            esc(entity.kind),
            esc(", ".join(facets["phase"])),
            esc(", ".join(facets["lifecycle"])),
            esc(", ".join(facets["owner"])),
            esc(", ".join(facets["type"])),
            esc(", ".join(facets["licence"])),
            esc(", ".join(facets["tag"])),
            esc(", ".join(facets["adopter"])),
        ]
        rows.append(
            f'<tr data-text="{esc(entity.title.lower())}"{data}>'
            + "".join(f"<td>{cell}</td>" for cell in cells)
            + "</tr>"
        )
    headers = ["Product", "Kind", "Phase", "Lifecycle", "Owner", "Type", "Licence", "Tags", "Used by"]
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    table = (
        '<div class="tda-table-wrap"><table id="tda-products">'
        f"<caption>{len(products)} products (components and systems)</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>"
    )
    intro = "<p>Every component and system in the catalogue. Choose filters to narrow the list.</p>"
    return page(SRC, "Products", intro, _filters(values), table)


def build_apis(ctx: SiteContext) -> Page:
    src = "apis/index.md"
    apis = sorted(ctx.catalogue.of_kind("api"), key=entity_sort_key)
    rows = []
    for api in apis:
        providers = ctx.catalogue.graph.related(api.ref, "apiProvidedBy")
        consumers = ctx.catalogue.graph.related(api.ref, "apiConsumedBy")
        rows.append(
            "<tr>"
            f"<td>{internal_link(urls.href(src, urls.entity_page(api.ref)), api.title)}</td>"
            f"<td>{esc(api.spec.get('type', ''))}</td>"
            f"<td>{', '.join(ctx.entity_link(src, r) for r in providers)}</td>"
            f"<td>{len(consumers)}</td></tr>"
        )
    table = (
        f"<table><caption>{len(apis)} APIs</caption><thead><tr>"
        '<th scope="col">API</th><th scope="col">Type</th><th scope="col">Provided by</th>'
        '<th scope="col">Consumers</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
    )
    return page(src, "APIs", table)
