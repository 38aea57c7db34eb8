"""Atom feeds of decisions and products: well-formed Atom 1.0 that feed readers accept."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser

from tda.repository import load_catalogue
from tda.site.generate import generate
from tests.conftest import REPO, commit_all, write_tree

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


def assert_valid_atom(text: str) -> ET.Element:
    """RFC 4287's rules for a feed and its entries, and feedparser reading it as Atom 1.0."""
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = ET.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, name
    assert RFC3339.match(feed.findtext(f"{A}updated") or "")
    assert feed.find(f"{A}author/{A}name") is not None  # so entries need no author of their own
    ids = []
    for entry in feed.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
        assert RFC3339.match(entry.findtext(f"{A}updated") or "")
        alternate = [x for x in entry.findall(f"{A}link") if x.get("rel") == "alternate"]
        assert len(alternate) == 1 and alternate[0].get("href")
        ids.append(entry.findtext(f"{A}id"))
    assert len(ids) == len(set(ids))
    return feed


def test_sample_feeds_are_valid_atom_with_absolute_links() -> None:
    _pages, assets = generate(
        load_catalogue(REPO),
        site_url="https://catalogue.example.org/hackney/",
        today=dt.date(2026, 12, 3),
    )
    found = {a.src: a.content for a in assets}
    decisions = assert_valid_atom(found["feeds/decisions.xml"])
    entries = decisions.findall(f"{A}entry")
    assert len(entries) == 17
    links = [e.find(f"{A}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert "https://catalogue.example.org/hackney/decisions/adr-0005/" in links
    products = assert_valid_atom(found["feeds/products.xml"])
    assert any(
        e.findtext(f"{A}title") == "Person API (Component)" for e in products.findall(f"{A}entry")
    )


def test_feeds_date_decisions_from_git_and_products_from_when_they_were_added(
    git_repo, tmp_path: Path
) -> None:
    write_tree(
        tmp_path,
        {
            "catalog/a.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: first}\n"
            "spec: {type: service, lifecycle: production, owner: group:g}\n",
            "decisions/0001-a.md": "---\nstatus: proposed\ndate: 2026-01-01\n---\n# A\n",
        },
    )
    commit_all(git_repo, "first", "2026-01-02T10:00:00+00:00")
    (tmp_path / "decisions/0001-a.md").write_text(
        "---\nstatus: accepted\ndate: 2026-01-01\n---\n# A\n"
    )
    commit_all(git_repo, "accept", "2026-02-03T11:00:00+00:00")
    from tda.config import load_config
    from tda.repository import load_catalogue as load

    catalogue = load(tmp_path, load_config(tmp_path).config, history=True)
    _, assets = generate(catalogue)
    found = {a.src: a.content for a in assets}
    decisions = assert_valid_atom(found["feeds/decisions.xml"])
    entry = decisions.find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}updated") == "2026-02-03T11:00:00Z"
    assert entry.findtext(f"{A}published") == "2026-01-02T10:00:00Z"
    assert entry.findtext(f"{A}title") == "ADR-0001 A (accepted)"
    products = assert_valid_atom(found["feeds/products.xml"])
    assert products.find(f"{A}entry/{A}updated").text == "2026-01-02T10:00:00Z"  # type: ignore[union-attr]


def test_feeds_without_site_url_or_git_are_still_valid_and_carry_no_markup(hostile_root) -> None:
    _, assets = generate(load_catalogue(hostile_root), today=dt.date(2026, 12, 3))
    for asset in assets:
        if asset.src.startswith("feeds/"):
            feed = assert_valid_atom(asset.content)
            assert feed.findtext(f"{A}id", "").startswith("urn:tda:feed:")
            assert "<script>" not in asset.content


def test_control_characters_do_not_break_a_feed(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "decisions/0001-a.md": "---\nstatus: proposed\ndate: 2026-01-01\n---\n# Odd \x0b title \x01\n"
        },
    )
    _, assets = generate(load_catalogue(root))
    assert_valid_atom(next(a.content for a in assets if a.src == "feeds/decisions.xml"))
