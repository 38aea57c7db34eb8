"""Site search that a phone can afford at any scale: a Pagefind index split into chunks.

Material's built-in search puts every page's text into one JSON file that each browser fetches
whole (18 MB for a national catalogue). Pagefind splits its index by word and its excerpts by
page, so a browser fetches only the chunks its query needs. The index is made from the built
HTML, after MkDocs has written the site and before the site is put in place, and is served
from the site itself: no third-party load.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tda.errors import BuildError

SEARCH_PAGE = "search/index.md"
SEARCH_SCRIPT = "assets/tda/search.js"
SEARCH_STYLE = "assets/tda/search.css"
BUNDLE = "pagefind"
# Only the page body is indexed: the header, navigation and footer are on every page and would
# make every page match their words.
ROOT_SELECTOR = "article"
TIMEOUT_SECONDS = 1800


def search_page_markdown() -> str:
    """The Search page: a form that works with the keyboard, results announced as they come."""
    return (Path(__file__).parent / "templates" / "search.md").read_text(encoding="utf-8")


def pagefind_executable() -> Path:
    """The Pagefind binary that the `pagefind[bin]` package installs beside tda."""
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise BuildError(
            "search needs Pagefind: install it with `pip install 'pagefind[bin]'`, or set "
            "`search: material` under the tda plugin in mkdocs.yml"
        ) from error
    try:
        return get_executable()
    except FileNotFoundError as error:
        raise BuildError(f"the Pagefind binary is missing: {error}") from error


def index_site(site: Path) -> Path:
    """Write the search index of the built site into site/pagefind/ and return that folder."""
    if not (site / "index.html").is_file():
        raise BuildError(f"there is no built site to index in {site}")
    command = [
        str(pagefind_executable()),
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--root-selector",
        ROOT_SELECTOR,
        "--silent",
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildError(f"Pagefind could not index {site}: {error}") from error
    bundle = site / BUNDLE
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (done.stderr or done.stdout).strip()[-2000:] or f"exit code {done.returncode}"
        raise BuildError(f"Pagefind could not index {site}: {said}")
    return bundle
