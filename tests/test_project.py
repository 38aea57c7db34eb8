"""The project's own promises: documented commands, lint-clean code, honest CI."""

from __future__ import annotations

import re
import subprocess
import sys

from tda.diagnostics import CODES
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_diagnostic_code_is_documented() -> None:
    for code in CODES:
        assert re.search(rf"^\| {code} \| {CODES[code].severity} \|", README, re.M), code


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
