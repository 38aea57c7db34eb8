"""The MkDocs plugin `tda`: adds the generated pages to the site, in memory, at on_files.

It only translates between MkDocs and `tda.site.generate`; everything a page shows is decided
there. `mkdocs build` and `mkdocs serve` work on the repository's own mkdocs.yml.

A generated page's body is HTML that Markdown passes through unchanged, yet parsing it took
over a third of a large build's time. So MkDocs gets the page's front matter and a placeholder,
and the finished body takes the placeholder's place at on_page_content.
"""

from __future__ import annotations

import logging
import re
import time
from importlib import resources
from pathlib import Path
from typing import Any

from markdown.htmlparser import htmlparser
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from pydantic import ValidationError

from tda.catalogue import Catalogue
from tda.config import TdaConfig
from tda.diagnostics import Diagnostic, Severity
from tda.errors import BuildError
from tda.site import search, split
from tda.site.generate import NAV_PAGES, generate
from tda.site.pages import Page
from tda.yamlio import gc_paused

log = logging.getLogger("mkdocs.plugins.tda")
ASSETS = ("tda.css", "tda.js", "tda-sort.js")
# What Markdown parses in place of a generated body: an HTML comment, which it passes through.
PLACEHOLDER = "<!-- tda: generated page -->"
# Python-Markdown's tab width; MkDocs offers no setting for it.
TAB_LENGTH = 4
_SPACES_LINE = re.compile(r"(?<=\n) +\n")


class TdaPlugin(BasePlugin):  # type: ignore[type-arg]
    config_scheme = tuple(
        (name, config_options.Optional(config_options.Type(object)))
        for name in TdaConfig.model_fields
    )

    def __init__(self) -> None:
        super().__init__()
        # `tda build` hands over the catalogue it has already validated, so nothing is parsed twice.
        self.catalogue: Catalogue | None = None
        self.history: Any = None
        self._given = False
        self.search = "pagefind"
        self.search_seconds = 0.0
        # Each generated page's finished body, by its src path, from on_files to on_page_content.
        self.bodies: dict[str, str] = {}
        # The pages whose body took the placeholder's place.
        self.handed: set[str] = set()
        # `tda build` asks for pages to be rendered in two processes (`tda.site.split`).
        self.split = False
        self._navigation: Navigation | None = None
        self._elsewhere: split.RenderedElsewhere | None = None

    def provide(self, catalogue: Catalogue, history: Any = None) -> None:
        self.catalogue, self.history, self._given = catalogue, history, True

    def _settings(self) -> TdaConfig:
        values = {k: v for k, v in self.config.items() if v is not None}
        try:
            return TdaConfig.model_validate(values)
        except ValidationError as error:
            raise PluginError(f"tda settings in mkdocs.yml: {error}") from error

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.root = root
        if not self._given:
            from tda.repository import load_catalogue

            self.catalogue = load_catalogue(root, self._settings(), history=True)
            _report_errors(self.catalogue.diagnostics)
        self.search = self._settings().search
        if self.search == "pagefind":
            _switch_off_material_search(config)
        if not config.nav:
            config.nav = self._nav(config)
        for name in ASSETS:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if f"assets/tda/{name}" not in [str(t) for t in target]:
                target.append(f"assets/tda/{name}")
        return config

    def _nav(self, config: MkDocsConfig) -> list[Any]:
        # Entity and decision pages stay out of the navigation: Material renders the whole
        # navigation into every page, so a long one makes build time grow quadratically.
        nav: list[Any] = [{"Home": "index.md"}]
        nav += [{title: src} for title, src in NAV_PAGES]
        docs = Path(config.docs_dir)
        for path in sorted(docs.glob("*.md")) if docs.is_dir() else []:
            if path.name not in ("index.md", "accessibility.md"):
                nav.append(path.name)
        nav.append({"Accessibility": "accessibility.md"})
        if self.search == "pagefind":
            nav.append({"Search": search.SEARCH_PAGE})
        return nav

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.catalogue is not None
        has_home = files.get_file_from_path("index.md") is not None
        # The pages and what they are made of live until MkDocs has them; a collector walking
        # the growing heap again and again costs a large site seconds and frees nothing.
        with gc_paused():
            pages, assets = self._generate(config, has_home)
        self.bodies, self.handed = {}, set()
        for page in pages:
            if files.get_file_from_path(page.src) is not None:
                log.warning("docs/%s is hand-written; it replaces the generated page", page.src)
                continue
            files.append(File.generated(config, page.src, content=self._handed_over(page)))
        for asset in assets:
            files.append(File.generated(config, asset.src, content=asset.content))
        package = resources.files("tda.site") / "assets"
        for name in ASSETS:
            files.append(
                File.generated(config, f"assets/tda/{name}", content=(package / name).read_text())
            )
        if self.search == "pagefind":
            self._add_search_page(files, config)
        return files

    def _generate(self, config: MkDocsConfig, has_home: bool) -> tuple[list[Page], list[Any]]:
        assert self.catalogue is not None
        return generate(
            self.catalogue,
            site_name=config.site_name,
            description=config.site_description or "",
            history=self.history,
            with_home=not has_home,
            site_url=config.site_url or "",
            contact=str((config.extra or {}).get("accessibility_contact") or ""),
            processes=None if self.split else 1,
        )

    def _handed_over(self, page: Page) -> str:
        """What MkDocs reads for a page: its front matter, which MkDocs needs, and a placeholder
        for a body of finished HTML, which is kept here."""
        if page.html is None or page.front_matter is None:
            return page.markdown
        self.bodies[page.src] = as_markdown_passes_it(page.html)
        return f"{page.front_matter}{PLACEHOLDER}\n"

    # First, so that other plugins see the page's body, as they would without a placeholder.
    @event_priority(100)
    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        # Taken, not kept: MkDocs holds the page's content from here on, and a national site's
        # bodies held twice would cost a few hundred megabytes.
        body = self.bodies.pop(page.file.src_uri, None)
        if body is None:
            return html
        self.handed.add(page.file.src_uri)
        if PLACEHOLDER not in html:
            log.warning("%s: a plugin or extension removed its body's place", page.file.src_uri)
            return html
        return html.replace(PLACEHOLDER, body, 1)

    # Last, so that the second rendering process starts from the environment as every other
    # plugin left it.
    @event_priority(-100)
    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # MkDocs checks each link to an anchor against the ids its Markdown parser saw in the
        # page linked to; a generated page's ids are in its body, so they are read here, only
        # for the pages such links lead to.
        for target in _anchor_link_targets(files):
            page = target.page
            if target.src_uri in self.handed and page is not None and page.content is not None:
                page.present_anchor_ids = _anchor_ids(page.content)
        if self.split and self._navigation is not None:
            self._elsewhere = split.render_half_elsewhere(env, config, files, self._navigation)
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._navigation = nav
        return nav

    def on_build_error(self, *, error: Exception) -> None:
        self.abandon()

    def abandon(self) -> None:
        """Stop the second rendering process, if there is one: the build has failed."""
        if self._elsewhere is not None:
            self._elsewhere.abandon()
            self._elsewhere = None

    def _wait_for_pages_rendered_elsewhere(self) -> None:
        if self._elsewhere is None:
            return
        elsewhere, self._elsewhere = self._elsewhere, None
        problem = elsewhere.finish()
        if problem is not None:
            raise PluginError(f"rendering pages in a second process failed: {problem}")

    def _add_search_page(self, files: Files, config: MkDocsConfig) -> None:
        if files.get_file_from_path(search.SEARCH_PAGE) is None:
            markdown = search.search_page_markdown()
            files.append(File.generated(config, search.SEARCH_PAGE, content=markdown))
        package = resources.files("tda.site") / "assets"
        for name, src in (("search.js", search.SEARCH_SCRIPT), ("search.css", search.SEARCH_STYLE)):
            files.append(File.generated(config, src, content=(package / name).read_text()))

    # First, so that no other plugin sees the site before every page is in it.
    @event_priority(100)
    def on_post_build(self, config: MkDocsConfig) -> None:
        self._wait_for_pages_rendered_elsewhere()
        # `tda build` writes into a staging folder, so the index is made before the site is
        # put in place; `mkdocs build` and every rebuild under `serve` index here too.
        if self.search != "pagefind":
            return
        started = time.perf_counter()
        try:
            search.index_site(Path(config.site_dir))
        except BuildError as error:
            raise PluginError(error.message) from error
        self.search_seconds = time.perf_counter() - started

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        settings = self._settings()
        for folder in (settings.catalog, settings.decisions, settings.templates):
            path = self.root / folder
            if path.is_dir():
                server.watch(str(path))
        return server

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # A rebuild under `serve` must see edited descriptors; a handed-over catalogue is kept.
        if not self._given and getattr(self, "_built_once", False):
            from tda.repository import load_catalogue

            self.catalogue = load_catalogue(self.root, self._settings(), history=True)
        self._built_once = True


