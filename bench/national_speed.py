"""Measure tda at national scale, next to the floor and to peers, in one run.

    python bench/national_speed.py [--repo DIR | --councils 50] [--skip-build] [--sample]

Makes the national repository with bench/national.py (unless --repo names one), then prints:
- `tda validate` as a process, git history included, and a bare libyaml parse of the same
  files as a process, with the ratio;
- `tda build` wall time and peak memory, and a plain `mkdocs build` of the same Markdown pages
  with the same theme, with the ratio;
- site size, and the bytes Chromium really fetches from opening the search page to seeing
  the first results (the page, its styles and scripts, Pagefind's code, and the index chunks
  and excerpts that query needs), counted by the local server that serves the site;
- `tda graph` and `tda review agenda` times, the first (which loads the catalogue and keeps
  it) and the next (which use the kept catalogue);
- the time `tda serve` takes to rebuild after one descriptor, one decision and one meeting
  record change (from the file written to MkDocs' "built" line).
With --sample the same figures are printed for the sample catalogue too. Every time is the
best of the runs made; peak memory is the child process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
# On a shared machine wall time counts the other users too; CPU time does not.
CPU: dict[str, float] = {}

BARE_PARSE = """
import sys, yaml
from pathlib import Path
count = 0
for path in sorted(Path(sys.argv[1]).rglob('*.yaml')):
    count += sum(1 for _ in yaml.load_all(path.read_bytes(), Loader=yaml.CSafeLoader))
for path in sorted(Path(sys.argv[2]).rglob('*.md')):
    text = path.read_text(encoding='utf-8')
    if text.startswith('---'):
        end = text.find('\\n---', 3)
        if end > 0:
            yaml.load(text[3:end], Loader=yaml.CSafeLoader)
"""

PLAIN_MKDOCS = """\
site_name: Plain
docs_dir: {docs}
site_dir: {site}
theme:
  name: material
  font: false
plugins:
  - search
"""


def timed(args: list[str], cwd: Path, repeat: int = 1) -> tuple[float, int, int]:
    """Best wall time of the command, its own peak memory in MB, and its exit code; the CPU
    time of its best run (its own and its children's, such as git) goes in CPU[args[1]]."""
    best, peak, code = float("inf"), 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert child.stderr is not None
        errors = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if wall < best:
            CPU[args[1]] = usage.ru_utime + usage.ru_stime
        best = min(best, wall)
        peak = max(peak, usage.ru_maxrss // 1024)
        code = child.returncode
        if code not in (0, 1):
            sys.stderr.write(errors.decode(errors="replace")[-2000:])
    return best, peak, code


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and adds up the bytes of every file it sends."""

    sent: ClassVar[list[tuple[str, int]]] = []

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        self.sent.append((self.path, len(data)))
        outputfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def first_search_bytes(site: Path, query: str = "api") -> tuple[int, int] | None:
    """What Chromium really fetches from opening the search page to seeing the first results:
    (bytes, files), uncompressed as Python's server sends them. None without Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    _CountingHandler.sent = []
    handler = functools.partial(_CountingHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 390, "height": 844})
            if (site / "pagefind").is_dir():
                page.goto(base + "search/")
                page.locator("#tda-search-input").fill(query)
                page.locator("#tda-search-results li").first.wait_for(timeout=300_000)
            else:  # Material's own search box, whose index is one file
                page.goto(base)
                page.keyboard.press("s")
                page.keyboard.type(query)
                page.locator(".md-search-result__item").first.wait_for(timeout=300_000)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return sum(size for _, size in _CountingHandler.sent), len(_CountingHandler.sent)


def measure(root: Path, label: str, skip_build: bool, repeat: int) -> None:
    print(f"\n== {label}: {root}")
    tda = str(BIN / "tda")
    validate, validate_mb, _ = timed([tda, "validate", "--root", str(root)], root, repeat)
    bare, _, _ = timed(
        [sys.executable, "-c", BARE_PARSE, str(root / "catalog"), str(root / "decisions")],
        root,
        repeat,
    )
    git = "with git history" if (root / ".git").exists() else "no git, no history"
    print(f"tda validate (process, {git:16s}) {validate:8.2f} s  {validate_mb:6d} MB peak")
    print(f"  CPU time                               {CPU['validate']:8.2f} s")
    print(f"bare libyaml parse (process)             {bare:8.2f} s")
    print(f"ratio                                    {validate / bare:8.2f} x")
    # The first question loads the catalogue and keeps it (tda.cache); the next ones use it.
    with tempfile.TemporaryDirectory() as cache_home:
        os.environ["XDG_CACHE_HOME"] = cache_home
        graph_cmd = [tda, "graph", "--root", str(root), _some_component(root)]
        agenda_cmd = [tda, "review", "agenda", "--root", str(root)]
        for label, command in (("tda graph", graph_cmd), ("tda review agenda", agenda_cmd)):
            first, _, _ = timed(command, root)
            first_cpu = CPU[command[1]]
            again, _, _ = timed(command, root, repeat)
            print(f"{label + ', first':40s} {first:8.2f} s  {first_cpu:6.2f} s CPU")
            print(f"{label + ', catalogue kept':40s} {again:8.2f} s  {CPU[command[1]]:6.2f} s CPU")
        del os.environ["XDG_CACHE_HOME"]
    if skip_build:
        return
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build, build_mb, _ = timed(
            [tda, "build", "--root", str(root), "--site-dir", str(site)], root
        )
        pages = sum(1 for _ in site.rglob("index.html"))
        print(f"tda build                                {build:8.2f} s  {build_mb:6d} MB peak")
        print(f"  CPU time (with git and Pagefind)       {CPU['build']:8.2f} s")
        print(f"pages                                    {pages:8d}")
        print(f"site size                                {folder_size(site) / 1e6:8.1f} MB")
        index = site / "pagefind"
        if index.is_dir():
            print(f"search index (Pagefind)                  {folder_size(index) / 1e6:8.1f} MB")
        first = first_search_bytes(site)
        if first is None:
            print("first search download                         n/a (no Chromium or Playwright)")
        else:
            megabytes, files = first[0] / 1e6, first[1]
            print(f"first search download (Chromium)         {megabytes:8.2f} MB  {files:6d} files")
        plain = _plain_build(root, Path(tmp))
        print(f"plain mkdocs build of the same pages     {plain:8.2f} s  {CPU['plain']:6.2f} s CPU")
        print(f"ratio                                    {build / plain:8.2f} x")
        print(f"ratio of CPU times                       {CPU['build'] / CPU['plain']:8.2f} x")
    for label, seconds in serve_rebuilds(root):
        print(f"{'tda serve rebuild after ' + label:40s} {seconds:8.2f} s")


def serve_rebuilds(root: Path) -> list[tuple[str, float]]:
    """Seconds from writing one file to `tda serve` logging its rebuild, for a descriptor, a
    decision and a meeting record; each file is put back as it was afterwards."""
    import queue
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(BIN / "tda"), "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"]
    child = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert child.stderr is not None
        for line in child.stderr:
            lines.put(line)

    def wait_for(text: str) -> None:
        while text not in lines.get(timeout=3600):
            pass

    threading.Thread(target=read, daemon=True).start()
    changes = [
        ("one descriptor", next(iter(sorted((root / "catalog").rglob("*.yaml"))), None)),
        ("one decision", next(iter(sorted((root / "decisions").glob("*.md"))), None)),
        ("one meeting record", next(iter(sorted((root / "decisions/reviews").glob("*.md"))), None)),
    ]
    found: list[tuple[str, float]] = []
    try:
        wait_for("Serving on")
        for label, path in changes:
            if path is None:
                continue
            original = path.read_bytes()
            try:
                path.write_bytes(original + b"\n")
                started = time.perf_counter()
                wait_for("Documentation built in")
                found.append((label, time.perf_counter() - started))
            finally:
                path.write_bytes(original)
                wait_for("Documentation built in")
    finally:
        child.terminate()
        child.wait(timeout=60)
    return found


