"""The technology radar page: an inline SVG whose blips link to decisions, and the same
radar as a table; and the technologies a product or decision touches, with their rings."""

from __future__ import annotations

from tda.catalog.entity import Entity
from tda.decisions.model import Decision
from tda.queries.radar import (
    QUADRANT_LABELS,
    Blip,
    Radar,
    blip_positions,
    blips_of_decision,
    build_radar,
    render_svg,
    technologies_of,
)
from tda.site import urls
from tda.site.html import esc, table
from tda.site.pages import Page, SiteContext, page

SRC = "radar/index.md"


def radar_of(ctx: SiteContext) -> Radar:
    """The radar, built once per site: every product and decision page shows part of it."""
    cached = ctx.__dict__.get("_tda_radar")
    if cached is None:
        cached = build_radar(ctx.catalogue)
        ctx.__dict__["_tda_radar"] = cached
    return cached


def ring_badge(blip: Blip) -> str:
    return f'<span class="tda-badge tda-ring-{esc(blip.ring)}">{esc(blip.ring)}</span>'


def _technology_link(src: str, blip: Blip) -> str:
    href = urls.href(src, SRC, f"tech-{urls.slug(blip.name)}")
    return f'<a href="{esc(href)}">{esc(blip.name)}</a> {ring_badge(blip)}'


def entity_technologies(ctx: SiteContext, entity: Entity) -> str:
    blips = technologies_of(radar_of(ctx), entity)
    src = urls.entity_page(entity.ref)
    items = "".join(f"<li>{_technology_link(src, blip)}</li>" for blip in blips)
    return f"<ul>{items}</ul>" if items else ""


def decision_technologies(ctx: SiteContext, decision: Decision) -> str:
    src = urls.decision_page(decision.id)
    items = []
    for blip in blips_of_decision(radar_of(ctx), decision):
        now = "" if blip.current.decision is decision else " (its ring now)"
        items.append(f"<li>{_technology_link(src, blip)}{esc(now)}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def build(ctx: SiteContext) -> Page:
    radar = radar_of(ctx)
    if not radar.blips:
        return page(
            SRC,
            "Technology radar",
            "<p>No technologies on the radar yet. An accepted decision places one with "
            "<code>technologies: [{name, ring, quadrant}]</code> in its front matter.</p>",
        )

    def decision_href(decision: Decision) -> str:
        return urls.href(SRC, urls.decision_page(decision.id))

    svg = render_svg(radar, decision_href, describedby="tda-radar-table")
    rows = []
    for blip, number, _x, _y in blip_positions(radar):
        current = blip.current.decision
        history = "; ".join(
            f"{p.ring} by {p.decision.id} ({p.decision.status})" for p in reversed(blip.history)
        )
        products = ", ".join(ctx.entity_link(SRC, e.ref) for e in blip.products)
        rows.append(
            [
                f'<span id="tech-{esc(urls.slug(blip.name))}">{number}</span>',
                esc(blip.name),
                ring_badge(blip),
                esc(QUADRANT_LABELS[blip.quadrant]),
                ctx.decision_link(SRC, current),
                esc(history) or "-",
                products or "-",
            ]
        )
    listing = table(
        "Technologies on the radar, numbered as on the chart",
        ["No.", "Technology", "Ring", "Quadrant", "Set by", "Earlier rings", "Products"],
        rows,
        id="tda-radar-table",
    )
    disagreements = "".join(
        f"<li>{ctx.entity_link(SRC, d.entity.ref)} is tagged <code>{esc(d.tag)}</code>; "
        f"{esc(d.blip.name)} is on hold ({ctx.decision_link(SRC, d.blip.current.decision, False)})"
        "</li>"
        for d in radar.disagreements
    )
    intro = (
        "<p>What the council has decided about each technology: <strong>adopt</strong> it, "
        "<strong>trial</strong> it, <strong>assess</strong> it, or <strong>hold</strong> (start "
        "nothing new on it). The latest accepted decision sets each ring; each number links to "
        "that decision, and the table below lists the same.</p>"
    )
    return page(
        SRC,
        "Technology radar",
        intro,
        f'<div class="tda-radar-wrap">{svg}</div>',
        f'<div class="tda-table-wrap">{listing}</div>',
        f"<h2>Products built on a technology on hold</h2><ul>{disagreements}</ul>"
        if disagreements
        else "<p>No product is built on a technology on hold.</p>",
    )
