"""The `tda` command: parse arguments, call the library, print, choose the exit code."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from tda import __version__, codes
from tda.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FindingsError, InputError, UsageError
from tda.options import DATE, DECISION_ID, KEY_VALUE, NAMESPACE, EntityRefType


class TdaGroup(click.Group):
    """The command group: an OSError anywhere below becomes one clear message naming the path.

    Errors of tda's own (`tda.errors`) are click exceptions already, printed and mapped to their
    exit code by click; this is the one place where anything else is translated.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as error:
            raise InputError.from_os_error(error) from error

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """As click's, but every problem, a usage error included, is one `tda: error:` line."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "tda"
            message = error.format_message()
            click.echo(f"tda: error: {message}\n  hint: see `{command} --help`", err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("tda: aborted", err=True)
            sys.exit(EXIT_FINDINGS)
        sys.exit(result if isinstance(result, int) else EXIT_OK)


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The catalogue repository (where mkdocs.yml is).",
)


MACHINE_FORMATS_HELP = "text for people, json for programs, github for workflow annotations."


def format_option(*choices: str, help: str | None = None) -> Any:
    """`--format` with the given choices; the first is the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


@click.group(cls=TdaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tda")
def main() -> None:
    """Product catalogue and Technical Design Authority tool for public bodies."""


def _load(
    root: Path,
    paths: tuple[Path, ...] | None = None,
    *,
    history: bool = False,
    require_catalog: bool = False,
    cached: bool = False,
) -> Any:
    import gc

    from tda.repository import open_repository

    catalogue = open_repository(
        root, paths or None, history=history, require_catalog=require_catalog, cached=cached
    )
    if _ONE_COMMAND_PROCESS:
        # The catalogue lives until the process ends: without this, the first collection after
        # loading walks its million objects, which costs a large catalogue's query half a second.
        gc.freeze()
    return catalogue


# Set by `run()`: this process runs one command and ends, so what it loads is never garbage.
_ONE_COMMAND_PROCESS = False


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", default="Product catalogue", show_default=True, help="The site's name.")
@click.option(
    "--harvest",
    is_flag=True,
    help="A national catalogue: its only content is other councils' catalogues (sources).",
)
@click.option(
    "--site-url",
    default="https://catalogue.example.org/",
    show_default=True,
    help="Where the site will be published; the sitemap, canonical links and feeds use it.",
)
def init(folder: Path, name: str, harvest: bool, site_url: str) -> None:
    """Lay out a new catalogue repository in FOLDER; existing files are never overwritten."""
    from tda.layout import init_repository

    written, kept = init_repository(folder, name, site_url, harvest=harvest)
    for path in written:
        click.echo(f"wrote {path}")
    for path in kept:
        click.echo(f"kept {path} (it already exists)")
    if harvest:
        click.echo("next: add sources in catalog/sources.yaml, then `tda harvest` and `tda build`")
    else:
        click.echo(
            "next: describe your products in catalog/, then run `tda validate` and `tda build`"
        )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option(
    "text",
    "json",
    "github",
    help="text for people, json for programs, github for workflow annotations.",
)
@click.option(
    "--min-level",
    type=click.Choice(["bronze", "silver", "gold"]),
    default=None,
    help="Also fail when a product's scorecard is below this level (TDA710).",
)
@root_option
def validate(
    paths: tuple[Path, ...], output_format: str, min_level: str | None, root: Path
) -> None:
    """Check descriptors: the catalogue at --root, or the PATHS given, as one catalogue.

    Exits 0 when there are no errors, 1 when there are, 2 on a usage or I/O problem.
    """
    from tda.diagnostics import format_github, format_json, format_text

    catalogue = _load(root, paths, history=True, require_catalog=True)
    if min_level:
        from tda.queries.scores import add_level_findings

        add_level_findings(catalogue, min_level, dt.date.today())
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
        decisions = len(catalogue.decisions.decisions) if catalogue.decisions else 0
        meetings = len(catalogue.governance.meetings) if catalogue.governance else 0
        click.echo(
            f"{summary['files']} files, {summary['entities']} entities, {decisions} decisions, "
            f"{meetings} meetings: {summary['errors']} errors, {summary['warnings']} warnings"
        )
    sys.exit(EXIT_FINDINGS if catalogue.has_errors else EXIT_OK)


@main.command("build")
@click.option("--strict", is_flag=True, help="Stop without building when there are errors.")
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to put the site (default: site_dir of mkdocs.yml, site/).",
)
@root_option
def build_command(strict: bool, site_dir: Path | None, root: Path) -> None:
    """Validate, then build the static site; a failed build leaves the last good site intact."""
    from tda.diagnostics import format_text
    from tda.site.build import build_site

    started = time.perf_counter()
    catalogue = _load(root, history=True)
    summary = catalogue.summary()
    if catalogue.has_errors:
        click.echo(
            format_text(d for d in catalogue.diagnostics if str(d.severity) == "error"), err=True
        )
        if strict:
            raise FindingsError(f"{summary['errors']} errors; nothing was built (--strict)")
    built = build_site(root.resolve(), catalogue, None, site_dir, since=started)
    click.echo(
        f"built {built.pages} pages into {built.site} in {built.seconds:.1f} s "
        f"({summary['errors']} errors, {summary['warnings']} warnings; "
        f"reading and checking {built.reading_seconds:.1f} s, "
        f"site {built.site_seconds - built.search_seconds:.1f} s, "
        f"search index {built.search_seconds:.1f} s)"
    )


