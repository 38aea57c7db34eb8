"""A real MkDocs build: stable addresses, nothing from third parties, safe swaps."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import REPO, snapshot_files


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") in ("canonical", "alternate"):
            return  # names the page's own address; the browser fetches nothing
        loaded = {"script": "src", "img": "src", "iframe": "src", "link": "href", "source": "src"}
        target = values.get(loaded.get(tag, ""))
        if target and re.match(r"^(https?:)?//", target):
            self.external.append(f"<{tag}> {target}")


def test_sample_site_pages_exist_at_stable_urls(sample_site: Path) -> None:
    for path in (
        "index.html",
        "products/index.html",
        "entities/api/default/person-api/index.html",
        "entities/api/default/person-api/person-api.openapi.yaml",
        "feeds/decisions.xml",
        "feeds/products.xml",
        "decisions/adr-0005/index.html",
        "tda/index.html",
        "tda/meetings/2024-02-01-tda/index.html",
        "reuse/index.html",
        "service-templates/index.html",
        "health/index.html",
        "accessibility/index.html",
        "assets/tda/tda.js",
    ):
        assert (sample_site / path).is_file(), path


def test_sample_sitemap_and_canonical_links_use_the_site_url(sample_site: Path) -> None:
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        "<loc>https://catalogue.example.org/hackney/entities/api/default/person-api/</loc>"
        in sitemap
    )
    page = (sample_site / "decisions/adr-0005/index.html").read_text(encoding="utf-8")
    assert (
        '<link rel="canonical" href="https://catalogue.example.org/hackney/decisions/adr-0005/">'
        in page
    )
    missing = (sample_site / "404.html").read_text(encoding="utf-8")
    assert 'href="/hackney/' in missing and 'href="/assets/' not in missing


def test_search_index_keeps_words_of_listing_cells_apart(sample_site: Path) -> None:
    import gzip
    import json

    # Pagefind keeps each page's text in a gzipped fragment after a fixed signature.
    texts = []
    for fragment in (sample_site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        page = json.loads(data)
        if page["url"].startswith(("/products/", "products/")):
            texts.append(page["content"])
    products = " ".join(texts)
    assert products, "the products page is not in the search index"
    assert "live" in products and "MIT" in products
    assert "liveMIT" not in products and "PhaseLicence" not in products


def test_nothing_is_loaded_from_third_parties(sample_site: Path) -> None:
    found = []
    for html in sample_site.rglob("*.html"):
        parser = _Refs()
        parser.feed(html.read_text(encoding="utf-8"))
        found += [f"{html.relative_to(sample_site)}: {ref}" for ref in parser.external]
    assert found == []
    css = "\n".join(p.read_text(encoding="utf-8") for p in sample_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_entity_pages_stay_out_of_the_navigation(sample_site: Path) -> None:
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    nav = home.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "Products" in nav and "Decisions" in nav
    assert "entities/" not in nav and "adr-0005" not in nav


def test_tda_build_swaps_and_keeps_the_last_good_site(cli, tree) -> None:
    root = tree(
        {
            "mkdocs.yml": "site_name: T\ntheme: {name: material, font: false}\nplugins: [search, tda]\n",
            "docs/about.md": "# About\n",
            "catalog/a.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: t, children: []}\n",
        }
    )
    first = cli("build", "--root", root)
    assert first.exit_code == 0, first.output
    assert re.match(
        r"built \d+ pages into .*site in \d+\.\d s \(0 errors, 0 warnings; ", first.output
    )
    before = snapshot_files(root / "site")
    (root / "mkdocs.yml").write_text("site_name: T\ntheme: {name: no-such-theme}\nplugins: [tda]\n")
    failed = cli("build", "--root", root)
    assert failed.exit_code == 2 and "could not be built" in failed.output
    assert "no-such-theme" in failed.output
    assert snapshot_files(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".tda-build")] == []


def test_strict_build_stops_on_errors(cli, tree) -> None:
    root = tree(
        {
            "mkdocs.yml": "site_name: T\ntheme: {name: material, font: false}\nplugins: [search, tda]\n",
            "docs/about.md": "# About\n",
            "catalog/a.yaml": "- not a mapping\n",
        }
    )
    strict = cli("build", "--strict", "--root", root)
    assert strict.exit_code == 1 and not (root / "site").exists()
    assert "TDA009" in strict.output
    lenient = cli("build", "--root", root)
    assert lenient.exit_code == 0 and (root / "site/index.html").exists()


def test_plain_mkdocs_build_works_on_the_repository(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/entities/component/default/person-api/index.html").is_file()


def test_pages_can_be_written_as_markdown_for_other_engines(tmp_path: Path) -> None:
    from tda.repository import load_catalogue
    from tda.site.generate import generate, write_markdown

    pages, assets = generate(load_catalogue(REPO))
    write_markdown(tmp_path, pages, assets)
    assert (tmp_path / "decisions/adr-0005.md").read_text().startswith("---\ntitle:")


def test_decision_pages_show_authors_and_dates_from_git(cli, git_repo, tmp_path: Path) -> None:
    from tests.conftest import commit_all, write_tree

    write_tree(
        tmp_path,
        {
            "mkdocs.yml": "site_name: T\ntheme: {name: material, font: false}\nplugins: [search, tda]\n",
            "docs/about.md": "# About\n",
            "catalog/a.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: t, children: []}\n",
            "decisions/0001-a.md": "---\nstatus: proposed\ndate: 2026-01-01\nentities: [group:g]\n---\n# A\n",
        },
    )
    commit_all(git_repo, "propose", "2026-01-02T10:00:00+00:00")
    assert cli("build", "--root", tmp_path).exit_code == 0
    html = (tmp_path / "site/decisions/adr-0001/index.html").read_text()
    assert "2026-01-02 by Ada Reviewer" in html


def test_search_index_keeps_table_cells_apart(sample_site: Path) -> None:
    import gzip
    import json

    texts = []
    for fragment in (sample_site / "pagefind" / "fragment").iterdir():
        page = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        if "/entities/component/default/person-api/" in page["url"]:
            texts.append(page["content"])
    assert texts and "Relation Entity Kind" in texts[0]


def test_a_build_clears_what_killed_builds_left_and_spares_a_running_one(cli, tree) -> None:
    import subprocess
    import sys

    root = tree(
        {
            "mkdocs.yml": "site_name: T\ntheme: {name: material, font: false}\nplugins: [tda]\n",
            "docs/about.md": "# About\n",
            "catalog/a.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\n"
            "metadata: {name: g}\nspec: {type: t, children: []}\n",
        }
    )
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    killed = root / f".tda-build-{gone.pid}-x1y2z3"
    old_site = root / f".site.old-{gone.pid}-site"
    running = root / f".tda-build-{os.getpid()}-a1b2c3"
    for folder in (killed, old_site, running):
        (folder / "half").mkdir(parents=True)
    result = cli("build", "--root", root)
    assert result.exit_code == 0, result.output
    assert not killed.exists() and not old_site.exists()
    assert (running / "half").is_dir()
