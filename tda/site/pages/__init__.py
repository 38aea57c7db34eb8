"""Page builders: each a pure function of the catalogue that returns Markdown pages.

A page's Markdown is a title in front matter and blocks of HTML made with `tda.site.html`, so
every string from a descriptor or record is escaped wherever it lands.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from tda.catalogue import Catalogue
from tda.catalog.entity import Entity
from tda.catalog.refs import EntityRef, try_parse_ref
from tda.decisions.history import History
from tda.decisions.model import Decision
from tda.site import urls
from tda.site.html import esc, internal_link


@dataclass(frozen=True, slots=True)
class Page:
    src: str
    title: str
    markdown: str


@dataclass(frozen=True, slots=True)
class Asset:
    """A file beside the pages, such as an API definition offered for download."""

    src: str
    content: str


@dataclass
class SiteContext:
    catalogue: Catalogue
    today: dt.date
    history: History | None = None
    templates: list[object] = field(default_factory=list)
    # publiccode.yml of each open-source product: "" when offered, else what it lacks
    publiccode: dict[str, str] = field(default_factory=dict)

    def entity_link(self, from_src: str, ref: EntityRef, text: str | None = None) -> str:
        entity = self.catalogue.entities.get(ref)
        label = text or (entity.title if entity else ref.short())
        if entity is None:
            return f'{esc(label)} <span class="tda-missing">(not in the catalogue)</span>'
        return internal_link(urls.href(from_src, urls.entity_page(ref)), label)

    def ref_link(self, from_src: str, text: str, default_kind: str = "component") -> str:
        ref = try_parse_ref(text, default_kind=default_kind)
        if ref is None:
            return esc(text)
        return self.entity_link(from_src, ref)

    def decision_link(self, from_src: str, decision: Decision, with_title: bool = True) -> str:
        label = f"{decision.id} {decision.title}" if with_title else decision.id
        return internal_link(urls.href(from_src, urls.decision_page(decision.id)), label)

    def decision_id_link(self, from_src: str, decision_id: str) -> str:
        log = self.catalogue.decisions
        found = log.get(decision_id) if log else None
        if found is None:
            return f'{esc(decision_id)} <span class="tda-missing">(not found)</span>'
        return self.decision_link(from_src, found)


def page(src: str, title: str, *blocks: str) -> Page:
    """A Markdown page whose content is HTML blocks, separated so Markdown leaves them alone."""
    # MkDocs themes print the title unescaped in places, so it carries no angle brackets.
    safe_title = esc(title.replace("<", "\u2039").replace(">", "\u203a"))
    front = f"---\ntitle: {json.dumps(safe_title)}\n---\n\n"
    body = "\n\n".join(block.strip("\n") for block in (f"<h1>{esc(title)}</h1>", *blocks) if block)
    return Page(src, title, front + body + "\n")


def status_badge(status: str, text: str | None = None) -> str:
    label = status if not text or text.lower() == status else f"{status} ({text})"
    if text is not None and not text.strip():
        label = "no status"  # awaits review, as if proposed; never shown as accepted
    return f'<span class="tda-badge tda-status-{esc(status)}">{esc(label)}</span>'


def dl(rows: list[tuple[str, str]]) -> str:
    """A description list of (term, HTML) pairs; empty values are left out."""
    items = "".join(f"<dt>{esc(term)}</dt><dd>{value}</dd>" for term, value in rows if value)
    return f'<dl class="tda-facts">{items}</dl>' if items else ""


def section(title: str, content: str, anchor: str | None = None) -> str:
    if not content:
        return ""
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return f"<section{ident}>\n<h2>{esc(title)}</h2>\n{content}\n</section>"


def entity_sort_key(entity: Entity) -> tuple[str, str]:
    return (entity.title.lower(), str(entity.ref))
