"""The `tda` command: parse arguments, call the library, print, choose the exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from tda import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> NoReturn:
    click.echo(f"tda: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The catalogue repository (where mkdocs.yml is).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tda")
def main() -> None:
    """Product catalogue and Technical Design Authority tool for public bodies."""


def _load(root: Path, paths: tuple[Path, ...] | None = None) -> Any:
    from tda.catalog.load import load_catalogue
    from tda.config import load_config

    if not root.is_dir():
        fail(f"no such folder: {root}")
    for path in paths or ():
        if not path.exists():
            fail(f"no such file or folder: {path}")
    loaded = load_config(root)
    catalogue = load_catalogue(root, loaded.config, list(paths) if paths else None)
    if loaded.diagnostics:
        catalogue.diagnostics[:0] = loaded.diagnostics
    return catalogue


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for workflow annotations.",
)
@root_option
def validate(paths: tuple[Path, ...], output_format: str, root: Path) -> None:
    """Check descriptors: the catalogue at --root, or the PATHS given, as one catalogue.

    Exits 0 when there are no errors, 1 when there are, 2 on a usage or I/O problem.
    """
    from tda.diagnostics import format_github, format_json, format_text

    catalogue = _load(root, paths)
    summary = catalogue.summary()
    if output_format == "json":
        click.echo(format_json(catalogue.diagnostics, summary))
    elif output_format == "github":
        text = format_github(catalogue.diagnostics)
        if text:
            click.echo(text)
    else:
        text = format_text(catalogue.diagnostics)
        if text:
            click.echo(text)
        click.echo(
            f"{summary['files']} files, {summary['entities']} entities: "
            f"{summary['errors']} errors, {summary['warnings']} warnings"
        )
    sys.exit(EXIT_FINDINGS if catalogue.has_errors else EXIT_OK)


@main.command()
@click.argument("kind", required=False)
def schema(kind: str | None) -> None:
    """Print the JSON Schema of descriptors (of one KIND, or of any kind).

    Point your editor's YAML language server at it to get completion and checks as you type.
    """
    from tda.schema import entity_schema, kind_names

    try:
        document = entity_schema(kind)
    except KeyError:
        fail(f"unknown kind {kind!r}; known kinds: {', '.join(kind_names())}")
    click.echo(json.dumps(document, indent=2))


@main.command()
@click.argument("ref")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="How far to follow links.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "mermaid"]),
    default="text",
    show_default=True,
)
@root_option
def graph(ref: str, depth: int | None, output_format: str, root: Path) -> None:
    """What REF depends on and what depends on it, transitively.

    REF is an entity reference such as component:person-api (the kind defaults to component).
    """
    from tda.impact import find_entity, impact, render_json, render_mermaid, render_text

    catalogue = _load(root)
    entity, problem = find_entity(catalogue, ref)
    if entity is None:
        fail(problem)
    result = impact(catalogue, entity, depth)
    renderer = {"text": render_text, "json": render_json, "mermaid": render_mermaid}
    click.echo(renderer[output_format](result))


if __name__ == "__main__":  # pragma: no cover
    main()
