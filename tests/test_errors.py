"""Every problem reaches the user as one `tda: error:` line with exit code 2, naming the path,
option or value concerned; only a bug in tda is an internal error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


def tda(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tda", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("tda: error: ")
    return result.stderr


def test_an_os_error_names_the_path(tmp_path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    message = one_error(tda("init", blocker / "x"))
    assert f"{blocker / 'x'}" in message and "Not a directory" in message


@pytest.mark.parametrize("date", ["2025-13-45", "05/16/2025", "16/05/2025", "yesterday"])
def test_a_bad_date_is_a_usage_error_naming_the_option(date: str) -> None:
    message = one_error(tda("review", "agenda", "--root", REPO, "--date", date))
    assert "'--date'" in message and date in message
    assert "hint: see `tda review agenda --help`" in message


def test_a_folder_that_is_not_a_catalogue_is_refused_and_nothing_is_written(tmp_path) -> None:
    message = one_error(tda("review", "new", "--root", tmp_path))
    assert "is not a catalogue repository" in message
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_entity_suggests_what_was_meant() -> None:
    message = one_error(tda("graph", "component:persn-api", "--root", REPO))
    assert "did you mean component:person-api?" in message


def test_an_unknown_decision_is_named() -> None:
    assert "ADR-0999" in one_error(tda("adr", "show", "adr-999", "--root", REPO))


def test_an_unknown_command_is_one_line() -> None:
    assert "No such command" in one_error(tda("nosuch"))


def test_help_still_exits_0() -> None:
    result = tda("adr", "--help")
    assert result.returncode == 0 and "Usage: tda adr" in result.stdout
