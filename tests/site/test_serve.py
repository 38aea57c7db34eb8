"""`tda serve`: the site served locally, rebuilt when a descriptor changes, with the catalogue's
errors shown in the terminal as they happen."""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import write_tree

PRODUCT = """\
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: bins
      description: {description}
    spec: {{type: service, lifecycle: production, owner: tda}}
    """


class Served:
    def __init__(self, root: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tda", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(self.seen)
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in:\n" + "\n".join(self.seen))

    def page(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Served, Path]]:
    root = tmp_path / "catalogue"
    done = subprocess.run(
        [sys.executable, "-m", "tda", "init", str(root)], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    write_tree(root, {"catalog/bins.yaml": PRODUCT.format(description="Collects the bins")})
    server = Served(root)
    try:
        server.wait_for("Serving on")
        yield server, root
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)


def test_an_edited_descriptor_is_rebuilt_and_served(served: tuple[Served, Path]) -> None:
    server, root = served
    assert "Collects the bins" in server.page("entities/component/default/bins/")
    write_tree(root, {"catalog/bins.yaml": PRODUCT.format(description="Empties the bins")})
    server.wait_for("Detected file changes")
    server.wait_for("Documentation built in")
    assert "Empties the bins" in server.page("entities/component/default/bins/")


def test_a_broken_descriptor_is_reported_in_the_terminal(served: tuple[Served, Path]) -> None:
    server, root = served
    write_tree(root, {"catalog/bad.yaml": "kind: Component\nmetadata: {name: Bad Name}\n"})
    server.wait_for("Detected file changes")
    warning = server.wait_for("the catalogue has")
    assert "catalog/bad.yaml:" in warning and "run `tda validate` to see them all" in warning
    server.wait_for("Documentation built in")