def _report_errors(diagnostics: list[Diagnostic]) -> None:
    """One line while building or serving: how many errors, and where the first one is."""
    errors = [d for d in diagnostics if d.severity == Severity.ERROR]
    if errors:
        first = errors[0]
        count = f"{len(errors)} error" + ("" if len(errors) == 1 else "s")
        log.warning(
            "the catalogue has %s (first: %s: %s %s); run `tda validate` to see them all",
            count,
            first.location(),
            first.code,
            first.message,
        )


def _switch_off_material_search(config: MkDocsConfig) -> None:
    """Material's search would make every browser fetch one index of the whole site; its own
    `enabled` switch also removes its search box from the header."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin.config, "enabled"):
            plugin.config.enabled = False


def as_markdown_passes_it(body: str) -> str:
    """The HTML that Python-Markdown makes of a body of block-level HTML. It sets such HTML
    aside unchanged, but only after normalising the whitespace of its whole input, and it
    strips its output."""
    text = body.replace("\x02", "").replace("\x03", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    text = _SPACES_LINE.sub("\n", text.expandtabs(TAB_LENGTH))
    return text.strip()


def _anchor_link_targets(files: Files) -> set[File]:
    """The pages that some page links to with an anchor, as MkDocs recorded when rendering."""
    targets: set[File] = set()
    for file in files.documentation_pages():
        if file.page is not None and file.page.links_to_anchors:
            targets.update(file.page.links_to_anchors)
    return targets


class _AnchorIds(htmlparser.HTMLParser):  # type: ignore[name-defined,misc]
    """Collects the ids an HTML text defines, as MkDocs does for the raw HTML in Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


def _anchor_ids(html: str) -> set[str]:
    parser = _AnchorIds()
    parser.feed(html)
    parser.close()
    return parser.ids