@main.command()
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
@root_option
def serve(dev_addr: str, root: Path) -> None:
    """Serve the site locally, rebuilding when catalog/, decisions/ or templates/ change."""
    import os

    from mkdocs.commands.serve import serve as mkdocs_serve

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise UsageError(f"there is no mkdocs.yml in {root}")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _show_build_progress()
    click.echo(f"serving the catalogue at http://{dev_addr}/ (Ctrl+C to stop)")
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


def _show_build_progress() -> None:
    """While serving, each rebuild and the catalogue's errors are shown as they happen, so an
    edit that breaks a descriptor is seen in the terminal, not only on the page."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    # MkDocs' own file-by-file notes are for debugging MkDocs, not the catalogue.
    logging.getLogger("mkdocs.structure").setLevel(logging.WARNING)


@main.command()
@click.argument("kind", required=False)
def schema(kind: str | None) -> None:
    """Print the JSON Schema of descriptors (of one KIND, or of any kind).

    Point your editor's YAML language server at it to get completion and checks as you type.
    """
    from tda.schema import entity_schema

    click.echo(json.dumps(entity_schema(kind), indent=2))


@main.command("codes")
@click.argument("code", required=False)
@format_option("text", "markdown", help="markdown prints the table the README carries.")
def codes_command(code: str | None, output_format: str) -> None:
    """What a finding code means, its default severity and hint; without CODE, every code."""
    from tda.codes import CODES

    chosen = list(CODES.values())
    if code is not None:
        entry = CODES.get(code.upper())
        if entry is None:
            raise UsageError(f"{code!r} is not a tda finding code; `tda codes` lists them")
        chosen = [entry]
    for entry in chosen:
        if output_format == "markdown":
            click.echo(f"| {entry.code} | {entry.severity} | {entry.meaning} |")
        else:
            click.echo(
                f"{entry.code}  {entry.severity:<7}  {entry.meaning}\n    hint: {entry.hint}"
            )


@main.command()
@click.argument("ref")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="How far to follow links.")
@format_option("text", "json", "mermaid")
@root_option
def graph(ref: str, depth: int | None, output_format: str, root: Path) -> None:
    """What REF depends on and what depends on it, transitively, and the decisions binding it.

    REF is an entity reference such as component:person-api (the kind defaults to component),
    or a decision id such as ADR-5: then it shows what changing that decision would touch.
    """
    from tda.decisions.dialects import is_id
    from tda.queries.impact import (
        decision_impact,
        impact,
        render_decision,
        render_json,
        render_mermaid,
        render_text,
    )

    catalogue = _load(root, cached=True)
    if is_id(ref):
        found = catalogue.require_decisions(ref)
        click.echo(
            "\n\n".join(
                render_decision(decision_impact(catalogue, d, depth), output_format) for d in found
            )
        )
        return
    entity_ref = EntityRefType("component").convert(ref, None, None)
    result = impact(catalogue, catalogue.require_entity(entity_ref), depth)
    renderer = {"text": render_text, "json": render_json, "mermaid": render_mermaid}
    click.echo(renderer[output_format](result))


# --- decisions --------------------------------------------------------------------------------

STATUS_CHOICE = click.Choice(
    ["draft", "proposed", "accepted", "rejected", "deprecated", "superseded"], case_sensitive=False
)


@main.group(cls=TdaGroup)
def adr() -> None:
    """Decision records: create, list, show, search, supersede, renumber."""


@adr.command("list")
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--status", "statuses", multiple=True, type=STATUS_CHOICE, help="Only this status (repeatable)."
)
@click.option(
    "--for",
    "for_refs",
    multiple=True,
    type=EntityRefType("component"),
    help="Only decisions binding this entity (repeatable).",
)
@format_option("text", "json")
@root_option
def adr_list(
    path: Path | None,
    statuses: tuple[str, ...],
    for_refs: tuple[Any, ...],
    output_format: str,
    root: Path,
) -> None:
    """List decisions: the catalogue's, or those in the folder PATH (any dialect), read in place."""
    from tda.queries.decision import list_json, list_text, select

    if path is not None:
        from tda.catalog.load import display_path
        from tda.decisions.load import load_decisions

        if not path.is_dir():
            raise UsageError(f"no such folder: {path}")
        log = load_decisions(path.resolve(), display_path, exclude=())
    else:
        log = _load(root, cached=True).decisions
    chosen = select(log.decisions, {s.lower() for s in statuses}, set(for_refs))
    click.echo((list_json if output_format == "json" else list_text)(chosen, log.skipped))


