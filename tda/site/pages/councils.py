"""Pages for a catalogue of many councils: harvested products with their council and
provenance (filterable by council), a page per council, and, on each product page, who uses
or built on it across councils and its publiccode.yml to download.
"""

from __future__ import annotations

from tda.catalog.entity import Entity
from tda.errors import TdaError
from tda.harvested import (
    ANNOTATION_COMMIT,
    ANNOTATION_FILE,
    ANNOTATION_HARVESTED,
    ANNOTATION_REPOSITORY,
    SourceState,
    adoptions,
    organisation_of,
    source_of,
)
from tda.site import urls
from tda.site.html import esc, internal_link
from tda.site.pages import Asset, Page, SiteContext, dl, entity_sort_key, page, section

SRC = "councils/index.md"
RECENT_DECISIONS = 10


def council_page(name: str) -> str:
    return f"councils/{urls.slug(name)}.md"


def publiccode_asset(entity: Entity) -> str:
    ref = entity.ref
    return f"publiccode/{urls.slug(ref.namespace)}/{urls.slug(ref.name)}/publiccode.yml"


def _home(ctx: SiteContext) -> str:
    return ctx.catalogue.config.organisation or "This catalogue"


def council_name(ctx: SiteContext, entity: Entity) -> str:
    source = source_of(entity)
    if source is None:
        return _home(ctx)
    return organisation_of(entity) or source


def _states(ctx: SiteContext) -> dict[str, SourceState]:
    return {state.name: state for state in ctx.catalogue.harvest}


def provenance(ctx: SiteContext, entity: Entity) -> str:
    """Where a harvested entity came from, as a description list; empty for local ones."""
    source = source_of(entity)
    if source is None:
        return ""
    notes = entity.metadata.get("annotations") or {}
    state = _states(ctx).get(source)
    stale = ""
    if state is not None and state.stale:
        stale = (
            f'<span class="tda-badge tda-status-stale">stale</span> the last harvest failed: '
            f"{esc(state.reason or '')}"
        )
    repository = str(notes.get(ANNOTATION_REPOSITORY) or "")
    return dl(
        [
            ("Council", internal_link(urls.href(urls.entity_page(entity.ref), council_page(source)),
                                      council_name(ctx, entity))),
            ("Repository", esc(repository)),
            ("File", f"<code>{esc(notes.get(ANNOTATION_FILE) or '')}</code>"),
            ("Commit", f"<code>{esc(str(notes.get(ANNOTATION_COMMIT) or '')[:12])}</code>"),
            ("Harvested", esc(notes.get(ANNOTATION_HARVESTED) or "")),
            ("Status", stale),
        ]
    )


def entity_blocks(ctx: SiteContext, entity: Entity, offered: dict[str, str]) -> list[str]:
    """Blocks for a product page: provenance, adoption across councils, its publiccode.yml."""
    src = urls.entity_page(entity.ref)
    blocks = [section("Where this comes from", provenance(ctx, entity), "provenance")]
    found = adoptions(ctx.catalogue.entities, entity.ref, ctx.catalogue.config.organisation)
    if found:
        rows = []
        for item in found:
            what = esc(item.how)
            if item.ref is not None:
                what += f" ({ctx.entity_link(src, item.ref)})"
            rows.append(
                f"<tr><td>{esc(item.organisation)}</td><td>{what}</td>"
                f"<td>{esc(item.evidence)}</td><td>{esc(item.source)}</td></tr>"
            )
        blocks.append(
            section(
                "Councils that use it or built on it",
                '<table><thead><tr><th scope="col">Council</th><th scope="col">How</th>'
                '<th scope="col">Evidence</th><th scope="col">Stated in</th></tr></thead>'
                "<tbody>" + "".join(rows) + "</tbody></table>",
                "adoption",
            )
        )
    asset = publiccode_asset(entity)
    if offered.get(asset) == "":
        link = f'<a href="{esc(urls.asset_href(src, asset))}" download>publiccode.yml</a>'
        text = f"<p>Download this product's {link} for public-sector software catalogues.</p>"
        blocks.append(section("publiccode.yml", text, "publiccode"))
    elif offered.get(asset):
        text = (
            "<p>This open-source product has no publiccode.yml yet: "
            f"{esc(offered[asset])}.</p>"
        )
        blocks.append(section("publiccode.yml", text, "publiccode"))
    return [block for block in blocks if block]


def publiccode_assets(ctx: SiteContext) -> list[Asset]:
    """The publiccode.yml of every open-source product that has what the standard needs.

    What the others lack is kept in ctx.publiccode, for their pages to say.
    """
    from tda.interop.export import export_publiccode, exportable_products

    assets = []
    for entity in exportable_products(ctx.catalogue):
        src = publiccode_asset(entity)
        try:
            assets.append(Asset(src, export_publiccode(ctx.catalogue, entity.ref)))
            ctx.publiccode[src] = ""
        except TdaError as error:
            reason = error.message.split("; ", 1)[-1]
            ctx.publiccode[src] = reason
    return assets


def _products(ctx: SiteContext) -> list[Entity]:
    return sorted(ctx.catalogue.of_kind("component", "system"), key=entity_sort_key)


