"""For other councils: open-source products with the facts that decide reuse, one card each."""

from __future__ import annotations

from tda.catalog.entity import Entity
from tda.site import urls
from tda.site.pages import Link, Page, SiteContext, entity_sort_key, render_page, text_list
from tda.site.pages.listing import Fact, Item, Sort, facets_from, one_line
from tda.site.pages.people import best_contact
from tda.site.pages.products import _phase_rank, adopters, facet_values, last_decision

SRC = "reuse/index.md"


def reusable(entity: Entity) -> bool:
    """Published under a licence and not bought in."""
    return bool(entity.spec.get("licence")) and entity.spec.get("type") != "third-party"


def _item(ctx: SiteContext, entity: Entity) -> Item:
    spec = entity.spec
    contact = best_contact(ctx, SRC, entity)
    used = [
        f"{a.get('organisation')} ({a.get('evidence') or 'self-declared'}"
        + (f", since {a.get('since')})" if a.get("since") else ")")
        for a in adopters(entity)
        if a.get("organisation")
    ]
    repository = spec.get("repository")
    decided = last_decision(ctx, entity)
    return Item(
        title=Link(entity.title, urls.href(SRC, urls.entity_page(entity.ref))),
        kind=entity.kind,
        description=one_line(entity.description),
        facts=[
            Fact("Phase", text_list(spec.get("phase")), "not stated"),
            Fact("Licence", text_list(spec.get("licence"))),
            Fact(
                "Source code",
                Link.to(str(repository), "repository") if repository else None,
                "not published",
            ),
            Fact("Adopters", used, "none recorded yet"),
            Fact("Replaces", ", ".join(text_list(spec.get("alternativeTo"))), "not stated"),
            Fact("Contact", (contact.email or contact.who) if contact else None, "none"),
        ],
        facets=facet_values(ctx, entity),
        sort={
            "name": entity.title.lower(),
            "phase": _phase_rank(spec.get("phase")) + entity.title.lower(),
            "adopters": f"{len(used):05d}",
            "decided": str(decided or ""),
        },
        text=f"{entity.title} {entity.name} {entity.description}".lower(),
    )


def build(ctx: SiteContext) -> Page:
    products = sorted(
        (e for e in ctx.catalogue.of_kind("component", "system") if reusable(e)),
        key=entity_sort_key,
    )
    items = [_item(ctx, e) for e in products]
    return render_page(
        "reuse.j2",
        SRC,
        "Reuse our products",
        wide=True,
        items=items,
        facets=facets_from(
            items, [("licence", "Licence"), ("phase", "Phase"), ("adopter", "Adopter")]
        ),
        sorts=[
            Sort("name", "Name"),
            Sort("phase", "Phase"),
            Sort("adopters", "Adopters, most first", descending=True),
            Sort("decided", "Last decision, newest first", descending=True),
        ],
    )