@adr.command("show")
@click.argument("decision_id", type=DECISION_ID)
@root_option
def adr_show(decision_id: str, root: Path) -> None:
    """Show one decision: status, dates and authors from git, entities, supersession, text."""
    from tda.decisions.history import decision_history
    from tda.queries.decision import show_text

    catalogue = _load(root, cached=True)
    found = catalogue.require_decisions(decision_id)
    history = decision_history(catalogue.root, found)
    for number, decision in enumerate(found):
        if number:
            click.echo("\n" + "=" * 72 + "\n")
        click.echo(show_text(decision, catalogue, history))


@adr.command("new")
@click.argument("title")
@click.option(
    "--for",
    "for_refs",
    multiple=True,
    type=EntityRefType("component"),
    help="An entity this decision binds (repeatable).",
)
@click.option(
    "--supersedes", "supersedes", multiple=True, type=DECISION_ID, help="An id it replaces."
)
@click.option(
    "--status",
    type=click.Choice(["draft", "proposed", "accepted", "rejected", "deprecated"], False),
    default="proposed",
    show_default=True,
)
@click.option("--date", "decided", type=DATE, help="Decision date (default today).")
@click.option("--review-by", "review_by", type=DATE, help="When to review it again.")
@root_option
def adr_new(
    title: str,
    for_refs: tuple[Any, ...],
    supersedes: tuple[str, ...],
    status: str,
    decided: dt.date | None,
    review_by: dt.date | None,
    root: Path,
) -> None:
    """Write the next numbered decision record, in MADR 4 with front matter."""
    from tda.decisions.store import NewDecision, months_later, new_decision

    if not title.strip():
        raise UsageError("the title must not be empty")
    catalogue = _load(root)
    entities = [catalogue.require_entity(ref).ref.short() for ref in for_refs]
    decided = decided or dt.date.today()
    record = NewDecision(
        title=title.strip(),
        status=status.lower(),
        date=decided,
        entities=entities,
        supersedes=supersedes,
        review_by=review_by or months_later(decided, catalogue.config.review_period_months),
    )
    click.echo(new_decision(catalogue.decisions, record))


