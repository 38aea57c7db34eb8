"""Build the same decision records with log4brains and with tda, and print both times.

    python bench/decisions_peer.py [--decisions 2000] [--log4brains PATH] [--keep DIR]

Makes one git repository (bench/national.py, decisions only: no descriptors, no meetings) that
both tools read: log4brains through .log4brains.yml, tda through mkdocs.yml, the same
Markdown files with the same git history. log4brains is installed from npm into a temporary
folder (never into this repository) unless --log4brains names its executable. Prints each
tool's wall time and the CPU time of it and its children, since the machine may be shared,
and the ratios.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent

LOG4BRAINS_CONFIG = """\
---
project:
  name: Decisions
  tz: Europe/London
  adrFolder: ./decisions
"""

TDA_CONFIG = """\
site_name: Decisions
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - tda:
      review_required: []
"""


def make_repository(out: Path, decisions: int) -> None:
    """Decision records only, in git, ten to a commit as bench/national.py writes them; then
    the descriptors and meeting records are removed, so both tools read the same files."""
    subprocess.run(
        [sys.executable, str(HERE / "national.py"), str(out), "--councils", "1",
         "--decisions", str(decisions), "--meetings", str(max(1, decisions // 10))],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    shutil.rmtree(out / "catalog", ignore_errors=True)
    shutil.rmtree(out / "decisions" / "reviews", ignore_errors=True)
    (out / "catalog").mkdir()
    (out / "catalog" / ".keep").write_text("", encoding="utf-8")
    (out / "docs").mkdir(exist_ok=True)
    (out / "mkdocs.yml").write_text(TDA_CONFIG, encoding="utf-8")
    (out / ".log4brains.yml").write_text(LOG4BRAINS_CONFIG, encoding="utf-8")
    (out / ".gitignore").write_text("site/\nout/\n", encoding="utf-8")
    git = ["git", "-C", str(out), "-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "Decisions only"], check=True)


def install_log4brains(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text('{"name": "peer", "private": true}\n')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "log4brains"],
        cwd=folder, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return folder / "node_modules" / ".bin" / "log4brains"


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time, and CPU time of the command and every process it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{args[0]} failed ({done.returncode}):\n{(done.stderr or done.stdout)[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--log4brains", type=Path, help="the log4brains executable to use")
    parser.add_argument("--keep", type=Path, help="make the repository here and keep it")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="tda-peer-"))
    repo = args.keep or scratch / "repo"
    if not (repo / ".log4brains.yml").is_file():
        make_repository(repo, args.decisions)
    log4brains = args.log4brains or install_log4brains(scratch / "npm")
    env_note = f"{args.decisions} decisions in git, {os.cpu_count()} cores"
    print(f"== decisions site: {env_note}")
    shutil.rmtree(repo / "site", ignore_errors=True)
    shutil.rmtree(repo / "out", ignore_errors=True)
    tda_wall, tda_cpu = timed([str(BIN / "tda"), "build", "--root", str(repo)], repo)
    tda_pages = sum(1 for _ in (repo / "site" / "decisions").glob("*/index.html"))
    print(f"tda build         {tda_wall:8.1f} s wall {tda_cpu:8.1f} s CPU {tda_pages:6d} pages")
    peer_wall, peer_cpu = timed([str(log4brains), "build", "--out", str(repo / "out")], repo)
    peer_pages = sum(1 for _ in (repo / "out" / "adr").rglob("*.html"))
    print(f"log4brains build  {peer_wall:8.1f} s wall {peer_cpu:8.1f} s CPU {peer_pages:6d} pages")
    if peer_pages < tda_pages:
        print(f"warning: log4brains wrote {peer_pages} pages, tda {tda_pages}: no comparison")
    wall_ratio, cpu_ratio = peer_wall / tda_wall, peer_cpu / tda_cpu
    print(f"log4brains / tda  {wall_ratio:8.1f} x wall {cpu_ratio:8.1f} x CPU")
    if args.keep is None:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
