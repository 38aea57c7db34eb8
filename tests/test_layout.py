"""`tda init` lays out a catalogue that validates and builds, and never overwrites."""

from __future__ import annotations

from pathlib import Path

import yaml


def test_init_then_validate_and_build(cli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "council", "--name", "Anytown: products #1")
    assert result.exit_code == 0
    root = tmp_path / "council"
    settings = yaml.safe_load((root / "mkdocs.yml").read_text())
    assert settings["site_name"] == "Anytown: products #1"
    assert settings["site_url"] == "https://catalogue.example.org/"
    assert cli("validate", "--root", root).exit_code == 0
    built = cli("build", "--root", root)
    assert built.exit_code == 0, built.output
    assert (root / "site/index.html").is_file()
    statement = (root / "site/accessibility/index.html").read_text()
    assert "contact to complete" in statement


def test_init_sets_the_site_url_for_the_sitemap_and_canonical_links(cli, tmp_path: Path) -> None:
    root = tmp_path / "council"
    assert cli("init", root, "--site-url", "https://anytown.example.org/catalogue/").exit_code == 0
    assert cli("build", "--root", root).exit_code == 0
    sitemap = (root / "site/sitemap.xml").read_text()
    assert "<loc>https://anytown.example.org/catalogue/products/</loc>" in sitemap
    products = (root / "site/products/index.html").read_text()
    assert (
        '<link rel="canonical" href="https://anytown.example.org/catalogue/products/">' in products
    )
    missing = (root / "site/404.html").read_text()
    assert 'href="/catalogue/assets/' in missing and 'href="/assets/' not in missing


def test_init_keeps_what_exists(cli, tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n")
    result = cli("init", tmp_path)
    assert f"kept {tmp_path / 'mkdocs.yml'}" in result.output
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Mine\n"