@adr.command("supersede")
@click.argument("old", type=DECISION_ID)
@click.argument("new", type=DECISION_ID)
@root_option
def adr_supersede(old: str, new: str, root: Path) -> None:
    """Record that decision NEW supersedes OLD, in both files."""
    from tda.decisions.store import supersede

    before, after = supersede(_load(root).decisions, old, new)
    if after.status in ("draft", "proposed"):
        click.echo(
            f"{after.id} supersedes {before.id} once accepted: updated {after.display}; "
            f"{before.id} stays {before.status} until then"
        )
    else:
        click.echo(
            f"{after.id} supersedes {before.id}: updated {before.display} and {after.display}"
        )


@adr.command("search")
@click.argument("text")
@root_option
def adr_search(text: str, root: Path) -> None:
    """What did we decide about TEXT: matching lines of decisions (titles, bodies, tags) and
    minutes (items, conditions, dissent, notes)."""
    from tda.queries.search import search, search_text

    if not text.strip():
        raise UsageError("give some text to search for")
    click.echo(search_text(search(_load(root, cached=True), text)))


@adr.command("renumber")
@root_option
def adr_renumber(root: Path) -> None:
    """Give decisions that share a number (after a merge) free numbers, and fix references."""
    from tda.decisions.history import changed_with, first_commit_times
    from tda.decisions.store import renumber

    catalogue = _load(root)
    log = catalogue.decisions
    reviews = [meeting.file for meeting in catalogue.governance.meetings]
    files = [d.file for d in log.decisions]
    order = {path: when.timestamp() for path, when in first_commit_times(root, files).items()}
    stuck: list[Any] = []
    results = renumber(log, reviews, changed_with(root, files + reviews), order, stuck)
    for decision in stuck:
        click.echo(
            f"cannot renumber {decision.display} ({decision.id}, {decision.dialect}): "
            "rename it by hand, or convert it with `tda import adr` first"
        )
    if not results and not stuck:
        click.echo("no decision numbers are shared; nothing to do")
    for item in results:
        click.echo(f"{item.old_id} -> {item.new_id}: {item.old_file.name} -> {item.new_file.name}")
        for path in item.rewritten:
            click.echo(f"  rewrote references in {path}")
        for path, line in item.ambiguous:
            click.echo(f"  check {path}:{line}: mentions {item.old_id}, which may mean either")


@main.group("import", cls=TdaGroup)
def import_group() -> None:
    """Bring records from other tools into this catalogue."""


@import_group.command("adr")
@click.argument("source", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=None)
@root_option
def import_adr(source: Path, into: Path | None, root: Path) -> None:
    """Convert the ADR folder SOURCE (any dialect) into native records (default decisions/)."""
    from tda.config import load_config
    from tda.interop.adr import import_adrs

    report = import_adrs(source, into or root / load_config(root).config.decisions)
    for item in report.imported:
        click.echo(
            f"{item.new_id}  {item.target}  <- {item.source.display} ({item.source.dialect})"
        )
    for item in report.renumbered:
        click.echo(f"note: {item.source.display} was {item.source.id}, now {item.new_id}")
    for skipped in report.skipped:
        click.echo(f"skipped {skipped.display}: {skipped.reason}")
    click.echo(f"{len(report.imported)} imported, {len(report.skipped)} skipped")


# --- reuse across councils: publiccode.yml, Backstage, harvest ----------------------------------


@main.group(cls=TdaGroup)
def publiccode() -> None:
    """publiccode.yml, the file public-sector software catalogues read."""


