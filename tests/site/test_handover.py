"""A generated page reaches MkDocs as front matter and a placeholder, and the built page is
what Python-Markdown would have made of the whole HTML: same body, table of contents,
metadata and anchors."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from tda.site.generate import generate
from tda.site.plugin import PLACEHOLDER
from tests.conftest import REPO, write_tree
from tests.site.conftest import hostile_files

# A hook that records what MkDocs parsed and made of each page, once every plugin has run.
RECORDER = """\
SEEN = {}


def on_page_context(context, page, config, nav):
    SEEN[page.file.src_uri] = {
        "markdown": page.markdown,
        "content": page.content,
        "toc": [str(item) for item in page.toc],
        "meta": page.meta,
    }
    return context
"""

# Whitespace that Python-Markdown normalises even inside raw HTML: tabs, carriage returns,
# its own placeholder characters and lines of spaces in preformatted text.
UNEVEN = """\
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: uneven
  title: "Tabs\\tand\\rreturns"
  description: "a\\tb\\tc\\r\\nd\\x02e\\x03f \\u00a0 g\\r   \\rh\\t"
spec: {type: service, lifecycle: production, owner: team, providesApis: [tabbed-api]}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: tabbed-api
spec:
  type: openapi
  lifecycle: production
  owner: team
  definition: "openapi: 3.0.0\\ninfo:\\n\\ttitle: x\\t y\\n  \\n    \\n\\tversion: '1'\\r\\npaths: {}\\n"
"""

LINKING = """\
# About

The [reuse facts](entities/component/default/evil.md#reuse) and a
[missing part](entities/component/default/evil.md#nowhere) of a generated page.
"""


def tricky_root(tmp_path: Path) -> Path:
    files = hostile_files()
    files["mkdocs.yml"] += "validation:\n  anchors: warn\n"
    files["catalog/all.yaml"] += UNEVEN
    files["docs/about.md"] = LINKING
    return write_tree(tmp_path / "repo", files)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def warnings() -> Iterator[list[str]]:
    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


def built(root: Path, tmp_path: Path) -> tuple[Any, dict[str, dict[str, Any]]]:
    """A real MkDocs build of root with the recording hook; its config and what it recorded."""
    hook = tmp_path / "recorder.py"
    hook.write_text(RECORDER, encoding="utf-8")
    config = load_config(
        config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"), hooks=[str(hook)]
    )
    build(config)
    return config, config.hooks[str(hook)].SEEN


def as_python_markdown_makes_it(config: Any, text: str) -> tuple[str, list[str], dict[str, Any]]:
    """The HTML, table of contents and metadata of a page's whole text, parsed as MkDocs would."""
    body, meta = get_data(text)
    parser = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {}
    )
    html = parser.convert(body)
    return html, [str(item) for item in get_toc(getattr(parser, "toc_tokens", []))], meta


@pytest.mark.parametrize("repository", ["sample", "tricky"])
def test_generated_pages_reach_mkdocs_as_a_placeholder_and_build_as_before(
    repository: str, tmp_path: Path
) -> None:
    root = REPO if repository == "sample" else tricky_root(tmp_path)
    config, seen = built(root, tmp_path)
    plugin = config.plugins["tda"]
    pages, _ = generate(
        plugin.catalogue,
        site_name=config.site_name,
        description=config.site_description or "",
        history=plugin.history,
        site_url=config.site_url or "",
        contact=str((config.extra or {}).get("accessibility_contact") or ""),
    )
    assert len(pages) > 10
    for page in pages:
        recorded = seen[page.src]
        assert recorded["markdown"] == PLACEHOLDER + "\n", page.src
        html, toc, meta = as_python_markdown_makes_it(config, page.markdown)
        assert recorded["content"] == html, page.src
        assert recorded["toc"] == toc, page.src
        assert recorded["meta"] == meta, page.src


def test_hand_written_pages_are_parsed_as_markdown(tmp_path: Path) -> None:
    _, seen = built(tricky_root(tmp_path), tmp_path)
    about = seen["about.md"]
    assert about["markdown"] == LINKING
    assert about["content"].startswith('<h1 id="about">About</h1>')
    assert about["toc"] == ["About - #about\n"]
    assert seen["search/index.md"]["content"].startswith('<h1 id="search">Search</h1>')


def test_links_to_anchors_in_generated_pages_are_checked_against_their_html(
    tmp_path: Path, warnings: list[str]
) -> None:
    built(tricky_root(tmp_path), tmp_path)
    anchors = [message for message in warnings if "anchor" in message]
    assert len(anchors) == 1, warnings
    assert "'#nowhere'" in anchors[0]
