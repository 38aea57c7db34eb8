"""`tda init` lays out a catalogue that validates and builds, and never overwrites."""

from __future__ import annotations

from pathlib import Path


def test_init_then_validate_and_build(cli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "council", "--name", "Anytown products")
    assert result.exit_code == 0
    root = tmp_path / "council"
    assert "site_name: Anytown products" in (root / "mkdocs.yml").read_text()
    assert cli("validate", "--root", root).exit_code == 0
    built = cli("build", "--root", root)
    assert built.exit_code == 0, built.output
    assert (root / "site/index.html").is_file()


def test_init_keeps_what_exists(cli, tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n")
    result = cli("init", tmp_path)
    assert f"kept {tmp_path / 'mkdocs.yml'}" in result.output
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Mine\n"