@publiccode.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@format_option(
    "text",
    "json",
    "github",
    help="text for people, json for programs, github for workflow annotations.",
)
def publiccode_check(files: tuple[Path, ...], output_format: str) -> None:
    """Check publiccode.yml FILES (versions 0.2 to 0.7) against the standard.

    Exits 0 when every file is valid (warnings allowed), 1 when one is not.
    """
    from tda.diagnostics import format_github, format_json, format_text
    from tda.interop.publiccode_check import NOT_CHECKED, check_files, summary

    reports = check_files(files)
    findings = [item for report in reports for item in report.diagnostics]
    if output_format == "json":
        payload = json.loads(format_json(findings, summary(reports)))
        payload["files"] = {report.file: str(report.verdict) for report in reports}
        payload["not_checked"] = list(NOT_CHECKED)
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif output_format == "github":
        if findings:
            click.echo(format_github(findings))
    else:
        if findings:
            click.echo(format_text(findings))
        for report in reports:
            click.echo(f"{report.file}: {report.verdict}")
        click.echo(f"not checked (needs the network or a registry): {', '.join(NOT_CHECKED)}")
    sys.exit(EXIT_FINDINGS if any(r.verdict == "invalid" for r in reports) else EXIT_OK)


@main.group("export", cls=TdaGroup)
def export_group() -> None:
    """Write this catalogue in formats other catalogues read."""


output_option = click.option(
    "--output", type=click.Path(path_type=Path), help="Write to FILE instead of printing."
)
force_option = click.option("--force", is_flag=True, help="Replace the --output file if it exists.")


def _emit(text: str, output: Path | None, force: bool) -> None:
    from tda.interop.export import write_output

    if output is None:
        click.echo(text, nl=False)
    else:
        write_output(text, output, force=force)
        click.echo(f"wrote {output}", err=True)


@export_group.command("publiccode")
@click.argument("ref", type=EntityRefType(default_kind="component"))
@output_option
@force_option
@root_option
def export_publiccode_command(ref: Any, output: Path | None, force: bool, root: Path) -> None:
    """A publiccode.yml (0.4) for the product REF, checked before it is written."""
    from tda.interop.export import export_publiccode

    _emit(export_publiccode(_load(root), ref), output, force)


@export_group.command("backstage")
@output_option
@force_option
@root_option
def export_backstage_command(output: Path | None, force: bool, root: Path) -> None:
    """Every entity as one multi-document YAML file that Backstage ingests unchanged."""
    from tda.interop.export import export_backstage

    _emit(export_backstage(_load(root)), output, force)


@import_group.command("publiccode")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--namespace",
    default="default",
    show_default=True,
    type=NAMESPACE,
    help="Namespace for the new entities, e.g. the body that published them.",
)
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the new descriptors (default: catalog/imported/).",
)
@root_option
def import_publiccode(
    files: tuple[Path, ...], namespace: str, into: Path | None, root: Path
) -> None:
    """Descriptors from other bodies' publiccode.yml FILES, checked before anything is written."""
    from tda.interop.publiccode_import import plan_import, write_planned

    catalogue = _load(root)
    folder = into or catalogue.root / catalogue.config.catalog / "imported"
    planned = plan_import(catalogue, list(files), folder, namespace)
    write_planned(planned)
    for item in planned:
        click.echo(f"{item.component.short()}  {item.target}  <- {item.source}")
    click.echo(f"{len(planned)} imported")


