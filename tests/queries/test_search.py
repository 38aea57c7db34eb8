"""`tda adr search TEXT`: decisions and minutes, with the matching line."""

from __future__ import annotations

from pathlib import Path


def test_search_finds_titles_bodies_minutes_and_dissent(cli, secretary_repo: Path) -> None:
    root = secretary_repo
    result = cli("adr", "search", "OLD way", "--root", root)
    assert result.exit_code == 0
    assert "decisions/reviews/2026-03-10-tda.md:" in result.output
    assert "dissent: Bo would rather keep the old way of caching" in result.output
    assert "decisions/0001-old-way.md" not in result.output  # the words are not in its text
    owner = cli("adr", "search", "owner", "--root", root).output
    assert "Name an owner for the cache" in owner
    assert cli("adr", "search", "zebra", "--root", root).output.strip() == "nothing found"
    assert cli("adr", "search", "  ", "--root", root).exit_code == 2
