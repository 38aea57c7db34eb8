"""For other councils: open-source products by licence and phase, who uses them, whom to ask."""

from __future__ import annotations

from collections import defaultdict

from tda.site import urls
from tda.site.html import esc, internal_link, table
from tda.site.pages import Page, SiteContext, entity_sort_key, page, section
from tda.site.pages.entity import _contact

SRC = "reuse/index.md"
PHASE_ORDER = ["live", "beta", "alpha", "discovery", "retired"]


def build(ctx: SiteContext) -> Page:
    products = [
        e
        for e in ctx.catalogue.of_kind("component", "system")
        if e.spec.get("licence") and e.spec.get("type") != "third-party"
    ]
    by_licence = defaultdict(list)
    for entity in products:
        by_licence[str(entity.spec["licence"])].append(entity)
    blocks = [
        "<p>These products are published under an open licence. You may reuse them; the people "
        "listed are glad to talk to other councils. Adopters marked verified have confirmed "
        "their use.</p>"
    ]
    for licence in sorted(by_licence):
        rows = []
        entities = sorted(
            by_licence[licence],
            key=lambda e: (PHASE_ORDER.index(e.spec.get("phase")) if e.spec.get("phase") in PHASE_ORDER else 9, entity_sort_key(e)),
        )
        for entity in entities:
            spec = entity.spec
            adopters = [a for a in spec.get("usedBy") or [] if isinstance(a, dict)]
            used = "<br>".join(
                f"{esc(a.get('organisation', ''))} ({esc(a.get('evidence', 'self-declared'))})"
                for a in adopters
            )
            contacts = "<br>".join(_contact(ctx, SRC, c) for c in spec.get("contacts") or [])
            owner = next((r.target for r in entity.refs if r.field == "owner"), None)
            if not contacts and owner:
                contacts = ctx.entity_link(SRC, owner)
            rows.append(
                [
                    internal_link(urls.href(SRC, urls.entity_page(entity.ref)), entity.title),
                    esc(spec.get("phase", "")),
                    used or "No adopters recorded",
                    esc(", ".join(str(x) for x in spec.get("alternativeTo") or [])),
                    contacts,
                ]
            )
        blocks.append(
            section(
                f"Licensed under {licence}",
                table(
                    f"Products under {licence}",
                    ["Product", "Phase", "Used by", "Replaces", "Contact"],
                    rows,
                ),
            )
        )
    return page(SRC, "Reuse our products", *blocks)
