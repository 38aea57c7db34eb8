"""A built sample site and a hostile one, served on 127.0.0.1, and a real headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, write_tree

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def build(root: Path, site: Path) -> Path:
    from tda.config import load_config
    from tda.repository import load_catalogue
    from tda.site.build import build_site

    catalogue = load_catalogue(root, load_config(root).config)
    build_site(root, catalogue, None, site)
    return site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(REPO, tmp_path_factory.mktemp("sample") / "site")


HOSTILE = "\"><script>alert(1)</script><img src=x onerror=alert(2)>'`"


def hostile_files() -> dict[str, str]:
    h = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    return {
        "mkdocs.yml": "site_name: Hostile\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - tda:\n      review_required: []\n",
        "docs/about.md": "# About\n",
        "catalog/all.yaml": f"""\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team
  title: "{h}"
  description: "<svg onload=alert(3)><script>alert(4)</script>"
spec: {{type: team, children: []}}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: evil
  title: "Evil {h}"
  description: "{h} <a href='javascript:alert(5)'>click</a>"
  annotations:
    example.org/note: "{h}"
  links:
    - url: "javascript:alert(6)"
      title: "{h}"
    - url: "data:text/html,<script>alert(7)</script>"
      title: data link
spec:
  type: "service {h}"
  lifecycle: "production {h}"
  owner: team
  providesApis: [evil-api]
  phase: live
  licence: MIT
  usedBy:
    - organisation: "{h}"
      contact: "{h}"
  basedOn: ["{h}", {{name: "{h}", organisation: "{h}", url: "https://example.org/?q=\\"><script>alert(8)</script>"}}]
  alternativeTo: ["{h}"]
  contacts: [{{name: "{h}", role: "{h}", email: "a@example.org"}}]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: evil-api
  title: "API {h}"
spec:
  type: openapi
  lifecycle: production
  owner: team
  definition: |
    openapi: 3.0.0
    info: {{title: x, version: "1"}}
    paths:
      "/x<script>alert(9)</script>":
        get: {{summary: "<img src=x onerror=alert(10)>"}}
""",
        "decisions/0001-evil.md": f"""\
---
status: "accepted {h}"
date: 2026-01-01
decision-makers: ["{h}"]
entities: [component:evil]
tags: ["{h}"]
principles: [P1]
---
# Decision {HOSTILE}

<script>alert(11)</script>

<img src=x onerror=alert(12)>

[a link](javascript:alert(13)) and [another](JaVaScRiPt:alert(14)) and ![img](javascript:alert(15))

<iframe src="javascript:alert(16)"></iframe>
""",
        "decisions/principles.yaml": f'- id: P1\n  title: "{h}"\n  statement: "{h}"\n',
        "decisions/reviews/2026-01-10-evil.md": f"""\
---
date: 2026-01-10
forum: group:team
title: "{h}"
attendees: []
items:
  - decision: ADR-0001
    for: decision
    outcome: approved
    notes: "{h}"
    dissent: ["{h}"]
actions:
  - id: TDA-A001
    owner: group:team
    status: open
    text: "{h}"
---
Minutes <script>alert(17)</script> {HOSTILE}
""",
    }


@pytest.fixture(scope="session")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("hostile"), hostile_files())


@pytest.fixture(scope="session")
def hostile_site(hostile_root: Path) -> Path:
    return build(hostile_root, hostile_root / "site")


class _Server:
    """Serves the folder at /PREFIX/, as a host serves a site whose site_url has that path."""

    def __init__(self, folder: Path, prefix: str = "") -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.prefix = f"/{prefix}" if prefix else ""  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}{self.httpd.prefix}/"  # type: ignore[attr-defined]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        prefix = getattr(self.server, "prefix", "")
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :] or "/"
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def sample_server(sample_site: Path) -> Iterator[str]:
    server = _Server(sample_site, "hackney")  # the path of the sample's site_url
    yield server.base
    server.close()


@pytest.fixture(scope="session")
def hostile_server(hostile_site: Path) -> Iterator[str]:
    server = _Server(hostile_site)
    yield server.base
    server.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is not installed; .ci/run installs it")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
