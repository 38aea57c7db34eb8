"""Pages for many councils: harvested products with council and provenance, a filter by
council, a page per council, adoption across councils, and each publiccode.yml offered."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interop.test_harvest import Council, national, product


@pytest.fixture
def built(tmp_path: Path, cli) -> Path:
    camden = Council(
        tmp_path,
        "camden",
        {
            "catalog/products.yaml": product(
                "report-a-pothole",
                extra="""\
          usedBy:
            - organisation: Islington Council
              evidence: verified
          contacts:
            - name: Ada Lovelace
              email: ada@camden.example
          publiccode:
            categories: [digital-citizenship]
            features: [Report with a photo]
            longDescription: >-
              Residents report potholes with a photo and a map pin. The highways team sees every
              report on one board, sends a crew, and tells the resident when it is repaired.
        """,
            ),
            "decisions/0001-use-postgres.md": "---\nstatus: proposed\ndate: 2026-01-05\n---\n# Use PostgreSQL\n",
        },
    )
    islington = Council(
        tmp_path,
        "islington",
        {
            "catalog/products.yaml": product(
                "potholes",
                extra="""\
          basedOn:
            - name: Report a pothole
              url: https://github.com/example/report-a-pothole
        """,
            ),
        },
    )
    root = national(tmp_path, {"camden": camden, "islington": islington})
    assert cli("harvest", "--root", root).exit_code == 0
    result = cli("build", "--root", root)
    assert result.exit_code == 0, result.output
    return root / "site"


def test_product_page_shows_council_provenance_and_adopters(built: Path) -> None:
    html = (built / "entities/component/camden/report-a-pothole/index.html").read_text()
    assert "Where this comes from" in html and "Camden Council" in html
    assert "remotes/camden.git" in html
    assert "Councils that use it or built on it" in html
    assert "Islington Council" in html and "built on it" in html
    assert "publiccode.yml" in html


def test_publiccode_of_each_open_source_product_is_offered(built: Path) -> None:
    from tda.interop.publiccode_check import Verdict, check_text

    offered = built / "publiccode/camden/report-a-pothole/publiccode.yml"
    assert offered.is_file()
    assert check_text(offered.read_text(), "publiccode.yml").verdict is not Verdict.INVALID


def test_councils_index_filters_by_council(built: Path) -> None:
    html = (built / "councils/index.html").read_text()
    assert 'data-facet="council"' in html
    assert 'data-council="Islington Council"' in html and 'data-council="Camden Council"' in html


def test_a_page_per_council_with_its_recent_decisions(built: Path) -> None:
    html = (built / "councils/camden/index.html").read_text()
    assert "report-a-pothole" in html and "Use PostgreSQL" in html


def test_an_open_source_product_without_what_the_standard_needs_says_what_is_missing(
    built: Path,
) -> None:
    html = (built / "entities/component/islington/potholes/index.html").read_text()
    assert "no publiccode.yml yet" in html and "spec.contacts is missing" in html
    assert not (built / "publiccode/islington/potholes/publiccode.yml").exists()
