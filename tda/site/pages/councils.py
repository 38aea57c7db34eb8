"""Pages for a catalogue of many councils: harvested products with their council and
provenance (filterable by council), a page per council, and, on each product page, who uses
or built on it across councils and its publiccode.yml to download.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tda.catalog.entity import Entity
from tda.errors import TdaError
from tda.harvested import (
    ANNOTATION_COMMIT,
    ANNOTATION_FILE,
    ANNOTATION_HARVESTED,
    ANNOTATION_REPOSITORY,
    SourceState,
    organisation_of,
    source_of,
)
from tda.site import urls
from tda.site.pages import Asset, Link, Page, SiteContext, entity_sort_key, render_page

SRC = "councils/index.md"
RECENT_DECISIONS = 10
RECENT_MEETINGS = 5


@dataclass(frozen=True, slots=True)
class Code:
    """A value shown as code, such as a commit or a path."""

    text: str


@dataclass(frozen=True, slots=True)
class Provenance:
    council: Link
    repository: str
    file: str
    commit: str
    harvested: str
    stale: str | None  # why the last harvest failed, when it did


@dataclass(frozen=True, slots=True)
class Adoption:
    organisation: str
    how: str
    product: Link | None
    evidence: str
    stated_in: str


@dataclass(frozen=True, slots=True)
class Publiccode:
    href: str  # the file to download, or empty when the product lacks what the standard needs
    missing: str


@dataclass
class CouncilBlocks:
    """What a product page says about councils: all empty for a local product used by no one."""

    provenance: Provenance | None = None
    adoptions: list[Adoption] = field(default_factory=list)
    publiccode: Publiccode | None = None


@dataclass(frozen=True, slots=True)
class Product:
    link: Link
    council: str
    council_link: Link
    phase: str
    licence: str
    source: str
    commit: str
    harvested: str


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


def _notes(entity: Entity) -> dict[str, Any]:
    notes = entity.metadata.get("annotations")
    return notes if isinstance(notes, dict) else {}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def provenance(ctx: SiteContext, entity: Entity) -> Provenance | None:
    """Where a harvested entity came from; nothing for local ones."""
    source = source_of(entity)
    if source is None:
        return None
    notes = _notes(entity)
    state = _states(ctx).get(source)
    src = urls.entity_page(entity.ref)
    return Provenance(
        council=Link(council_name(ctx, entity), urls.href(src, council_page(source))),
        repository=_text(notes.get(ANNOTATION_REPOSITORY)),
        file=_text(notes.get(ANNOTATION_FILE)),
        commit=_text(notes.get(ANNOTATION_COMMIT))[:12],
        harvested=_text(notes.get(ANNOTATION_HARVESTED)),
        stale=(state.reason or "") if state is not None and state.stale else None,
    )


def entity_blocks(ctx: SiteContext, entity: Entity) -> CouncilBlocks:
    """For a product page: provenance, adoption across councils, its publiccode.yml."""
    src = urls.entity_page(entity.ref)
    found = ctx.adoptions.of(entity.ref)
    blocks = CouncilBlocks(
        provenance=provenance(ctx, entity),
        adoptions=[
            Adoption(
                _text(item.organisation),
                _text(item.how),
                ctx.entity_link(src, item.ref) if item.ref is not None else None,
                _text(item.evidence),
                _text(item.source),
            )
            for item in found
        ],
    )
    asset = publiccode_asset(entity)
    if ctx.publiccode.get(asset) == "":
        blocks.publiccode = Publiccode(urls.asset_href(src, asset), "")
    elif ctx.publiccode.get(asset):
        blocks.publiccode = Publiccode("", ctx.publiccode[asset])
    return blocks


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
            ctx.publiccode[src] = error.message.split("; ", 1)[-1]
    return assets


def _products(ctx: SiteContext) -> list[Entity]:
    return sorted(ctx.catalogue.of_kind("component", "system"), key=entity_sort_key)


def _product(ctx: SiteContext, entity: Entity) -> Product:
    council = council_name(ctx, entity)
    source = source_of(entity)
    notes = _notes(entity)
    return Product(
        link=Link(entity.title, urls.href(SRC, urls.entity_page(entity.ref))),
        council=council,
        council_link=Link(council, urls.href(SRC, council_page(source)) if source else None),
        phase=_text(entity.spec.get("phase")),
        licence=_text(entity.spec.get("licence")),
        source=_text(notes.get(ANNOTATION_REPOSITORY) or "this catalogue"),
        commit=_text(notes.get(ANNOTATION_COMMIT))[:12],
        harvested=_text(notes.get(ANNOTATION_HARVESTED)),
    )


def build_index(ctx: SiteContext) -> Page:
    products = [_product(ctx, entity) for entity in _products(ctx)]
    sources = [
        (Link(state.organisation, urls.href(SRC, council_page(state.name))), state.stale)
        for state in sorted(ctx.catalogue.harvest, key=lambda s: s.organisation.lower())
    ]
    return render_page(
        "councils.j2",
        SRC,
        "Councils",
        wide=True,
        products=products,
        councils=sorted({p.council for p in products}),
        sources=sources,
    )


def _meeting(meeting: dict[str, Any]) -> tuple[str, str, str]:
    items = meeting.get("items") if isinstance(meeting.get("items"), list) else []
    outcomes = ", ".join(
        f"{_text(i.get('decision'))} {_text(i.get('outcome') or 'pending')}"
        for i in items
        if isinstance(i, dict)
    )
    return _text(meeting.get("date")), _text(meeting.get("title") or meeting.get("forum")), outcomes


def build_council(ctx: SiteContext, state: SourceState) -> Page:
    src = council_page(state.name)
    products = [
        (Link(e.title, urls.href(src, urls.entity_page(e.ref))), _text(e.description))
        for e in _products(ctx)
        if source_of(e) == state.name
    ]
    facts = [
        ("Repository", state.url),
        ("Namespace", Code(state.namespace)),
        ("Commit", Code((state.commit or "")[:12])),
        ("Harvested", state.harvested_at or "never"),
        ("Status", f"stale: {state.reason}" if state.stale else "up to date"),
    ]
    recent = sorted(state.decisions, key=lambda d: _text(d.get("date")), reverse=True)
    decisions = [
        (_text(d.get("id")), _text(d.get("title")), _text(d.get("status")), _text(d.get("date")))
        for d in recent[:RECENT_DECISIONS]
    ]
    meetings = sorted(state.meetings, key=lambda m: _text(m.get("date")), reverse=True)
    return render_page(
        "council.j2",
        src,
        state.organisation,
        facts=facts,
        products=products,
        decisions=decisions,
        meetings=[_meeting(m) for m in meetings[:RECENT_MEETINGS]],
    )


def build(ctx: SiteContext) -> tuple[list[Page], list[Asset]]:
    """The councils index, a page per harvested council, and the publiccode.yml files."""
    pages = [build_index(ctx)]
    pages += [build_council(ctx, state) for state in ctx.catalogue.harvest if state.has_snapshot]
    return pages, publiccode_assets(ctx)