@main.command("harvest")
@click.option("--source", "only", multiple=True, help="Harvest only this source (repeatable).")
@root_option
def harvest_command(only: tuple[str, ...], root: Path) -> None:
    """Fetch other councils' catalogues (the harvest sources) over git, and load them.

    Unchanged sources are not fetched again. A failing source keeps its last good harvest.
    Exits 1 when a source failed or harvested entities conflict, 0 otherwise.
    """
    from tda.diagnostics import format_text
    from tda.harvested import source_of
    from tda.interop.harvest import harvest, iter_findings

    def show(outcome: Any) -> None:
        name = outcome.source.name
        if outcome.status == "failed":
            reason = outcome.finding.message.split(": ", 1)[-1] if outcome.finding else "?"
            click.echo(f"{name}: failed: {reason} (its last good harvest is kept)")
        else:
            commit = (outcome.commit or "")[:12]
            click.echo(
                f"{name}: {outcome.status}, {outcome.entities} entities at {commit} "
                f"({outcome.seconds:.1f} s)"
            )

    catalogue = _load(root)
    settings = [d for d in catalogue.diagnostics if d.code == codes.INVALID_SETTINGS]
    if settings:
        raise FindingsError("the harvest settings are invalid:\n" + format_text(settings))
    outcomes, problems = harvest(root.resolve(), catalogue, only=list(only), progress=show)
    if not outcomes and not problems:
        click.echo("no harvest sources: add Locations of type git, or `harvest:` in mkdocs.yml")
    merged = _load(root)
    conflicts = [
        d
        for d in merged.diagnostics
        if d.code in {codes.ENTITY_FROM_TWO_PLACES, codes.HARVEST_NAMESPACE_CLAIM}
    ]
    findings = [*problems, *iter_findings(outcomes), *conflicts]
    if findings:
        click.echo(format_text(findings))
    harvested = sum(1 for o in outcomes if o.status == "harvested")
    unchanged = sum(1 for o in outcomes if o.status == "unchanged")
    failed = sum(1 for o in outcomes if o.status == "failed")
    click.echo(
        f"{len(outcomes)} sources: {harvested} harvested, {unchanged} unchanged, {failed} failed; "
        f"{sum(1 for entity in merged.entities.values() if source_of(entity))} "
        "harvested entities in the catalogue"
    )
    failing = failed or any(str(d.severity) == "error" for d in [*problems, *conflicts])
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


# --- the Technical Design Authority ------------------------------------------------------------


@main.group(cls=TdaGroup)
def review() -> None:
    """The Technical Design Authority: agendas, meeting records, outcomes, conditions, actions,
    minutes."""


@review.command("agenda")
@click.option("--date", "on", type=DATE, help="The meeting date (default today).")
@format_option("markdown", "json")
@root_option
def review_agenda(on: dt.date | None, output_format: str, root: Path) -> None:
    """The next meeting's agenda: decisions to take, deferred items, re-reviews, conditions,
    open actions (overdue first)."""
    from tda.queries.agenda import build_agenda, render_json, render_markdown

    agenda = build_agenda(_load(root, cached=True), on or dt.date.today())
    click.echo(render_json(agenda) if output_format == "json" else render_markdown(agenda))


@review.command("new")
@click.option("--date", "on", type=DATE, help="The meeting date (default today).")
@root_option
def review_new(on: dt.date | None, root: Path) -> None:
    """Write the meeting record for a date, pre-filled with its agenda; never overwrites."""
    from tda.queries.agenda import new_meeting_record

    click.echo(new_meeting_record(_load(root), on or dt.date.today()))


@review.command("actions")
@click.option(
    "--owner", type=EntityRefType("user"), help="Only actions owned by this person or group."
)
@click.option("--overdue", is_flag=True, help="Only actions past their due date.")
@click.option("--all", "show_all", is_flag=True, help="Include done and dropped actions.")
@root_option
def review_actions(owner: Any, overdue: bool, show_all: bool, root: Path) -> None:
    """Actions from the meeting records: open ones by default, overdue first."""
    from tda.queries.agenda import actions

    today = dt.date.today()
    found = actions(
        _load(root, cached=True), today, owner=owner, overdue_only=overdue, include_closed=show_all
    )
    if not found:
        click.echo("no actions")
    for item in found:
        action = item.action
        flag = "  OVERDUE" if item.overdue(today) else ""
        due = action.due.isoformat() if action.due else "no due date"
        follows = f" ({action.decision})" if action.decision else ""
        click.echo(
            f"{action.id}  {action.status:<7} {due}{flag}  {action.owner}  {action.text}{follows}"
            f"  [{item.meeting.display}]"
        )


