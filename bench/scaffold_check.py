"""Time what the checks in staging add to `tda scaffold`: a product-record run (dry) on the
sample catalogue and on a synthetic one, with the catalogue check and without it.

    python bench/scaffold_check.py [--entities 2000] [--repeat 3]

Prints the best of N runs for each.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write

import tda.scaffold.run as run_module
from tda.repository import open_repository
from tda.scaffold.run import Options, checked_values, scaffold

REPO = Path(__file__).resolve().parents[1]
VALUES = {
    "name": "parking-permits",
    "title": "Parking permits",
    "description": "Residents apply for parking permits.",
    "owner": "group:tda",
}


def best_of(repeat: int, root: Path, checked: bool) -> float:
    catalogue = open_repository(root)
    [template] = [t for t in catalogue.templates if t.name == "product-record"]
    values = checked_values(template, VALUES)
    original = run_module.check_in_staging
    if not checked:
        run_module.check_in_staging = lambda *_, **__: None
    try:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            options = Options(root / "catalog/products/parking-permits", dry_run=True)
            scaffold(template, values, catalogue, options)
            times.append(time.perf_counter() - start)
    finally:
        run_module.check_in_staging = original
    return min(times)


def sample(into: Path) -> Path:
    for name in ("catalog", "decisions", "templates", "docs"):
        shutil.copytree(REPO / name, into / name)
    shutil.copy(REPO / "mkdocs.yml", into / "mkdocs.yml")
    return into


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = sample(Path(folder) / "sample")
        large = sample(Path(folder) / "large")
        write(large / "catalog" / "generated", args.entities, 10)
        for label, root in (("sample", small), (f"{args.entities} more entities", large)):
            with_check = best_of(args.repeat, root, True)
            without = best_of(args.repeat, root, False)
            print(
                f"{label}: {with_check:.2f} s with the checks in staging, "
                f"{without:.2f} s without (+{with_check - without:.2f} s)"
            )


if __name__ == "__main__":
    main()
