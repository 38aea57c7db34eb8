"""SPDX expressions: every malformed value is a reason, never an exception."""

from __future__ import annotations

import pytest

from tda.catalog.spdx import licence_problem


@pytest.mark.parametrize(
    "expression",
    [
        "MIT",
        "mit",
        "GPL-3.0-or-later",
        "Apache-2.0+",
        "MIT OR (Apache-2.0 AND BSD-3-Clause)",
        "Apache-2.0 WITH Classpath-exception-2.0",
        "LicenseRef-Hackney",
        "LicenseRef-Hackney-Proprietary AND MIT",
        "DocumentRef-contract:LicenseRef-Supplier-Terms",
    ],
)
def test_valid_expressions_pass(expression: str) -> None:
    assert licence_problem(expression) is None


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("MIT AND", "ends where a licence id is expected"),
        ("MIT OR", "ends where a licence id is expected"),
        ("MIT/X11", "'/' cannot appear"),
        ("Apache License, Version 2.0", "',' cannot appear"),
        ("Apache License", "'Apache' is not on the SPDX licence list"),
        ("(Apache-2.0) AND ()", "empty parentheses"),
        ('"MIT"', "'\"' cannot appear"),
        ("'MIT'", '"\'" cannot appear'),
        ("<MIT>", "'<' cannot appear"),
        ("((MIT)", "not closed"),
        ("MIT and Apache-2.0", "capitals: AND"),
        ("MIT WITH", "WITH must be followed"),
        ("MIT WITH Nonsense-exception", "not on the SPDX exception list"),
        ("", "empty"),
        ("(" * 5000 + "MIT" + ")" * 5000, "nested too deeply"),
    ],
)
def test_malformed_expressions_give_a_reason(expression: str, reason: str) -> None:
    problem = licence_problem(expression)
    assert problem is not None
    assert reason in str(problem)


def test_gpl_alone_is_not_an_spdx_id_and_the_current_ids_are_named() -> None:
    problem = licence_problem("GPL")
    assert "not on the SPDX licence list" in str(problem)
    assert "GPL-2.0-only" in problem.suggestions
    assert "GPL-3.0-or-later" in problem.suggestions


def test_deprecated_ids_are_errors_naming_their_replacements() -> None:
    assert licence_problem("GPL-2.0").suggestions == ("GPL-2.0-only", "GPL-2.0-or-later")
    assert licence_problem("GPL-3.0+").suggestions == ("GPL-3.0-or-later",)
    assert "deprecated" in str(licence_problem("LGPL-2.1"))