def _some_component(root: Path) -> str:
    for path in sorted((root / "catalog").rglob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("kind: Component"):
                text = path.read_text(encoding="utf-8")
                name = text.split("kind: Component", 1)[1].split("name: ", 1)[1].split()[0]
                space = text.split("kind: Component", 1)[1].split("namespace: ", 1)
                namespace = space[1].split()[0] if len(space) > 1 else "default"
                return f"component:{namespace}/{name}"
    return "component:person-api"


def _plain_build(root: Path, tmp: Path) -> float:
    """The same Markdown pages tda generates, built by MkDocs with no tda plugin and the same
    small navigation (entity and decision pages reached from index tables, as in tda's site)."""
    docs = tmp / "plain-docs"
    code = (
        "import json, sys; from pathlib import Path\n"
        "from tda.repository import open_repository\n"
        "from tda.site.generate import NAV_PAGES, generate, write_markdown\n"
        "root, out = Path(sys.argv[1]), Path(sys.argv[2])\n"
        "pages, assets = generate(open_repository(root))\n"
        "write_markdown(out, pages, assets)\n"
        "print(json.dumps([{'Home': 'index.md'}, *({t: s} for t, s in NAV_PAGES)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(root), str(docs)], check=True, capture_output=True
    )
    if (root / "docs").is_dir():
        shutil.copytree(root / "docs", docs, dirs_exist_ok=True)
    config = tmp / "plain.yml"
    text = PLAIN_MKDOCS.format(docs=docs, site=tmp / "plain-site")
    config.write_text(text + f"nav: {done.stdout.decode().strip()}\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "mkdocs"), "build", "-q", "-f", str(config)],
        check=True,
        env=env,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["plain"] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, help="an existing national repository")
    parser.add_argument("--skip-build", action="store_true", help="validate, graph, agenda only")
    parser.add_argument("--sample", action="store_true", help="also measure the sample")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each quick command")
    parser.add_argument(
        "--councils",
        type=int,
        default=50,
        help="a smaller repository: 200 entities, 60 decisions and 6 meetings a council",
    )
    args = parser.parse_args()
    if args.sample:
        measure(REPO, "sample catalogue", args.skip_build, args.repeat)
    if args.repo is None:
        args.repo = Path(tempfile.mkdtemp()) / "national"
        size = ["--councils", str(args.councils), "--decisions", str(60 * args.councils),
                "--meetings", str(6 * args.councils)]  # fmt: skip
        subprocess.run(
            [sys.executable, str(HERE / "national.py"), str(args.repo), *size], check=True
        )
    measure(args.repo, "national catalogue", args.skip_build, args.repeat)


if __name__ == "__main__":
    main()
