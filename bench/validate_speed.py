"""Time `tda validate` on a synthetic catalogue against a bare libyaml parse of the same files.

    python bench/validate_speed.py [--entities 10000] [--repeat 3]

Prints the best of N runs for each, and the ratio (target: at most 1.5).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write

from tda.repository import load_catalogue
from tda.yamlio import gc_paused


def bare_parse(files: list[Path]) -> int:
    count = 0
    for path in files:
        for _ in yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
            count += 1
    return count


def best_of(repeat: int, work) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root, args.entities, 10)
        files = sorted((root / "catalog").rglob("*.yaml"))
        parse_time, docs = best_of(args.repeat, lambda: bare_parse(files))
        with gc_paused():
            paused_time, _ = best_of(args.repeat, lambda: bare_parse(files))
        tda_time, catalogue = best_of(args.repeat, lambda: load_catalogue(root))
    summary = catalogue.summary()  # type: ignore[attr-defined]
    print(f"entities: {summary['entities']} in {len(files)} files ({docs} documents)")
    print(f"findings: {summary['errors']} errors, {summary['warnings']} warnings")
    print(f"bare libyaml parse (yaml.CSafeLoader): {parse_time:.3f} s")
    print(f"tda validate (load_catalogue):         {tda_time:.3f} s")
    print(f"ratio tda / bare parse:                {tda_time / parse_time:.2f}x (target <= 1.5x)")
    # tda pauses the cyclic garbage collector while loading; the same trick on the bare parse:
    print(f"bare parse, collector paused too:      {paused_time:.3f} s")
    print(f"ratio tda / that:                      {tda_time / paused_time:.2f}x")


if __name__ == "__main__":
    main()
