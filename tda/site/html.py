"""Safe HTML from untrusted strings: every value escaped, only http, https and mailto linked."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def esc(value: object) -> str:
    """Text for HTML content or a quoted attribute value."""
    return html.escape("" if value is None else str(value), quote=True)


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


def external_link(url: str, text: str | None = None) -> str:
    """A link for a safe address; anything else is shown as plain text, never as a link."""
    label = esc(text if text is not None else url)
    if is_safe_url(url):
        return f'<a href="{esc(url)}" rel="noopener">{label}</a>'
    return label


def internal_link(href: str, text: str) -> str:
    """A link to another page of the site; href is built by tda, never taken from input."""
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def tag(name: str, content: str, **attributes: object) -> str:
    attrs = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{esc(value)}"'
        for key, value in attributes.items()
        if value is not None and value is not False
    )
    return f"<{name}{attrs}>{content}</{name}>"


def table(caption: str, headers: Iterable[str], rows: Iterable[Iterable[str]], **attributes: object) -> str:
    """A table with a caption and header cells; cells are HTML already made safe."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    attrs = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attributes.items())
    return (
        f"<table{attrs}>\n<caption>{esc(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


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
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        # Raw HTML in a record is shown as text, not interpreted.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("entity")
        md.treeprocessors.register(_SafeLinks(md), "tda-safe-links", 0)


def render_markdown(text: str, shift_headings: int = 1) -> str:
    """Markdown written by users (decision bodies, minutes) as HTML, raw HTML neutralised."""
    md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists", _NoRawHtml()])
    rendered = md.convert(text)
    if shift_headings:
        # The page has its own title; the record's headings sit below it.
        def shift(match: re.Match[str]) -> str:
            level = min(6, int(match.group(2)) + shift_headings)
            return f"<{match.group(1)}h{level}"

        rendered = re.sub(r"<(/?)h([1-6])", shift, rendered)
    return rendered
