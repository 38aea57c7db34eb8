"""Page builders: each a pure function of the catalogue that returns Markdown pages.

A builder computes the data for one page kind and hands it to a Jinja2 template under
`tda/site/templates/`. Autoescaping is on, so every string from a descriptor or record is
escaped wherever it lands; a value reaches the page unescaped only when it is `Markup` made
from escaped parts (record Markdown, links built here).

A new page kind is a module with a `build(ctx) -> Page` that calls
`render_page("kind.j2", SRC, "Title", **data)`, a template that extends `page.j2`, and a line
in `tda.site.generate`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from tda.catalog.entity import Entity
from tda.catalog.refs import EntityRef, try_parse_ref
from tda.catalogue import Catalogue
from tda.decisions.history import History
from tda.decisions.model import Decision
from tda.diagnostics import Diagnostic
from tda.harvested import AdoptionIndex
from tda.queries.reviews import ConditionEntry, condition_register
from tda.site import urls
from tda.site.html import is_safe_url


@dataclass(frozen=True, slots=True)
class Page:
    src: str
    title: str
    markdown: str
    # The front matter that begins `markdown` when all that follows it is HTML from a template,
    # which a Markdown engine passes through; None when the page is Markdown to be parsed.
    front_matter: str | None = None

    @property
    def html(self) -> str | None:
        """The page's body when it is finished HTML, else None."""
        if self.front_matter is None:
            return None
        return self.markdown[len(self.front_matter) :]


@dataclass(frozen=True, slots=True)
class Asset:
    """A file beside the pages, such as an API definition offered for download."""

    src: str
    content: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link as templates show it: no href means plain text, a note says why."""

    text: str
    href: str | None = None
    note: str = ""
    external: bool = False

    @classmethod
    def to(cls, url: str, text: str | None = None) -> Link:
        """A link to an address from a descriptor: only http, https and mailto become links."""
        url = "" if url is None else str(url)
        label = str(text) if text else url
        if is_safe_url(url):
            return cls(label, url, external=True)
        return cls(label)

    @classmethod
    def mail(cls, email: str) -> Link:
        return cls.to(f"mailto:{email}", email)


@dataclass
class SiteContext:
    catalogue: Catalogue
    today: dt.date
    history: History | None = None
    templates: list[object] = field(default_factory=list)
    site_url: str = ""
    contact: str = ""
    # publiccode.yml of each open-source product: "" when offered, else what it lacks
    publiccode: dict[str, str] = field(default_factory=dict)
    _shared_titles: set[str] | None = field(default=None, init=False, repr=False)
    _findings: dict[object, list[Diagnostic]] | None = field(default=None, init=False, repr=False)
    _adoptions: AdoptionIndex | None = field(default=None, init=False, repr=False)
    _conditions: dict[str, list[ConditionEntry]] | None = field(
        default=None, init=False, repr=False
    )

    def prepare(self) -> None:
        """Make every index the pages read, before the context is copied to another process."""
        first = next(iter(self.catalogue.entities.values()), None)
        if first is not None:
            self.label(first)
            self.findings_of(first)
        self.conditions_of("")
        _ = self.adoptions

    def conditions_of(self, decision_id: str) -> list[ConditionEntry]:
        """The conditions set on a decision, from the register worked out once for the build."""
        if self._conditions is None:
            self._conditions = {}
            for entry in condition_register(self.catalogue):
                self._conditions.setdefault(entry.decision, []).append(entry)
        return self._conditions.get(decision_id, [])

    @property
    def adoptions(self) -> AdoptionIndex:
        """Who uses or built on each product, indexed once for the whole build."""
        if self._adoptions is None:
            catalogue = self.catalogue
            self._adoptions = AdoptionIndex(catalogue.entities, catalogue.config.organisation)
        return self._adoptions

    def label(self, entity: Entity) -> str:
        """The entity's title, with its kind when another entity has the same title."""
        if self._shared_titles is None:
            seen: dict[str, int] = {}
            for other in [*self.catalogue.entities.values(), *self.catalogue.flawed.values()]:
                seen[other.title.lower()] = seen.get(other.title.lower(), 0) + 1
            self._shared_titles = {title for title, n in seen.items() if n > 1}
        if entity.title.lower() in self._shared_titles:
            return f"{entity.title} ({entity.kind})"
        return entity.title

    def entity_link(self, from_src: str, ref: EntityRef, text: str | None = None) -> Link:
        entity = self.catalogue.entities.get(ref)
        if entity is None and ref in self.catalogue.flawed:
            flawed = self.catalogue.flawed[ref]
            return Link(
                text or self.label(flawed),
                urls.href(from_src, urls.entity_page(ref)),
                "its descriptor has errors",
            )
        if entity is None:
            return Link(text or ref.short(), note="not in the catalogue")
        return Link(text or self.label(entity), urls.href(from_src, urls.entity_page(ref)))

    def ref_link(self, from_src: str, text: str, default_kind: str = "component") -> Link:
        ref = try_parse_ref(str(text), default_kind=default_kind)
        if ref is None:
            return Link(str(text))
        return self.entity_link(from_src, ref)

    def decision_link(self, from_src: str, decision: Decision, with_title: bool = True) -> Link:
        label = f"{decision.id} {decision.title}" if with_title else decision.id
        return Link(label, urls.href(from_src, urls.decision_page(decision.id)))

    def decision_id_link(self, from_src: str, decision_id: str) -> Link:
        log = self.catalogue.decisions
        found = log.get(decision_id) if log else None
        if found is None:
            return Link(str(decision_id), note="not found")
        return self.decision_link(from_src, found)

    def findings_of(self, entity: Entity) -> list[Diagnostic]:
        """The errors and warnings that concern one entity, by reference or by its document."""
        if self._findings is None:
            # Indexed once: a lookup per entity keeps a large catalogue's build linear.
            self._findings = {}
            for d in self.catalogue.diagnostics:
                if str(d.severity) not in ("error", "warning"):
                    continue
                key = d.ref if d.ref is not None else (d.file, d.document)
                self._findings.setdefault(key, []).append(d)
        found = self._findings.get(str(entity.ref), [])
        return found + self._findings.get((entity.file, entity.document), [])