def build_index(ctx: SiteContext) -> Page:
    products = _products(ctx)
    councils = sorted({council_name(ctx, entity) for entity in products})
    options = "".join(f'<option value="{esc(c)}">{esc(c)}</option>' for c in councils)
    form = (
        '<form class="tda-filters" data-tda-filter="tda-council-products" hidden>'
        "<fieldset><legend>Filter products</legend>"
        '<div class="tda-filter"><label for="tda-filter-council">Council</label>'
        f'<select id="tda-filter-council" data-facet="council"><option value="">Any</option>'
        f"{options}</select></div>"
        '<button type="reset">Clear filters</button></fieldset>'
        '<p class="tda-count" role="status" aria-live="polite"></p></form>'
    )
    rows = []
    for entity in products:
        council = council_name(ctx, entity)
        source = source_of(entity)
        notes = entity.metadata.get("annotations") or {}
        council_cell = (
            internal_link(urls.href(SRC, council_page(source)), council) if source else esc(council)
        )
        commit = str(notes.get(ANNOTATION_COMMIT) or "")[:12]
        rows.append(
            f'<tr data-council="{esc(council)}">'
            f"<td>{internal_link(urls.href(SRC, urls.entity_page(entity.ref)), entity.title)}</td>"
            f"<td>{council_cell}</td>"
            f"<td>{esc(entity.spec.get('phase', ''))}</td>"
            f"<td>{esc(entity.spec.get('licence', ''))}</td>"
            f"<td>{esc(notes.get(ANNOTATION_REPOSITORY) or 'this catalogue')}</td>"
            f"<td><code>{esc(commit)}</code></td>"
            f"<td>{esc(notes.get(ANNOTATION_HARVESTED) or '')}</td></tr>"
        )
    table = (
        '<div class="tda-table-wrap"><table id="tda-council-products">'
        f"<caption>{len(products)} products from {len(councils)} councils</caption><thead><tr>"
        + "".join(
            f'<th scope="col">{h}</th>'
            for h in ("Product", "Council", "Phase", "Licence", "Source", "Commit", "Harvested")
        )
        + "</tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></div>"
    )
    sources = "".join(
        f"<li>{internal_link(urls.href(SRC, council_page(state.name)), state.organisation)}"
        + (' <span class="tda-badge tda-status-stale">stale</span>' if state.stale else "")
        + "</li>"
        for state in sorted(ctx.catalogue.harvest, key=lambda s: s.organisation.lower())
    )
    intro = (
        "<p>Every product in this catalogue with the council it comes from. Products of other "
        "councils are harvested from their own catalogue repositories.</p>"
    )
    return page(
        SRC,
        "Councils",
        intro,
        section("Councils harvested", f"<ul>{sources}</ul>" if sources else "<p>None yet.</p>"),
        form,
        table,
    )


def build_council(ctx: SiteContext, state: SourceState) -> Page:
    src = council_page(state.name)
    products = [e for e in _products(ctx) if source_of(e) == state.name]
    facts = dl(
        [
            ("Repository", esc(state.url)),
            ("Namespace", f"<code>{esc(state.namespace)}</code>"),
            ("Commit", f"<code>{esc((state.commit or '')[:12])}</code>"),
            ("Harvested", esc(state.harvested_at or "never")),
            ("Status", esc(f"stale: {state.reason}" if state.stale else "up to date")),
        ]
    )
    items = "".join(
        f"<li>{internal_link(urls.href(src, urls.entity_page(e.ref)), e.title)}"
        f"{' — ' + esc(e.description) if e.description else ''}</li>"
        for e in products
    )
    recent = sorted(state.decisions, key=lambda d: str(d.get("date") or ""), reverse=True)
    decisions = "".join(
        f"<li>{esc(d.get('id'))} {esc(d.get('title'))} "
        f'<span class="tda-badge tda-status-{esc(d.get("status"))}">{esc(d.get("status"))}</span>'
        f" {esc(d.get('date') or '')}</li>"
        for d in recent[:RECENT_DECISIONS]
    )
    meetings = "".join(
        f"<li>{esc(m.get('date'))} {esc(m.get('title') or m.get('forum'))}: "
        + esc(", ".join(f"{i.get('decision')} {i.get('outcome') or 'pending'}"
                        for i in m.get("items") or []))
        + "</li>"
        for m in sorted(state.meetings, key=lambda m: str(m.get("date")), reverse=True)[:5]
    )
    return page(
        src,
        state.organisation,
        section("Source", facts),
        section("Recent TDA meetings", f"<ul>{meetings}</ul>" if meetings else ""),
        section("Products", f"<ul>{items}</ul>" if items else "<p>No products.</p>"),
        section("Recent decisions of its TDA", f"<ul>{decisions}</ul>" if decisions else ""),
    )


def build(ctx: SiteContext) -> tuple[list[Page], list[Asset]]:
    """The councils index, a page per harvested council, and the publiccode.yml files."""
    pages = [build_index(ctx)]
    pages += [build_council(ctx, state) for state in ctx.catalogue.harvest if state.has_snapshot]
    return pages, publiccode_assets(ctx)
