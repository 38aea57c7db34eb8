"""`tda build`: validate, build into a temporary folder, and swap it into place on success."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tda.catalogue import Catalogue
from tda.errors import BuildError
from tda.processes import remove_abandoned, signals_interrupt


@dataclass(frozen=True, slots=True)
class Built:
    """A built site and where the time went; `seconds` is the whole command's, from `since`."""

    site: Path
    pages: int
    seconds: float
    site_seconds: float = 0.0
    search_seconds: float = 0.0

    @property
    def reading_seconds(self) -> float:
        """Loading, validation and history: whatever came before MkDocs started."""
        return max(0.0, self.seconds - self.site_seconds)


def build_site(
    root: Path,
    catalogue: Catalogue,
    history: object = None,
    site_dir: Path | None = None,
    *,
    since: float | None = None,
) -> Built:
    """Build into a staging folder beside the target and swap it in; `since` is the
    `time.perf_counter()` at which the command began, so its reading time is counted too."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(f"there is no mkdocs.yml in {root}; `tda init` writes one")
    started = time.perf_counter()
    loaded = None
    problems = _Collector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(problems)
    try:
        loaded = load_config(config_file=str(config_file))
        target = (site_dir or Path(loaded.site_dir)).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(target.parent, STAGING_PREFIX)
        remove_abandoned(target.parent, f".{target.name}.old-")
        prefix = f"{STAGING_PREFIX}{os.getpid()}-"
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
        loaded.site_dir = str(staging)
        plugin = loaded.plugins.get("tda")
        if plugin is None:
            raise BuildError("mkdocs.yml does not list the tda plugin under plugins:")
        plugin.provide(catalogue, history)  # type: ignore[attr-defined]
        plugin.split = True  # type: ignore[attr-defined]
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        with signals_interrupt():
            build(loaded)
    except (MkDocsException, OSError) as error:
        _clean_up(locals().get("plugin"), locals().get("staging"))
        details = "; ".join(problems.messages) or str(error)
        raise BuildError(f"the site could not be built: {details}") from error
    except BaseException:
        # Ctrl+C or an error in tda itself: MkDocs tells its plugins only of its own errors.
        _clean_up(locals().get("plugin"), locals().get("staging"))
        raise
    finally:
        mkdocs_log.removeHandler(problems)
    pages = sum(1 for _ in staging.rglob("*.html"))
    _swap(staging, target)
    finished = time.perf_counter()
    return Built(
        target,
        pages,
        finished - (started if since is None else since),
        site_seconds=finished - started,
        search_seconds=getattr(plugin, "search_seconds", 0.0),
    )


def _clean_up(plugin: object, staging: Path | None) -> None:
    """After a failed build: stop a second rendering process first, so that it cannot write
    into the staging folder again once that is removed."""
    if plugin is not None and hasattr(plugin, "abandon"):
        plugin.abandon()
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)


# A build in progress writes into `.tda-build-<its process id>-<random>` beside the site.
STAGING_PREFIX = ".tda-build-"


class _Collector(logging.Handler):
    """MkDocs logs the reason for a failed build and raises a generic error; keep the reason."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _swap(staging: Path, target: Path) -> None:
    """Replace the old site with the new one in two renames, so a reader never sees half."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-site")
        os.rename(target, old)
    os.rename(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