@review.command("apply")
@click.argument("day", type=DATE)
@click.option("--yes", is_flag=True, help="Write the changes (without it, only show them).")
@root_option
def review_apply(day: dt.date, yes: bool, root: Path) -> None:
    """Record the outcomes of the meeting on DAY in the decision files: status, review-by,
    conditions, supersession. Shows the changes; writes them only with --yes."""
    from tda.queries.apply import apply_meeting

    report = apply_meeting(_load(root), day, write=yes)
    for note in report.notes:
        click.echo(f"note: {note}")
    for change in report.changes:
        click.echo(f"{change.display}: {'; '.join(dict.fromkeys(change.reasons))}")
        click.echo(change.diff(), nl=False)
    if not report.changes:
        click.echo(f"nothing to change: the decisions already say what {day} decided")
    elif report.written:
        click.echo(f"updated {len(report.changes)} file(s)")
    else:
        click.echo(f"{len(report.changes)} file(s) would change; run again with --yes to write")


@review.command("conditions")
@click.option("--open", "only_open", is_flag=True, help="Only conditions not yet confirmed.")
@format_option("text", "json")
@root_option
def review_conditions(only_open: bool, output_format: str, root: Path) -> None:
    """The register of conditions: each with its decision, the meeting that set it, and the
    later meeting that confirmed it."""
    from tda.queries.conditions import register_json, register_text

    catalogue = _load(root, cached=True)
    render = register_json if output_format == "json" else register_text
    click.echo(render(catalogue, only_open=only_open))


@review.command("minutes")
@click.argument("day", type=DATE)
@format_option("markdown", "docx")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (never replaced); Word documents default to DATE-minutes.docx.",
)
@root_option
def review_minutes(day: dt.date, output_format: str, output: Path | None, root: Path) -> None:
    """The minutes of the meeting on DAY as a document to circulate (Markdown or Word)."""
    from tda.queries.minutes import write_minutes

    written = write_minutes(_load(root), day, output_format, output)
    if isinstance(written, Path):
        click.echo(f"wrote {written}")
    else:
        click.echo(written, nl=False)


# --- scaffolding ------------------------------------------------------------------------------


@main.command()
@click.argument("name", required=False)
@click.option("--output", type=click.Path(path_type=Path), help="Folder for the new repository.")
@click.option(
    "--values",
    "values_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="YAML or JSON file of parameter values.",
)
@click.option("-p", "pairs", multiple=True, type=KEY_VALUE, help="A parameter value (repeatable).")
@click.option("--dry-run", is_flag=True, help="Show the steps and files, and write nothing.")
@click.option("--no-input", is_flag=True, help="Never prompt; fail listing missing values.")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
@click.option("--skip-unsupported", is_flag=True, help="Leave out steps tda cannot run.")
@root_option
def scaffold(
    name: str | None,
    output: Path | None,
    values_file: Path | None,
    pairs: tuple[tuple[str, str], ...],
    dry_run: bool,
    no_input: bool,
    force: bool,
    skip_unsupported: bool,
    root: Path,
) -> None:
    """Create a new service from a template; without NAME, list the templates."""
    from tda.catalog.template import unsupported_features
    from tda.scaffold.inputs import ask_for_values, find_template, given_values
    from tda.scaffold.run import Options, checked_values, default_output
    from tda.scaffold.run import scaffold as run_template

    catalogue = _load(root)
    if name is None:
        if not catalogue.templates:
            click.echo(f"no templates in {root / catalogue.config.templates}")
        for template in catalogue.templates:
            click.echo(f"{template.name:<24} {template.title}: {template.description}")
        return
    template = find_template(catalogue, name)
    for feature in unsupported_features(template):
        click.echo(f"note: {feature}", err=True)
    values = given_values(template, values_file, pairs)
    if not no_input:
        values = ask_for_values(template, values, catalogue, dry_run=dry_run)
    values = checked_values(template, values, catalogue)
    output = output or default_output(template, values, root)
    options = Options(
        output.resolve(), dry_run=dry_run, force=force, skip_unsupported=skip_unsupported
    )
    outcome = run_template(template, values, catalogue, options)
    would = " it would write" if dry_run else ""
    if dry_run:
        click.echo(f"dry run of {template.name}: nothing was written")
    click.echo("steps:")
    for step in outcome.steps:
        click.echo(f"  {step}")
    click.echo(f"files{would} in {outcome.output}:")
    for file in outcome.files:
        click.echo(f"  {file}")
    for path, target in zip(outcome.registered, outcome.registered_as, strict=False):
        click.echo(f"{'would register' if dry_run else 'registered'} in {path} -> {target}")
    for path in outcome.decisions:
        click.echo(f"decision{would or ' written'}: {path}")
    for line in outcome.log:
        click.echo(f"log: {line}")
    for line in outcome.links:
        click.echo(f"output: {line}")
    for note in outcome.notes:
        click.echo(f"note: {note}", err=True)
    if outcome.commit:
        click.echo(f"first commit {outcome.commit[:10]}")
    if dry_run and outcome.push_to:
        click.echo(f"would push to {outcome.push_to}")
    if outcome.pushed_to:
        click.echo(f"pushed to {outcome.pushed_to}")
    outcome.raise_for_push()


