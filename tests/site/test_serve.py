"""`tda serve` rebuilds when a descriptor changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import write_tree

GROUP = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team\n  title: {title}\nspec: {{type: team, children: []}}\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_the_catalogue_changes(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "mkdocs.yml": "site_name: Live\ntheme: {name: material, font: false}\nplugins: [search, tda]\n",
            "docs/about.md": "# About\n",
            "catalog/team.yaml": GROUP.format(title="First Title"),
        },
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tda",
            "serve",
            "--root",
            str(root),
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert (
            server.stdout.readline().strip()
            == f"serving the catalogue at http://127.0.0.1:{port}/ (Ctrl+C to stop)"
        )
        page = f"http://127.0.0.1:{port}/entities/group/default/team/"
        assert _wait_for(page, "First Title")
        (root / "catalog/team.yaml").write_text(GROUP.format(title="Second Title"))
        assert _wait_for(page, "Second Title")
    finally:
        server.terminate()
        server.wait(timeout=20)
