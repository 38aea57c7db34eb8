"""Stable page addresses, and relative links between pages."""

from __future__ import annotations

import functools
import posixpath
import re

from tda.catalog.refs import EntityRef


@functools.lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value or "page"


@functools.lru_cache(maxsize=1 << 16)
def entity_page(ref: EntityRef) -> str:
    return f"entities/{slug(ref.kind)}/{slug(ref.namespace)}/{_name(ref.name)}.md"


def _name(name: str) -> str:
    # Names may hold dots and underscores, which are safe in a path; anything else is replaced.
    return re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-.") or "entity"


def decision_page(decision_id: str) -> str:
    return f"decisions/{slug(decision_id)}.md"


def meeting_page(slug_text: str) -> str:
    return f"tda/meetings/{slug(slug_text)}.md"


def page_url(src: str) -> str:
    """The directory URL MkDocs gives a page (use_directory_urls)."""
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


def href(from_src: str, to_src: str, fragment: str = "") -> str:
    """A relative link from one page to another, as the browser will resolve it."""
    here = page_url(from_src) or "."
    there = page_url(to_src)
    target = relative_path(there or ".", here.rstrip("/") or ".")
    if not target.endswith("/"):
        target += "/"
    return target + (f"#{fragment}" if fragment else "")


def asset_href(from_src: str, path: str) -> str:
    here = page_url(from_src) or "."
    return relative_path(path, here.rstrip("/") or ".")


def relative_path(path: str, start: str) -> str:
    """`posixpath.relpath` for the site's own relative paths, without its two trips through
    the working folder: a large site asks this a quarter of a million times."""
    path_parts = [part for part in path.split("/") if part and part != "."]
    start_parts = [part for part in start.split("/") if part and part != "."]
    if ".." in path_parts or ".." in start_parts or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    common = 0
    for mine, theirs in zip(path_parts, start_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    steps = [".."] * (len(start_parts) - common) + path_parts[common:]
    return "/".join(steps) or "."
