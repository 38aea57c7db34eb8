"""`tda review minutes DATE`: Markdown and Word documents to circulate."""

from __future__ import annotations

import os
from pathlib import Path


def test_minutes_as_markdown(cli, secretary_repo: Path) -> None:
    result = cli("review", "minutes", "2026-03-10", "--root", secretary_repo)
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("# ") and "minutes of 10 March 2026" in text
    assert "**Quorum:** Quorate: 3 of 5 members attended; the quorum is 3" in text
    assert "- Condition TDA-C001: Name an owner for the cache" in text
    assert "- Dissent: Bo would rather keep the old way of caching" in text


def test_minutes_as_word(cli, secretary_repo: Path, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "out.docx"
    result = cli(
        "review",
        "minutes",
        "2026-03-10",
        "--format",
        "docx",
        "--output",
        target,
        "--root",
        secretary_repo,
    )
    assert result.exit_code == 0 and f"wrote {target}" in result.output
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Condition TDA-C001: Name an owner for the cache" in text
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "Quorum" in cells
    again = cli(
        "review",
        "minutes",
        "2026-03-10",
        "--format",
        "docx",
        "--output",
        target,
        "--root",
        secretary_repo,
    )
    assert again.exit_code == 2 and "already exists" in again.output


def test_word_minutes_default_name(cli, secretary_repo: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    cli("review", "minutes", "2026-03-10", "--format", "docx", "--root", secretary_repo)
    assert os.path.isfile(tmp_path / "2026-03-10-minutes.docx")
    missing = cli("review", "minutes", "2026-03-11", "--root", secretary_repo)
    assert missing.exit_code == 2 and "no meeting is recorded on 2026-03-11" in missing.output