# --- outcomes, the technology radar, scorecards ------------------------------------------------


@main.command()
@click.argument("ref", required=False, type=EntityRefType("component"))
@format_option("text", "json", "markdown")
@click.option("--date", "on", type=DATE, help="Judge progress as of this date (default today).")
@root_option
def outcomes(ref: Any, output_format: str, on: dt.date | None, root: Path) -> None:
    """Progress of each key result against its baseline, target and due date, and the
    products without outcomes; with REF, one product's."""
    from tda.queries.outcomes import outcomes_report, render_json, render_markdown, render_text

    catalogue = _load(root, cached=True)
    only = catalogue.require_entity(ref) if ref is not None else None
    report = outcomes_report(catalogue, on or dt.date.today(), only)
    renderer = {"text": render_text, "json": render_json, "markdown": render_markdown}
    click.echo(renderer[output_format](report))


@main.command()
@format_option("text", "json", "svg")
@root_option
def radar(output_format: str, root: Path) -> None:
    """The technology radar from accepted decisions (superseded ones are history), and the
    products built on a technology on hold."""
    from tda.queries.radar import build_radar, decision_file_link, render_json, render_svg
    from tda.queries.radar import render_text as radar_text

    catalogue = _load(root, cached=True)
    result = build_radar(catalogue)
    if output_format == "svg":
        click.echo(render_svg(result, decision_file_link(catalogue)))
    else:
        click.echo(render_json(result) if output_format == "json" else radar_text(result))


@main.command()
@click.argument("ref", required=False, type=EntityRefType("component"))
@format_option("text", "json")
@click.option("--date", "on", type=DATE, help="Score as of this date (default today).")
@root_option
def score(ref: Any, output_format: str, on: dt.date | None, root: Path) -> None:
    """Scorecards: each product's level (bronze, silver, gold), score, and the rules it fails
    with how to fix them; with REF, one product's."""
    from tda.queries.scores import render_json, render_text, scorecards

    catalogue = _load(root, cached=True)
    only = catalogue.require_entity(ref) if ref is not None else None
    cards = scorecards(catalogue, on or dt.date.today(), only)
    click.echo(render_json(cards) if output_format == "json" else render_text(cards))


def run() -> None:
    """The console entry point: a bug in tda is reported in one line, not a traceback.

    Set TDA_DEBUG=1 to see the traceback when reporting it.
    """
    import gc
    import os

    global _ONE_COMMAND_PROCESS
    _ONE_COMMAND_PROCESS = True
    try:
        main(prog_name="tda")
    except Exception as error:
        if os.environ.get("TDA_DEBUG"):
            raise
        click.echo(
            f"tda: internal error: {type(error).__name__}: {error} "
            "(run again with TDA_DEBUG=1 to see where, and report it)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    finally:
        # A large catalogue leaves a million objects behind; the collector's last pass at
        # exit would walk them all only to find nothing to free.
        gc.freeze()
