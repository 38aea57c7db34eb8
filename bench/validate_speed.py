"""Time `tda validate` on a synthetic catalogue against a bare libyaml parse of the same files.

    python bench/validate_speed.py [--entities 10000] [--repeat 3]

Prints the best of N runs for each, in process and as processes (the `tda validate` command
against a Python process that only parses the files with libyaml), the ratios (targets: 1.5 in
process, 1.2 as processes) and each process's peak memory.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write

import tda
from tda.catalog.load import read_descriptors
from tda.config import TdaConfig
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


BARE_PROCESS = """
import sys, yaml
from pathlib import Path
count = 0
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    for _ in yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
        count += 1
print(count)
"""


def run_process(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds and peak memory (KiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command} failed with exit code {process.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def interleaved(
    repeat: int, commands: list[list[str]], cwd: Path
) -> list[tuple[float, float, int]]:
    """Best wall and CPU time and peak memory of each command, run in turns so that a busy
    moment on a shared machine falls on both alike."""
    runs: list[list[tuple[float, float, int]]] = [[] for _ in commands]
    for _ in range(repeat):
        for number, command in enumerate(commands):
            runs[number].append(run_process(command, cwd))
    return [
        (min(r[0] for r in each), min(r[1] for r in each), max(r[2] for r in each)) for each in runs
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # An installed package carries compiled byte code; an editable install under
    # PYTHONDONTWRITEBYTECODE would otherwise compile tda's sources on every run.
    compileall.compile_dir(Path(tda.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root, args.entities, 10)
        files = sorted((root / "catalog").rglob("*.yaml"))
        # Processes first, while this one is still small: a child starts as a copy of it.
        bare_cmd = [sys.executable, "-c", BARE_PROCESS, str(root / "catalog")]
        tda_cmd = [sys.executable, "-m", "tda", "validate", "--root", str(root)]
        (bare_wall, bare_cpu, bare_rss), (tda_wall, tda_cpu, tda_rss) = interleaved(
            args.repeat, [bare_cmd, tda_cmd], root
        )
        parse_time, docs = best_of(args.repeat, lambda: bare_parse(files))
        with gc_paused():
            paused_time, _ = best_of(args.repeat, lambda: bare_parse(files))
        one_core, _ = best_of(args.repeat, lambda: read_descriptors(root, TdaConfig(), workers=1))
        tda_time, catalogue = best_of(args.repeat, lambda: load_catalogue(root))
    summary = catalogue.summary()  # type: ignore[attr-defined]
    print(f"entities: {summary['entities']} in {len(files)} files ({docs} documents)")
    print(f"findings: {summary['errors']} errors, {summary['warnings']} warnings")
    print("as processes (best of each; on a busy machine CPU time is the steadier figure):")
    print(
        f"  bare libyaml-parse process: {bare_wall:.3f} s wall, {bare_cpu:.3f} s CPU, "
        f"peak {bare_rss / 1024:.0f} MiB"
    )
    print(
        f"  tda validate process:       {tda_wall:.3f} s wall, {tda_cpu:.3f} s CPU, "
        f"peak {tda_rss / 1024:.0f} MiB"
    )
    print(
        f"  ratio tda / bare:           {tda_wall / bare_wall:.2f}x wall (target <= 1.2x), "
        f"{tda_cpu / bare_cpu:.2f}x CPU"
    )
    print("in this process:")
    print(f"  bare libyaml parse (yaml.CSafeLoader):  {parse_time:.3f} s")
    # tda pauses the cyclic garbage collector while loading; the same trick on the bare parse:
    print(f"  bare parse, collector paused too:       {paused_time:.3f} s")
    print(f"  tda descriptors on one core:            {one_core:.3f} s")
    print(f"  tda load_catalogue (all checks):        {tda_time:.3f} s")
    print(
        f"  ratio load_catalogue / bare parse:      {tda_time / parse_time:.2f}x (target <= 1.5x)"
    )


if __name__ == "__main__":
    main()
