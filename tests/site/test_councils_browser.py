"""The councils pages in a real browser: the council filter works, WCAG 2.2 AA holds, and a
council's hostile name runs no script."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from tda.cli import main
from tests.interop.test_harvest import Council, national, product
from tests.site.conftest import _Server
from tests.site.test_browser import WCAG_AA

HOSTILE = '<img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def national_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("councils")
    camden = Council(
        base,
        "camden",
        {
            "catalog/p.yaml": product(
                "report-a-pothole",
                extra="""\
      usedBy:
        - organisation: Islington Council
    """,
            )
        },
    )
    islington = Council(base, "islington", {"catalog/p.yaml": product("potholes")})
    root = national(base, {"camden": camden, "islington": islington})
    text = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(text.replace("Islington Council", f"'{HOSTILE}'"))
    runner = CliRunner()
    assert runner.invoke(main, ["harvest", "--root", str(root)]).exit_code == 0
    built = runner.invoke(main, ["build", "--root", str(root)])
    assert built.exit_code == 0, built.output
    server = _Server(root / "site")
    yield server.base
    server.close()


def test_the_council_filter_narrows_the_table(page, national_server: str) -> None:
    page.goto(national_server + "councils/")
    page.select_option("#tda-filter-council", "Camden Council")
    councils = page.locator("#tda-council-products tbody tr:not([hidden])").evaluate_all(
        "rows => rows.map(r => r.dataset.council)"
    )
    assert councils and set(councils) == {"Camden Council"}


PATHS = ["councils/", "councils/camden/", "entities/component/camden/report-a-pothole/"]


@pytest.fixture
def sized(browser):
    """A page at a given width: sized(390) gives a phone-sized tab."""
    contexts = []

    def open_at(width: int):
        context = browser.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", PATHS)
def test_councils_pages_meet_wcag_22_aa(sized, national_server: str, path: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = sized(width)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(national_server + path)
    results = Axe().run(page)
    violations = [
        (v["id"], [n["target"][0] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if set(v["tags"]) & WCAG_AA
    ]
    assert violations == []
    assert dialogs == []


@pytest.mark.parametrize("path", PATHS)
def test_councils_pages_reflow_at_320_px(sized, national_server: str, path: str) -> None:
    tab = sized(320)
    tab.goto(national_server + path)
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


@pytest.mark.parametrize("path", ["councils/", "councils/islington/"])
def test_a_hostile_council_name_is_text(page, national_server: str, path: str) -> None:
    page.goto(national_server + path)
    assert HOSTILE in page.locator("main").inner_text()
    assert page.locator("main img[src='x']").count() == 0