@pass_context
def _rel(context: Context, to_src: str, fragment: str = "") -> str:
    """A relative link from the page being rendered to another page of the site."""
    return urls.href(context["src"], to_src, fragment)


@pass_context
def _asset(context: Context, path: str) -> str:
    return urls.asset_href(context["src"], path)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("tda.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(rel=_rel, asset=_asset)
    env.filters["slug"] = urls.slug
    env.tests["link"] = lambda value: isinstance(value, Link)
    return env


def render(template: str, **data: Any) -> Markup:
    """A template rendered to HTML; used for fragments such as diagrams."""
    return Markup(environment().get_template(template).render(**data))


def render_page(
    template: str,
    src: str,
    title: str,
    *,
    search: bool = True,
    wide: bool = False,
    page_title: str | None = None,
    **data: Any,
) -> Page:
    """A Markdown page: front matter, then the template's HTML with no blank lines in it."""
    body = environment().get_template(template).render(src=src, title=title, **data)
    front = []
    if page_title != "":
        # MkDocs themes print the title unescaped in places, so it carries no angle brackets.
        shown = (page_title or title).replace("<", "\u2039").replace(">", "\u203a")
        front.append(f"title: {json.dumps(str(escape(shown)))}")
    hide = [name for name, on in (("toc", wide), ("search", not search)) if on]
    if hide:
        front.append(f"hide: {json.dumps(hide)}")
    if not search:
        front.append("search:\n  exclude: true")
    head = "---\n" + "\n".join(front) + "\n---\n\n" if front else ""
    return Page(src, title, head + tidy(body), front_matter=head)


_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL | re.IGNORECASE)
# Search indexers read a page's text node by node; cells that touch would read as one word.
_TOUCHING_CELLS = re.compile(r"</(t[hd])><(t[hd])\b", re.IGNORECASE)


def tidy(html: str) -> str:
    """HTML that Markdown leaves alone: no indentation (which Markdown reads as code) and no
    blank lines (which end an HTML block), except inside <pre>, whose text is kept as it is."""
    parts = _PRE.split(html)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
        else:
            lines = (line.strip() for line in part.split("\n"))
            joined = "\n".join(line for line in lines if line)
            out.append(_TOUCHING_CELLS.sub(r"</\1> <\2", joined))
    return "".join(out).strip("\n") + "\n"


def entity_sort_key(entity: Entity) -> tuple[str, str]:
    return (entity.title.lower(), str(entity.ref))


def listed(value: Any) -> list[Any]:
    """A list from a descriptor, or nothing when it holds something else."""
    return value if isinstance(value, list) else []


def text_list(values: Any) -> list[str]:
    if isinstance(values, list):
        return [str(v) for v in values if v is not None and not isinstance(v, (dict, list))]
    return [str(values)] if values is not None and not isinstance(values, (dict, list)) else []
