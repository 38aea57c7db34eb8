"""Time `tda validate` on catalogues built to find superlinear checks, next to a normal one.

    python bench/pathological.py [--size 3000] [--entities 10000]

Each case is validated in a fresh process (`python -m tda validate`), as a user would run it;
every case should take about as long as reading its files (target: under 2 s each).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write

HEADER = "apiVersion: backstage.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\n"
TEAM = HEADER.format(kind="Group", name="team") + "spec:\n  type: team\n  children: []\n"


def component(name: str, extra: str = "") -> str:
    return (
        HEADER.format(kind="Component", name=name)
        + "spec:\n  type: service\n  lifecycle: production\n  owner: team\n"
        + extra
    )


def write_docs(root: Path, docs: list[str], per_file: int = 100) -> None:
    catalog = root / "catalog"
    catalog.mkdir(parents=True)
    for number, start in enumerate(range(0, len(docs), per_file)):
        text = "---\n".join(docs[start : start + per_file])
        (catalog / f"part-{number:04d}.yaml").write_text(text, encoding="utf-8")


def deep_chain(root: Path, size: int) -> None:
    """c0 <- c1 <- ... <- cN: every component a subcomponent of the one before."""
    docs = [TEAM, component("c0")]
    docs += [component(f"c{i}", f"  subcomponentOf: c{i - 1}\n") for i in range(1, size)]
    write_docs(root, docs)


def chain_into_a_cycle(root: Path, size: int) -> None:
    """The same chain with its root pointing at its last link: one cycle of `size`."""
    docs = [TEAM, component("c0", f"  subcomponentOf: c{size - 1}\n")]
    docs += [component(f"c{i}", f"  subcomponentOf: c{i - 1}\n") for i in range(1, size)]
    write_docs(root, docs)


def missing_references(root: Path, size: int) -> None:
    """`size` references, each to a different entity that does not exist."""
    docs = [TEAM]
    docs += [component(f"service-{i}") for i in range(size)]
    docs += [
        component(f"client-{i}", f"  dependsOn: [component:servise-{i}-gone]\n")
        for i in range(size)
    ]
    write_docs(root, docs)


def normal(root: Path, entities: int) -> None:
    write(root, entities, 10)


def run_validate(root: Path, *paths: str) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds of one `tda validate` process, and its summary line.

    CPU time is printed too because the wall clock of a shared machine includes waiting.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tda", "validate", "--root", str(root), *paths],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    last = (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]
    return elapsed, cpu, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--entities", type=int, default=10_000)
    args = parser.parse_args()
    cases = [
        (f"normal catalogue, {args.entities:,} entities", lambda r: normal(r, args.entities), ()),
        (
            f"normal catalogue, one sub-folder of {args.entities:,}",
            lambda r: normal(r, args.entities),
            ("catalog/part-000",),
        ),
        (f"subcomponentOf chain {args.size:,} deep", lambda r: deep_chain(r, args.size), ()),
        (f"cycle of {args.size:,}", lambda r: chain_into_a_cycle(r, args.size), ()),
        (
            f"{args.size:,} references to missing entities",
            lambda r: missing_references(r, args.size),
            (),
        ),
    ]
    for label, build, paths in cases:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            build(root)
            elapsed, cpu, last = run_validate(root, *paths)
        print(f"{label:<46} {elapsed:6.2f} s wall {cpu:6.2f} s CPU   {last[:60]}")


if __name__ == "__main__":
    main()
