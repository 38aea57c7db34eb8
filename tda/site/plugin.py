"""The MkDocs plugin `tda`: adds the generated pages to the site, in memory, at on_files.

It only translates between MkDocs and `tda.site.generate`; everything a page shows is decided
there. `mkdocs build` and `mkdocs serve` work on the repository's own mkdocs.yml.
"""

from __future__ import annotations

import logging
import time
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from pydantic import ValidationError

from tda.catalogue import Catalogue
from tda.config import TdaConfig
from tda.diagnostics import Diagnostic, Severity
from tda.errors import BuildError
from tda.site import search
from tda.site.generate import NAV_PAGES, generate

log = logging.getLogger("mkdocs.plugins.tda")
ASSETS = ("tda.css", "tda.js", "tda-sort.js")


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
        pages, assets = generate(
            self.catalogue,
            site_name=config.site_name,
            description=config.site_description or "",
            history=self.history,
            with_home=not has_home,
            site_url=config.site_url or "",
            contact=str((config.extra or {}).get("accessibility_contact") or ""),
        )
        for page in pages:
            if files.get_file_from_path(page.src) is not None:
                log.warning("docs/%s is hand-written; it replaces the generated page", page.src)
                continue
            files.append(File.generated(config, page.src, content=page.markdown))
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

    def _add_search_page(self, files: Files, config: MkDocsConfig) -> None:
        if files.get_file_from_path(search.SEARCH_PAGE) is None:
            markdown = search.search_page_markdown()
            files.append(File.generated(config, search.SEARCH_PAGE, content=markdown))
        package = resources.files("tda.site") / "assets"
        for name, src in (("search.js", search.SEARCH_SCRIPT), ("search.css", search.SEARCH_STYLE)):
            files.append(File.generated(config, src, content=(package / name).read_text()))

    def on_post_build(self, config: MkDocsConfig) -> None:
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
