"""Search with a Pagefind index: made for every build, fetched in chunks, used in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.test_browser import WCAG_AA

MINIMAL = {
    "docs/about.md": "# About\n",
    "catalog/a.yaml": (
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: zebra-crossing-team}\n"
        "spec: {type: team, children: []}\n"
    ),
}


def _mkdocs_yml(extra: str = "") -> str:
    return "site_name: T\ntheme: {name: material, font: false}\nplugins:\n  - search\n  - tda:" + (
        f"\n      {extra}\n" if extra else " {}\n"
    )


def test_the_sample_site_has_a_chunked_index_and_a_search_page(sample_site: Path) -> None:
    bundle = sample_site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert len(list((bundle / "index").iterdir())) > 1  # split: a query fetches only its chunks
    assert len(list((bundle / "fragment").iterdir())) > 100  # one excerpt file a page
    assert (sample_site / "search/index.html").is_file()
    # Material's single index, which every browser would fetch whole, is not made.
    assert not (sample_site / "search/search_index.json").exists()
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    nav = home.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert 'href="search/"' in nav
    assert 'data-md-component="search"' not in home


def test_material_search_can_be_chosen_instead(cli, tree) -> None:
    root = tree({"mkdocs.yml": _mkdocs_yml("search: material"), **MINIMAL})
    built = cli("build", "--root", root)
    assert built.exit_code == 0, built.output
    assert (root / "site/search/search_index.json").is_file()
    assert not (root / "site/pagefind").exists()
    assert not (root / "site/search/index.html").exists()


def test_an_unknown_search_setting_is_refused_naming_it(cli, tree) -> None:
    root = tree({"mkdocs.yml": _mkdocs_yml("search: google"), **MINIMAL})
    checked = cli("validate", "--root", root)
    assert "plugins.tda.search" in checked.output and "TDA" in checked.output


def test_plain_mkdocs_build_indexes_too(tree, tmp_path: Path) -> None:
    import subprocess
    import sys

    root = tree({"mkdocs.yml": _mkdocs_yml(), **MINIMAL})
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out/pagefind/pagefind.js").is_file()
    assert (tmp_path / "out/search/index.html").is_file()


def test_the_summary_line_counts_the_whole_command(cli, tree) -> None:
    root = tree({"mkdocs.yml": _mkdocs_yml(), **MINIMAL})
    built = cli("build", "--root", root)
    assert built.exit_code == 0, built.output
    found = re.search(
        r"in (\d+\.\d) s \(0 errors, 0 warnings; reading and checking (\d+\.\d) s, "
        r"site (\d+\.\d) s, search index (\d+\.\d) s\)",
        built.output,
    )
    assert found, built.output
    whole, reading, site, index = (float(g) for g in found.groups())
    # The parts add up to the whole, to the rounding of each.
    assert abs(whole - (reading + site + index)) <= 0.2
    assert (root / "site/pagefind/pagefind.js").is_file()  # the index was made, and timed


def test_a_hand_written_search_page_is_kept(cli, tree) -> None:
    root = tree({"mkdocs.yml": _mkdocs_yml(), **MINIMAL, "docs/search/index.md": "# Mine\n"})
    built = cli("build", "--root", root)
    assert built.exit_code == 0, built.output
    assert "Mine" in (root / "site/search/index.html").read_text(encoding="utf-8")


def _search(page, base: str, query: str) -> None:
    page.goto(base + "search/")
    page.locator("#tda-search-input").fill(query)
    page.locator("#tda-search-results li").first.wait_for(timeout=15_000)


def test_typing_a_query_shows_results_that_link_to_pages(page, sample_server: str) -> None:
    _search(page, sample_server, "Person API")
    first = page.locator("#tda-search-results li a").first
    assert "Person API" in first.inner_text()
    assert re.search(r"\d+ results", page.locator("#tda-search-status").inner_text())
    first.click()
    assert "/person-api/" in page.url


def test_search_works_with_the_keyboard_alone(page, sample_server: str) -> None:
    page.goto(sample_server + "search/")
    page.locator("#tda-search-input").focus()
    page.keyboard.type("tenure")
    page.keyboard.press("Enter")
    page.locator("#tda-search-results li").first.wait_for(timeout=15_000)
    assert "q=tenure" in page.url  # the query can be bookmarked and shared
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # the first result
    focused = page.evaluate("document.activeElement.closest('#tda-search-results') !== null")
    assert focused
    # The count is announced to screen readers as it changes.
    status = page.locator("#tda-search-status")
    assert status.get_attribute("role") == "status" and "result" in status.inner_text()


def test_a_query_in_the_address_runs_on_load_and_more_results_come_on_request(
    page, sample_server: str
) -> None:
    page.goto(sample_server + "search/?q=api")
    page.locator("#tda-search-results li").first.wait_for(timeout=15_000)
    assert page.locator("#tda-search-results li").count() == 10
    page.locator("#tda-search-more").click()
    page.wait_for_function("document.querySelectorAll('#tda-search-results li').length > 10")


def test_no_match_says_so(page, sample_server: str) -> None:
    page.goto(sample_server + "search/")
    # Pagefind matches word prefixes, so the query shares no first letters with any word.
    page.locator("#tda-search-input").fill("jjjjkkkk")
    page.wait_for_function(
        "document.getElementById('tda-search-status').textContent.includes('No results')"
    )
    assert page.locator("#tda-search-results li").count() == 0


def test_the_first_search_fetches_a_few_chunks_and_only_from_the_site(
    page, sample_server: str, sample_site: Path
) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    _search(page, sample_server, "Person API")
    assert fetched and all(url.startswith(sample_server) for url in fetched)
    assert not [url for url in fetched if url.endswith("search_index.json")]
    chunks = [url for url in fetched if "/pagefind/index/" in url]
    assert 0 < len(chunks) < len(list((sample_site / "pagefind/index").iterdir()))
    excerpts = [url for url in fetched if "/pagefind/fragment/" in url]
    assert len(excerpts) == 10  # only the results shown, not every page's


@pytest.mark.parametrize("width", [390, 1280])
def test_the_search_page_with_results_meets_wcag_22_aa(
    browser, sample_server: str, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    _search(page, sample_server, "Person API")
    results = Axe().run(page)
    violations = [
        f"{v['id']}: {v['help']} at " + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if set(v["tags"]) & WCAG_AA
    ]
    context.close()
    assert violations == []


def test_no_sideways_scroll_at_320_px(browser, sample_server: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    _search(page, sample_server, "Person API")
    page.locator("#tda-search-more").wait_for(state="visible")
    wider = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    context.close()
    assert not wider


def test_hostile_text_found_by_search_is_shown_not_run(page, hostile_server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _search(page, hostile_server, "script alert")
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator("#tda-search-results script, #tda-search-results img").count() == 0
    hrefs = page.locator("#tda-search-results a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(h.startswith(hostile_server) for h in hrefs)


def test_results_link_right_when_the_site_is_served_below_the_root(
    page, sample_site: Path, tmp_path: Path
) -> None:
    from tests.site.conftest import _Server

    (tmp_path / "catalogue").symlink_to(sample_site, target_is_directory=True)
    server = _Server(tmp_path)
    try:
        _search(page, server.base + "catalogue/", "Person API")
        href = page.locator("#tda-search-results a").first.get_attribute("href")
        assert href is not None and href.startswith(server.base + "catalogue/entities/")
        page.locator("#tda-search-results a").first.click()
        assert page.title().startswith("Person API")
    finally:
        server.close()


def test_indexing_a_folder_with_no_site_says_which(tmp_path: Path) -> None:
    from tda.errors import BuildError
    from tda.site.search import index_site

    with pytest.raises(BuildError, match=str(tmp_path)):
        index_site(tmp_path)
    assert not (tmp_path / "pagefind").exists()


def test_an_own_navigation_keeps_the_search_page_reachable_by_address(cli, tree) -> None:
    root = tree({"mkdocs.yml": _mkdocs_yml() + "nav:\n  - About: about.md\n", **MINIMAL})
    built = cli("build", "--root", root)
    assert built.exit_code == 0, built.output
    assert (root / "site/search/index.html").is_file()
    assert (root / "site/pagefind/pagefind.js").is_file()
