"""Harvest N generated councils from local bare repositories: first run, second run, one change.

python bench/harvest_speed.py [--councils 50] [--products 20]

Prints the wall time of each run and of loading the harvested national catalogue.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
        cwd=cwd, env=ENV, check=True, capture_output=True,
    )  # fmt: skip


def council_files(index: int, products: int) -> dict[str, str]:
    team = (
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: digital\n"
        "spec:\n  type: team\n  children: []\n"
    )
    docs = []
    for number in range(products):
        based = ""
        if index and number == 0:
            based = (
                "  basedOn:\n    - name: shared product\n"
                f"      url: https://git.example/council-0/product-{number}\n"
            )
        docs.append(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
            f"  name: product-{number}\n  description: Product {number} of council {index}.\n"
            "spec:\n  type: website\n  lifecycle: production\n  owner: digital\n"
            f"  phase: live\n  licence: MIT\n"
            f"  repository: https://git.example/council-{index}/product-{number}\n" + based
        )
    return {"catalog/team.yaml": team, "catalog/products.yaml": "---\n".join(docs)}


def make_council(base: Path, index: int, products: int) -> Path:
    work = base / "work" / f"council-{index}"
    for relative, text in council_files(index, products).items():
        path = work / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "catalogue")
    bare = base / "remotes" / f"council-{index}.git"
    git(base, "clone", "-q", "--bare", str(work), str(bare))
    return bare


def run_harvest(root: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tda", "harvest", "--root", str(root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    print(f"    {done.stdout.strip().splitlines()[-1]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--councils", type=int, default=50)
    parser.add_argument("--products", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        started = time.perf_counter()
        bares = [make_council(base, i, args.products) for i in range(args.councils)]
        print(f"made {args.councils} councils in {time.perf_counter() - started:.1f} s")
        root = base / "national"
        (root / "catalog").mkdir(parents=True)
        lines = ["site_name: National catalogue", "plugins:", "  - tda:", "      harvest:"]
        for index, bare in enumerate(bares):
            lines += [f"        - name: council-{index}", f"          url: {bare.as_uri()}"]
        (root / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        first = run_harvest(root)
        print(f"first harvest:  {first:.1f} s")
        second = run_harvest(root)
        print(f"second harvest (nothing changed): {second:.1f} s")
        work = base / "work" / "council-7"
        (work / "catalog" / "extra.yaml").write_text(
            council_files(7, 1)["catalog/products.yaml"].replace("product-0", "extra"),
            encoding="utf-8",
        )
        git(work, "add", "-A")
        git(work, "commit", "-q", "-m", "one more")
        git(work, "push", "-q", str(bares[7]), "main")
        third = run_harvest(root)
        print(f"third harvest (one council changed): {third:.1f} s")
        from tda.repository import open_repository

        started = time.perf_counter()
        catalogue = open_repository(root)
        print(
            f"load national catalogue: {time.perf_counter() - started:.1f} s, "
            f"{len(catalogue.entities)} entities, {len(catalogue.harvest)} sources"
        )


if __name__ == "__main__":
    main()
