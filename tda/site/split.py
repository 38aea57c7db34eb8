"""Rendering a large site's pages on two cores.

MkDocs renders one page at a time through the theme's template, the largest share of a big
build once tda's pages reach it as finished HTML. After every page's content is ready (MkDocs'
`env` event), a forked process renders every other page with the very same data and writes
it, while MkDocs renders the rest: it is handed an empty template for the pages the other
process writes, and MkDocs writes no file for an empty page.

Only `tda build` asks for this, and only when no other plugin could see a page that was not
rendered in its process (a plugin's `page_context` or `post_page` event, say).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

# Below this many pages a second process costs more than it saves.
SPLIT_FROM_PAGES = 400
# Plugins known to do nothing per page that another process would need to see.
_PLUGINS_SAFE_TO_SPLIT = frozenset({"tda", "search", "material/search"})
ELSEWHERE = "tda-rendered-elsewhere.html"
_SKIPPED_NOTE = "Generated empty output"


class RenderedElsewhere:
    """A forked process rendering some of the pages; `finish` waits for it and reports."""

    def __init__(self, pid: int, reader: int, pages: int) -> None:
        self.pid, self.reader, self.pages = pid, reader, pages

    def finish(self) -> str | None:
        """Wait for the other process; its error, or None when every page was written."""
        with os.fdopen(self.reader, "rb") as pipe:
            report = pipe.read().decode("utf-8", errors="replace")
        _, status = os.waitpid(self.pid, 0)
        _stop_filtering()
        if os.waitstatus_to_exitcode(status) == 0:
            return None
        return report or f"the second rendering process ended with status {status}"

    def abandon(self) -> None:
        """The build failed here: stop the other process and collect it."""
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.reader)
        _stop_filtering()


def can_split(config: MkDocsConfig, pages: int) -> bool:
    if pages < SPLIT_FROM_PAGES or not hasattr(os, "fork"):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return cores >= 2 and set(config.plugins) <= _PLUGINS_SAFE_TO_SPLIT


def render_half_elsewhere(
    env: Any, config: MkDocsConfig, files: Files, nav: Navigation
) -> RenderedElsewhere | None:
    """Fork a process that renders every other page; mark those pages for MkDocs to skip."""
    doc_files = [file for file in files.documentation_pages() if file.page is not None]
    if not can_split(config, len(doc_files)):
        return None
    theirs = doc_files[1::2]
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the forked process, which never returns
        os.close(reader)
        _end_with(parent)
        _render_and_exit(theirs, config, doc_files, nav, env, writer)
    os.close(writer)
    _skip_here(env, theirs)
    return RenderedElsewhere(pid, reader, len(theirs))


def _end_with(parent: int) -> None:  # pragma: no cover - runs in the forked process
    """Have the kernel end this process when the build it works for ends, however that ends
    (Linux), so that a killed build leaves nothing running that could still write pages."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _skip_here(env: Any, theirs: Sequence[File]) -> None:

    env.loader = _WithElsewhere(env.loader)
    for file in theirs:
        assert file.page is not None
        file.page.meta["template"] = ELSEWHERE
    logging.getLogger("mkdocs.commands.build").addFilter(_not_skipped_note)


class _WithElsewhere:
    """The theme's own template loader, which also knows the empty template: a template it
    cannot find is reported in its own words."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def get_source(self, environment: Any, template: str) -> tuple[str, str | None, Any]:
        if template == ELSEWHERE:
            return "", None, lambda: True
        return self.inner.get_source(environment, template)  # type: ignore[no-any-return]

    def load(self, environment: Any, name: str, globals: Any = None) -> Any:
        if name == ELSEWHERE:
            return environment.from_string("", globals)
        return self.inner.load(environment, name, globals)


def _stop_filtering() -> None:
    logging.getLogger("mkdocs.commands.build").removeFilter(_not_skipped_note)


def _not_skipped_note(record: logging.LogRecord) -> bool:
    # MkDocs notes each empty page it does not write; here each one was written elsewhere.
    return _SKIPPED_NOTE not in record.getMessage()


def _render_and_exit(
    theirs: Sequence[File],
    config: MkDocsConfig,
    doc_files: Sequence[File],
    nav: Navigation,
    env: Any,
    writer: int,
) -> None:  # pragma: no cover - runs in the forked process
    from mkdocs.commands.build import _build_page

    status = 0
    current = "?"
    try:
        for file in theirs:
            assert file.page is not None
            current = file.src_uri
            _build_page(
                file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded()
            )
    except BaseException as error:  # reported to the parent, which fails the build
        status = 1
        said = f"error building page '{current}': {type(error).__name__}: {error}"
        os.write(writer, said.encode()[:8000])
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(status)
