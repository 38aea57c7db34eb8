"""The README documents every command and every option, so the reference cannot drift.

Each command (groups included) has a `### \\`tda ...\\`` heading, and each of its options is named
in that heading or in the text beneath it. Options every command shares are documented once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest

from tda.cli import main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SHARED_OPTIONS = {"--help", "--root", "--version"}


def commands(group: click.Group = main, prefix: str = "tda") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from commands(command, path)
        else:
            yield path, command


def section(path: str) -> str | None:
    """The README text from the command's heading to the next heading."""
    match = re.search(rf"^### `{re.escape(path)}(?: [^`]*)?`\n(.*?)(?=^##)", README, re.M | re.S)
    return match.group(0) if match else None


def option_names(command: click.Command) -> list[str]:
    names = []
    for param in command.params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            if longest not in SHARED_OPTIONS:
                names.append(longest)
    return names


ALL_COMMANDS = list(commands())


def test_the_walk_finds_nested_commands() -> None:
    paths = [path for path, _ in ALL_COMMANDS]
    assert "tda validate" in paths and "tda adr new" in paths and "tda review agenda" in paths


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=[p for p, _ in ALL_COMMANDS])
def test_command_is_documented_with_every_option(path: str, command: click.Command) -> None:
    text = section(path)
    assert text is not None, f"README has no '### `{path} ...`' section"
    missing = [name for name in option_names(command) if name not in text]
    assert missing == [], f"{path}: options not documented in its README section"


def test_shared_options_are_documented_once() -> None:
    commands_text = README[README.index("## Commands") :]
    for name in SHARED_OPTIONS:
        assert name in commands_text.split("###", 1)[0], name
