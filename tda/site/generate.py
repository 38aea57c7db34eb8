"""Every generated page of the site, from the catalogue alone: no MkDocs needed here.

The same pages can be handed to the MkDocs plugin, or written to a folder of Markdown for any
engine that reads mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tda.catalogue import Catalogue
from tda.decisions.history import History
from tda.site import feeds
from tda.site.pages import (
    Asset,
    Page,
    SiteContext,
    accessibility,
    authority,
    conditions,
    councils,
    decisions,
    entity,
    health,
    home,
    outcomes,
    products,
    radar,
    reuse,
    scorecards,
    templates,
)

NAV_PAGES = (
    ("Products", "products/index.md"),
    ("APIs", "apis/index.md"),
    ("Decisions", "decisions/index.md"),
    ("Technical Design Authority", "tda/index.md"),
    ("Conditions register", conditions.REGISTER),
    ("Due for re-review", conditions.RE_REVIEW),
    ("Reuse", "reuse/index.md"),
    ("Councils", councils.SRC),
    # MkDocs leaves out any templates/ folder by default, hence service-templates/.
    ("Templates", "service-templates/index.md"),
    ("Catalogue health", "health/index.md"),
    ("Outcomes", outcomes.SRC),
    ("Technology radar", radar.SRC),
    ("Scorecards", scorecards.SRC),
)


def generate(
    catalogue: Catalogue,
    *,
    site_name: str = "Product catalogue",
    description: str = "",
    today: dt.date | None = None,
    history: History | None = None,
    with_home: bool = True,
    site_url: str = "",
    contact: str = "",
) -> tuple[list[Page], list[Asset]]:
    ctx = SiteContext(
        catalogue,
        today or dt.date.today(),
        history or catalogue.history,
        site_url=site_url,
        contact=contact,
    )
    pages: list[Page] = []
    if with_home:
        pages.append(home.build(ctx, site_name, description))
    pages += [
        products.build(ctx),
        products.build_apis(ctx),
        decisions.build_index(ctx),
        authority.build(ctx),
        conditions.build_register(ctx),
        conditions.build_re_review(ctx),
        reuse.build(ctx),
        templates.build(ctx),
        health.build(ctx),
        accessibility.build(ctx, site_name),
        outcomes.build(ctx),
        radar.build(ctx),
        scorecards.build(ctx),
    ]
    assets = build_feeds(ctx, site_name)
    # Before the entity pages: each product page says whether its publiccode.yml is offered.
    council_pages, council_assets = councils.build(ctx)
    pages += council_pages
    assets += council_assets
    for item in [*catalogue.entities.values(), *catalogue.flawed.values()]:
        built, extra = entity.build(ctx, item)
        pages.append(built)
        assets += extra
    for decision in catalogue.decisions.decisions if catalogue.decisions else []:
        pages.append(conditions.with_conditions(ctx, decisions.build_page(ctx, decision), decision))
    for meeting in catalogue.governance.meetings if catalogue.governance else []:
        pages.append(authority.build_meeting(ctx, meeting))
    return _unique(pages), assets


def build_feeds(ctx: SiteContext, site_name: str) -> list[Asset]:
    catalogue = ctx.catalogue
    added = feeds.first_added(catalogue.root, catalogue.config.catalog)
    return [
        feeds.atom(
            decisions.FEED,
            f"{site_name}: decisions",
            "New and changed architecture decision records",
            feeds.decision_entries(catalogue, ctx.history, ctx.today),
            ctx.site_url,
            site_name,
            ctx.today,
        ),
        feeds.atom(
            products.FEED,
            f"{site_name}: products",
            "Products as they join the catalogue",
            feeds.product_entries(catalogue, added, ctx.today),
            ctx.site_url,
            site_name,
            ctx.today,
        ),
    ]


def _unique(pages: list[Page]) -> list[Page]:
    """Two decisions sharing an id would share a page; the first keeps it (TDA408 says why)."""
    seen: dict[str, Page] = {}
    for item in pages:
        seen.setdefault(item.src, item)
    return list(seen.values())


def write_markdown(folder: Path, pages: list[Page], assets: list[Asset]) -> None:
    """Write the pages as Markdown files, for engines that run no plugins."""
    for item in [*pages, *assets]:
        path = folder / item.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.markdown if isinstance(item, Page) else item.content, encoding="utf-8")
