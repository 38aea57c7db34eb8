"""Every generated page of the site, from the catalogue alone: no MkDocs needed here.

The same pages can be handed to the MkDocs plugin, or written to a folder of Markdown for any
engine that reads mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tda.catalog.entity import Entity
from tda.catalogue import Catalogue
from tda.decisions.history import History
from tda.decisions.model import Decision
from tda.governance.model import Meeting
from tda.processes import worker_count
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
    processes: int | None = 1,
) -> tuple[list[Page], list[Asset]]:
    """Every page and file of the site. With processes=None, a large site is built on two cores
    when a core is free (`tda.processes.worker_count`)."""
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
    subjects: list[Subject] = [
        *catalogue.entities.values(),
        *catalogue.flawed.values(),
        *(catalogue.decisions.decisions if catalogue.decisions else []),
        *(catalogue.governance.meetings if catalogue.governance else []),
    ]
    for built, extra in _pages_of(ctx, subjects, processes):
        pages.append(built)
        assets += extra
    return _unique(pages), assets


Subject = Entity | Decision | Meeting


def _page_of(ctx: SiteContext, subject: Subject) -> tuple[Page, list[Asset]]:
    """The page of one entity, decision or meeting, with the files it brings (API definitions)."""
    if isinstance(subject, Entity):
        return entity.build(ctx, subject)
    if isinstance(subject, Decision):
        return conditions.with_conditions(ctx, decisions.build_page(ctx, subject), subject), []
    return authority.build_meeting(ctx, subject), []


# What a forked process needs to build its share of the pages: it starts as a copy of this one.
_SHARED: tuple[SiteContext, list[Subject]] | None = None


def _pages_of(
    ctx: SiteContext, subjects: list[Subject], processes: int | None
) -> list[tuple[Page, list[Asset]]]:
    """Every subject's page, in order; a large site's are built on two cores, every other
    page by a forked process, since each page depends only on the catalogue."""
    global _SHARED
    if worker_count(processes, len(subjects)) < 2:
        return [_page_of(ctx, subject) for subject in subjects]
    import multiprocessing

    ctx.prepare()  # the indexes both processes read, made once before the copy
    _SHARED = (ctx, subjects)
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            theirs = pool.apply_async(_build_share, (1, 2))
            mine = _build_share(0, 2)
            others = theirs.get()
    finally:
        _SHARED = None
    built: list[tuple[Page, list[Asset]]] = []
    for index in range(len(subjects)):
        built.append(mine[index // 2] if index % 2 == 0 else others[index // 2])
    return built


def _build_share(start: int, step: int) -> list[tuple[Page, list[Asset]]]:
    assert _SHARED is not None
    ctx, subjects = _SHARED
    return [_page_of(ctx, subject) for subject in subjects[start::step]]


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
