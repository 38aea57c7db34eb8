"""The project's own promises: documented commands, lint-clean code, honest CI."""

from __future__ import annotations

import re
import subprocess
import sys

from tda.diagnostics import CODES
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_code_table_is_the_code_table() -> None:
    rows = re.findall(r"^\| (TDA\d{3}) \| (\w+) \| (.+) \|$", README, re.M)
    documented = {code: (severity, meaning) for code, severity, meaning in rows}
    expected = {c.code: (str(c.severity), c.meaning) for c in CODES.values()}
    assert documented == expected


def test_every_code_has_a_hint() -> None:
    assert [code for code, entry in CODES.items() if not entry.hint] == []


def test_codes_are_named_by_constants_not_text() -> None:
    literals = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "tda").rglob("*.py"))
        if path.name != "codes.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"[\"']TDA\d{3}[\"']", line)
    ]
    assert literals == []


def test_ci_runs_the_readme_test_command() -> None:
    match = re.search(r"Run the whole test suite:\n\n    (.+)\n", README)
    assert match, "the README names no test command"
    assert match.group(1) in (REPO / ".ci/run").read_text(encoding="utf-8")


def test_code_is_lint_clean_and_formatted() -> None:
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
