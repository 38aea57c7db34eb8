"""Importing other dialects keeps every field, the links between records, and line endings."""

from __future__ import annotations

from pathlib import Path

from tda.decisions.load import load_decisions
from tda.interop.adr import import_adrs
from tda.repository import load_catalogue
from tests.conftest import write_tree
from tests.governance.conftest import org


def test_import_keeps_fields_links_and_line_endings(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "0001-first.md").write_bytes(
        b"---\r\nstatus: proposed\r\ndate: 2024-01-05\r\nreview-by: 2025-01-05\r\n"
        b"principles: [open-by-default]\r\nlevel: team\r\n---\r\n# First\r\n\r\n"
        b"## Context\r\n\r\nWhy.\r\n"
    )
    (source / "0002-second.md").write_text(
        "# 2. Second\n\nDate: 2024-02-01\n\n## Status\n\nProposed\n\n## Links\n\n"
        "- Supersedes [1. First](0001-first.md)\n",
        encoding="utf-16",
    )
    into = tmp_path / "repo" / "decisions"
    report = import_adrs(source, into)
    assert len(report.imported) == 2 and report.skipped == []
    first = (into / "0001-first.md").read_bytes()
    assert b"\r\n## Context\r\n\r\nWhy.\r\n" in first and b"\n" not in first.replace(b"\r\n", b"")
    log = load_decisions(into)
    one, two = log.get("ADR-1"), log.get("ADR-2")
    assert one.review_by.isoformat() == "2025-01-05"
    assert one.principles == ["open-by-default"] and one.front_matter["level"] == "team"
    assert two.supersedes == ["ADR-0001"]
    write_tree(tmp_path / "repo", {"catalog/org.yaml": org()})
    found = {d.code for d in load_catalogue(tmp_path / "repo").diagnostics}
    assert "TDA405" not in found
