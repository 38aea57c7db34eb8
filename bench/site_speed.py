"""Time `tda build` on synthetic catalogues of growing size, to show it stays linear.

    python bench/site_speed.py [--sizes 500,2000,5000]

For each size it prints the pages built, seconds, and milliseconds per page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write

from tda.repository import load_catalogue
from tda.site.build import build_site

MKDOCS = (
    "site_name: Bench\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - tda\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="500,2000,5000")
    args = parser.parse_args()
    print(f"{'entities':>9} {'pages':>7} {'load s':>7} {'build s':>8} {'ms/page':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            write(root, size, 10)
            (root / "docs").mkdir()
            (root / "docs" / "about.md").write_text("# About\n")
            (root / "mkdocs.yml").write_text(MKDOCS)
            started = time.perf_counter()
            catalogue = load_catalogue(root)
            loaded = time.perf_counter() - started
            built = build_site(root, catalogue, None, root / "site")
            per_page = built.seconds / built.pages * 1000
            print(
                f"{size:>9} {built.pages:>7} {loaded:>7.2f} {built.seconds:>8.2f} {per_page:>8.2f}"
            )


if __name__ == "__main__":
    main()
