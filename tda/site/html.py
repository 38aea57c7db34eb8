"""Safe HTML from untrusted strings: only http, https and mailto linked, record Markdown tamed.

Page markup lives in Jinja2 templates with autoescaping; this module holds the few things that
produce HTML outside them (Markdown written in records), and the rule for which addresses may
become links.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def esc(value: object) -> Markup:
    """Text for HTML content or a quoted attribute value."""
    return escape("" if value is None else str(value))


def is_safe_url(url: str) -> bool:
    """An absolute http, https or mailto address, with no control characters or spaces."""
    if not isinstance(url, str) or re.search(r"[\x00-\x20\x7f]", url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return False
    return parts.scheme.lower() == "mailto" or bool(parts.netloc)


class _SafeLinks(Treeprocessor):
    """Drop links and images whose address is not http, https or mailto."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                href = element.get("href", "")
                if not is_safe_url(href) and not href.startswith("#"):
                    element.tag = "span"
                    element.attrib.pop("href", None)
                    element.attrib.pop("title", None)
            elif element.tag == "img":
                src = element.get("src", "")
                if not (is_safe_url(src) and urlsplit(src).scheme in ("http", "https")):
                    element.tag = "span"
                    alt = element.attrib.get("alt", "")
                    element.attrib.clear()
                    element.text = alt


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML in a record is shown as text, not interpreted.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("entity")
        md.treeprocessors.register(_SafeLinks(md), "tda-safe-links", 0)


@functools.cache
def _converter() -> markdown.Markdown:
    # Setting up Python-Markdown costs more than converting a short record; one serves all.
    return markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists", _NoRawHtml()])


def render_markdown(text: str, shift_headings: int = 1) -> Markup:
    """Markdown written by users (decision bodies, minutes) as HTML, raw HTML neutralised.

    The result is marked safe: Markdown escaped every character of raw HTML, and links and
    images were filtered by address, so nothing the author wrote runs.
    """
    rendered = _converter().reset().convert(text)
    if shift_headings:
        # The page has its own title; the record's headings sit below it.
        def shift(match: re.Match[str]) -> str:
            level = min(6, int(match.group(2)) + shift_headings)
            return f"<{match.group(1)}h{level}"

        rendered = re.sub(r"<(/?)h([1-6])", shift, rendered)
    return Markup(rendered)
