"""`tda init`: lay out a new, empty catalogue repository for a council."""

from __future__ import annotations

import json
from pathlib import Path

from tda.decisions.store import write_new

MKDOCS = """\
site_name: {name}
# Where the site is published: the sitemap, canonical links and Atom feeds use it.
site_url: {site_url}
site_description: Digital products, architecture decisions and the Technical Design Authority
theme:
  name: material
  font: false   # no web fonts: the site loads nothing from third parties
plugins:
  - search
  - tda:
      catalog: catalog
      decisions: decisions
      templates: templates
      forum: group:tda
      quorum: 1/2
extra:
  # An email address for accessibility problems; the generated accessibility statement shows
  # it, and shows a placeholder to complete until it is set.
  accessibility_contact: ""
"""

FILES = {
    "catalog/organisation.yaml": """\
# Describe your teams here, then your products in files beside this one.
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: tda
  title: Technical Design Authority
  description: Reviews architecture decisions; its approval makes a decision accepted.
spec:
  type: forum
  children: []
""",
    "decisions/principles.yaml": "# Principles the TDA applies: {id, title, statement}.\n[]\n",
    "decisions/reviews/README.md": "The TDA's meeting records: YYYY-MM-DD-slug.md\n",
    "templates/README.md": "Scaffolder templates: NAME/template.yaml and NAME/skeleton/.\n",
    "docs/about.md": """\
# About this catalogue

Say here who publishes this catalogue, for whom, and how to ask for a change.
""",
    ".gitignore": "/site/\n.venv/\n__pycache__/\n",
}


HARVEST_MKDOCS = """\
site_name: {name}
# Where the site is published: the sitemap, canonical links and Atom feeds use it.
site_url: {site_url}
site_description: Digital products of many councils, harvested from their own catalogues
theme:
  name: material
  font: false   # no web fonts: the site loads nothing from third parties
plugins:
  - search
  - tda:
      catalog: catalog
      # Each source is another council's catalogue repository, fetched by `tda harvest`.
      # Sources may also be Locations of type git in catalog/sources.yaml.
      harvest: []
      #  - name: camden                 # short name; also its namespace unless given
      #    url: https://github.com/example/camden-catalogue.git
      #    ref: main                    # branch or tag (default: the remote's HEAD)
      #    path: ""                     # folder of the catalogue inside the repository
      #    organisation: London Borough of Camden
extra:
  # An email address for accessibility problems; the generated accessibility statement shows
  # it, and shows a placeholder to complete until it is set.
  accessibility_contact: ""
"""

HARVEST_FILES = {
    "catalog/sources.yaml": """\
# The councils whose catalogues this national catalogue brings in, one Location each:
#
# apiVersion: backstage.io/v1alpha1
# kind: Location
# metadata:
#   name: camden                       # the source's name and namespace
#   title: London Borough of Camden    # the council, as pages show it
#   annotations:
#     tda/harvest-ref: main            # optional branch or tag
# spec:
#   type: git
#   target: https://github.com/example/camden-catalogue.git
""",
    "docs/about.md": FILES["docs/about.md"],
    ".gitignore": "/site/\n/.tda/\n.venv/\n__pycache__/\n",
}


def init_repository(
    folder: Path,
    name: str,
    site_url: str = "https://catalogue.example.org/",
    *,
    harvest: bool = False,
) -> tuple[list[Path], list[Path]]:
    """Write the files of a new catalogue; existing files are kept, never overwritten.

    With harvest, a national catalogue: its only content is its sources.
    """
    written, kept = [], []
    if harvest:
        template, extra = HARVEST_MKDOCS, HARVEST_FILES
    else:
        template, extra = MKDOCS, FILES
    settings = template.format(name=json.dumps(name), site_url=json.dumps(site_url))
    files = {"mkdocs.yml": settings, **extra}
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_new(path, text)
            written.append(path)
        except FileExistsError:
            kept.append(path)
    return written, kept
