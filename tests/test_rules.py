"""Catalogue-wide checks: each with a case that trips it and one that passes."""

from __future__ import annotations

from tda.repository import load_catalogue

HEAD = "apiVersion: backstage.io/v1alpha1\n"


def entity(kind: str, name: str, spec: str) -> str:
    return f"{HEAD}kind: {kind}\nmetadata: {{name: {name}}}\nspec: {spec}\n---\n"


TEAM = entity("Group", "housing-products", "{type: team, children: []}")


def codes(root) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in load_catalogue(root).diagnostics]


def test_unresolved_reference_suggests_the_nearest_name(tree) -> None:
    root = tree(
        {
            "catalog/x.yaml": TEAM
            + entity("Component", "svc", "{type: service, lifecycle: production, owner: housing}")
        }
    )
    [(code, message)] = codes(root)
    assert code == "TDA201"
    assert (
        message
        == "spec.owner 'group:housing' is not in the catalogue (did you mean group:housing-products?)"
    )


def test_resolved_references_pass(tree) -> None:
    root = tree(
        {
            "catalog/x.yaml": TEAM
            + entity(
                "Component",
                "svc",
                "{type: service, lifecycle: production, owner: housing-products}",
            )
        }
    )
    assert codes(root) == []


def test_duplicate_entity_names_both_places(tree) -> None:
    root = tree(
        {
            "catalog/a.yaml": TEAM,
            "catalog/b.yaml": TEAM.replace("housing-products", "Housing-Products"),
        }
    )
    catalogue = load_catalogue(root)
    [problem] = catalogue.diagnostics
    assert problem.code == "TDA202"
    assert problem.file == str(root / "catalog/b.yaml")
    assert f"first defined at {root / 'catalog/a.yaml'}:1:1" in problem.message


def test_cycle_in_a_hierarchy_is_reported_once(tree) -> None:
    root = tree(
        {
            "catalog/x.yaml": TEAM
            + entity(
                "Component",
                "a",
                "{type: s, lifecycle: l, owner: housing-products, subcomponentOf: b}",
            )
            + entity(
                "Component",
                "b",
                "{type: s, lifecycle: l, owner: housing-products, subcomponentOf: c}",
            )
            + entity(
                "Component",
                "c",
                "{type: s, lifecycle: l, owner: housing-products, subcomponentOf: a}",
            )
            + entity("Group", "p", "{type: team, parent: q, children: []}")
            + entity("Group", "q", "{type: team, parent: p, children: []}")
        }
    )
    found = codes(root)
    assert found == [
        (
            "TDA203",
            "spec.subcomponentOf forms a cycle: component:a -> component:b -> component:c -> component:a",
        ),
        ("TDA203", "spec.parent forms a cycle: group:p -> group:q -> group:p"),
    ]


def test_owner_must_be_a_group_or_user(tree) -> None:
    root = tree(
        {
            "catalog/x.yaml": TEAM
            + entity("System", "sys", "{owner: housing-products}")
            + entity("Component", "svc", "{type: s, lifecycle: l, owner: system:sys}")
            + entity("Component", "ok", "{type: s, lifecycle: l, owner: user:me}")
            + entity("User", "me", "{memberOf: [housing-products]}")
        }
    )
    assert codes(root) == [
        ("TDA204", "spec.owner points at system:sys, a System; expected group or user")
    ]


def test_reference_to_the_wrong_kind(tree) -> None:
    root = tree(
        {
            "catalog/x.yaml": TEAM
            + entity(
                "Component",
                "svc",
                "{type: s, lifecycle: l, owner: housing-products, system: component:other}",
            )
            + entity("Component", "other", "{type: s, lifecycle: l, owner: housing-products}")
        }
    )
    assert [c for c, _ in codes(root)] == ["TDA205"]


def test_a_deep_chain_is_no_cycle_and_a_long_cycle_is_one_finding(tree) -> None:
    size = 1500
    spec = "{{type: s, lifecycle: l, owner: housing-products, subcomponentOf: c{}}}"
    chain = "".join(entity("Component", f"c{i}", spec.format(i - 1)) for i in range(1, size))
    root = tree({"catalog/chain.yaml": TEAM + entity("Component", "c0", spec.format(size - 1))})
    (root / "catalog/more.yaml").write_text(chain, encoding="utf-8")
    found = codes(root)
    assert [code for code, _ in found] == ["TDA203"]
    assert found[0][1] == (
        "spec.subcomponentOf forms a cycle: component:c0 -> component:c1499 -> component:c1498"
        " -> component:c1497 -> component:c1496 -> ... -> component:c4 -> component:c3"
        " -> component:c2 -> component:c1 -> component:c0 (1500 entities)"
    )
    (root / "catalog/chain.yaml").write_text(
        TEAM + entity("Component", "c0", "{type: s, lifecycle: l, owner: housing-products}"),
        encoding="utf-8",
    )
    assert codes(root) == []


def test_many_missing_references_each_get_their_own_suggestion(tree) -> None:
    services = "".join(
        entity("Component", f"payments-{i}", "{type: s, lifecycle: l, owner: housing-products}")
        for i in range(300)
    )
    clients = "".join(
        entity(
            "Component",
            f"client-{i}",
            f"{{type: s, lifecycle: l, owner: housing-products, dependsOn: [component:paymnets-{i}]}}",
        )
        for i in range(300)
    )
    root = tree({"catalog/a.yaml": TEAM + services + clients})
    found = codes(root)
    assert len(found) == 300
    assert all(
        f"did you mean component:payments-{message.split('paymnets-')[1].split(chr(39))[0]}?"
        in message
        for _, message in found
    )


def test_a_name_that_contains_the_one_written_is_suggested(tree) -> None:
    root = tree(
        {
            "catalog/x.yaml": TEAM
            + entity("Component", "svc", "{type: s, lifecycle: l, owner: products}")
        }
    )
    assert "did you mean group:housing-products?" in codes(root)[0][1]


def test_contacts_written_as_references_must_be_in_the_catalogue(tree) -> None:
    root = tree(
        {
            "catalog/x.yaml": TEAM
            + entity("User", "jane", "{memberOf: []}")
            + entity(
                "Component",
                "svc",
                "{type: s, lifecycle: l, owner: housing-products,"
                " contacts: [user:jane, user:nobody, jnae, {name: Team}]}",
            )
        }
    )
    found = [(d.code, d.message, d.line) for d in load_catalogue(root).diagnostics]
    assert found == [
        ("TDA201", "spec.contacts 'user:nobody' is not in the catalogue", 14),
        (
            "TDA201",
            "spec.contacts 'user:jnae' is not in the catalogue (did you mean user:jane?)",
            14,
        ),
    ]


def test_a_finding_after_a_broken_document_is_still_located(tree) -> None:
    root = tree(
        {
            "catalog/x.yaml": TEAM
            + "kind: [broken\n---\n"
            + entity("Component", "svc", "{type: s, lifecycle: l, owner: housing-productz}")
        }
    )
    found = [(d.code, d.line, d.column) for d in load_catalogue(root).diagnostics]
    assert found == [("TDA004", 7, 1), ("TDA201", 11, 38)]
