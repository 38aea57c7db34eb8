"""Decisions and the catalogue, both ways, and the supersession checks (TDA4xx)."""

from __future__ import annotations

from pathlib import Path

from tda.catalog.refs import parse_ref
from tda.config import TdaConfig
from tda.repository import load_catalogue as load_with_reviews
from tests.conftest import REPO


def load_catalogue(root: Path):
    """These checks are about records alone; the review rules have their own tests."""
    return load_with_reviews(root, TdaConfig(review_required=[]))


TEAM = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: housing-products}\nspec: {type: team, children: []}\n"
API = "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: person-api}\nspec: {type: service, lifecycle: production, owner: housing-products}\n"


def decision(status: str = "accepted", **fields: str) -> str:
    extra = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\nstatus: {status}\n{extra}---\n# A decision\n"


def findings(root: Path) -> list[tuple[str, str, int | None]]:
    (root / "catalog").mkdir(exist_ok=True)
    return [(d.code, Path(d.file or "").name, d.line) for d in load_catalogue(root).diagnostics]


def test_entities_resolve_and_every_entity_knows_its_decisions(tree) -> None:
    root = tree(
        {
            "catalog/a.yaml": TEAM + API,
            "decisions/0001-a.md": decision(entities="[component:person-api]"),
        }
    )
    catalogue = load_catalogue(root)
    assert catalogue.diagnostics == []
    assert [d.id for d in catalogue.decisions_for(parse_ref("component:person-api"))] == [
        "ADR-0001"
    ]


def test_unknown_entity_is_an_error_with_a_suggestion(tree) -> None:
    root = tree(
        {
            "catalog/a.yaml": TEAM + API,
            "decisions/0001-a.md": decision(entities="[component:person-apy]"),
        }
    )
    [problem] = load_catalogue(root).diagnostics
    assert (problem.code, problem.line) == ("TDA404", 3)
    assert "did you mean component:person-api?" in problem.message


def test_supersession_must_be_recorded_on_both_sides(tree) -> None:
    root = tree(
        {
            "decisions/0001-old.md": decision("accepted"),
            "decisions/0002-new.md": decision("accepted", supersedes="[ADR-1]"),
        }
    )
    found = findings(root)
    assert found == [("TDA406", "0002-new.md", 3)]
    consistent = tree(
        {"decisions/0001-old.md": decision("superseded", **{"superseded-by": "[ADR-2]"})}
    )
    assert findings(consistent) == []


def test_superseded_record_must_say_superseded(tree) -> None:
    root = tree(
        {
            "decisions/0001-old.md": decision("accepted", **{"superseded-by": "[ADR-2]"}),
            "decisions/0002-new.md": decision("accepted", supersedes="[ADR-1]"),
        }
    )
    assert findings(root) == [("TDA406", "0001-old.md", 2)]


def test_dangling_supersedes(tree) -> None:
    root = tree({"decisions/0002-new.md": decision("accepted", supersedes="[ADR-9]")})
    assert findings(root) == [("TDA405", "0002-new.md", 3)]


def test_supersession_cycle(tree) -> None:
    root = tree(
        {
            "decisions/0001-a.md": decision(
                "superseded", supersedes="[ADR-2]", **{"superseded-by": "[ADR-2]"}
            ),
            "decisions/0002-b.md": decision(
                "superseded", supersedes="[ADR-1]", **{"superseded-by": "[ADR-1]"}
            ),
        }
    )
    assert [code for code, *_ in findings(root)] == ["TDA407"]


def test_duplicate_numbers_name_both_files(tree) -> None:
    root = tree(
        {"catalog/.keep": "", "decisions/0012-a.md": decision(), "decisions/0012-b.md": decision()}
    )
    [problem] = load_catalogue(root).diagnostics
    assert problem.code == "TDA408"
    assert "0012-a.md" in problem.message and "0012-b.md" in problem.message


def test_invalid_front_matter_and_file_names(tree) -> None:
    root = tree(
        {
            "decisions/0001-a.md": decision("accepted", date="last tuesday"),
            "decisions/Use_X.md": decision(),
        }
    )
    assert findings(root) == [("TDA410", "0001-a.md", 3), ("TDA411", "Use_X.md", 1)]


def test_unknown_status_keeps_its_text_and_warns(tree) -> None:
    root = tree({"catalog/.keep": "", "decisions/0001-a.md": decision("trialling")})
    catalogue = load_catalogue(root)
    [problem] = catalogue.diagnostics
    assert (problem.code, str(problem.severity)) == ("TDA403", "warning")
    d = catalogue.decisions.get("ADR-1")
    assert (d.status, d.status_text) == ("proposed", "trialling")


def test_sample_decisions() -> None:
    catalogue = load_with_reviews(REPO)
    log = catalogue.decisions
    assert len(log.decisions) >= 12
    assert {d.status for d in log.decisions} == {
        "draft",
        "proposed",
        "accepted",
        "rejected",
        "deprecated",
        "superseded",
    }
    old, new = log.get("ADR-3"), log.get("ADR-5")
    assert (old.status, old.superseded_by, new.supersedes) == (
        "superseded",
        ["ADR-0005"],
        ["ADR-0003"],
    )
    assert all(d.entities for d in log.decisions)
    assert [d for d in catalogue.diagnostics if str(d.severity) == "error"] == []
