"""The site shows the TDA's record: conditions register, re-review list, a decision's conditions."""

from __future__ import annotations

import datetime as dt

from tda.repository import load_catalogue
from tda.site.generate import generate
from tests.conftest import REPO


def _pages():
    catalogue = load_catalogue(REPO)
    pages, _ = generate(catalogue, today=dt.date(2026, 12, 3))
    return {p.src: p.markdown for p in pages}


def test_register_re_review_and_decision_conditions() -> None:
    pages = _pages()
    register = pages["tda/conditions.md"]
    assert "TDA-C002" in register and "not yet confirmed" in register
    assert "Every extract into the data platform has a named owner in DataHub" in register
    assert "confirmed at the meeting of" in register and "2026-11-26" in register
    re_review = pages["tda/re-review.md"]
    assert "ADR-0008" in re_review and "ADR-0005" not in re_review  # re-approved 2026-11-26
    page = pages["decisions/adr-0008.md"]
    assert 'id="conditions"' in page and "confirmed at the meeting of" in page
    assert 'id="conditions"' not in pages["decisions/adr-0001.md"]


def test_a_decision_with_no_status_shows_as_such(tmp_path) -> None:
    from tests.conftest import write_tree
    from tests.governance.conftest import org

    write_tree(
        tmp_path,
        {
            "catalog/org.yaml": org(),
            "decisions/0001-a.md": "---\ndate: 2026-01-01\nentities: []\n---\n# A\n\n## Decision\n\nA.\n",
        },
    )
    pages, _ = generate(load_catalogue(tmp_path), today=dt.date(2026, 2, 1))
    page = next(p.markdown for p in pages if p.src == "decisions/adr-0001.md")
    assert ">no status</span>" in page and ">accepted<" not in page
