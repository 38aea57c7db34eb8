"""Atom feeds (RFC 4287) of new and changed decisions and of new products, made at build time.

TDA members and other councils can follow the catalogue in a feed reader without visiting. Ids
and links are absolute when `site_url` is set in mkdocs.yml, as feed readers need; without it
ids are URNs and links relative to the feed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from tda.catalogue import Catalogue
from tda.decisions.history import History
from tda.site import urls
from tda.site.pages import Asset

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Entry:
    key: str  # stable part of the id
    title: str
    page: str  # the page's src
    updated: dt.datetime
    summary: str
    published: dt.datetime | None = None


def _clean(text: object) -> str:
    """Text XML 1.0 can carry: control characters dropped."""
    return _NOT_XML.sub("", str(text))


def _stamp(when: dt.datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _absolute(site_url: str, feed_src: str, page_src: str) -> str:
    if site_url:
        return site_url.rstrip("/") + "/" + urls.page_url(page_src)
    return urls.asset_href(feed_src, urls.page_url(page_src) or "./")


def atom(
    feed_src: str,
    title: str,
    subtitle: str,
    entries: list[Entry],
    site_url: str,
    author: str,
    today: dt.date,
) -> Asset:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    entries = sorted(entries, key=lambda e: (e.updated, e.key), reverse=True)[:LIMIT]
    updated = entries[0].updated if entries else _midnight(today)

    def add(
        parent: ET.Element, name: str, text: str | None = None, **attributes: str
    ) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        if text is not None:
            element.text = _clean(text)
        return element

    base = site_url.rstrip("/") + "/" if site_url else ""
    add(feed, "id", base + feed_src if base else f"urn:tda:feed:{feed_src}")
    add(feed, "title", title)
    add(feed, "subtitle", subtitle)
    add(feed, "updated", _stamp(updated))
    add(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=base + feed_src if base else feed_src.rsplit("/", 1)[-1],
    )
    add(feed, "link", rel="alternate", type="text/html", href=base or "../")
    add(add(feed, "author"), "name", author)
    add(feed, "generator", "tda")
    for item in entries:
        entry = add(feed, "entry")
        link = _absolute(site_url, feed_src, item.page)
        add(entry, "id", link if base else f"urn:tda:{item.key}")
        add(entry, "title", item.title)
        add(entry, "updated", _stamp(item.updated))
        if item.published:
            add(entry, "published", _stamp(item.published))
        add(entry, "link", rel="alternate", type="text/html", href=link)
        add(entry, "summary", item.summary)
    ET.indent(feed)
    text = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Asset(feed_src, '<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n")


def decision_entries(catalogue: Catalogue, history: History | None, today: dt.date) -> list[Entry]:
    entries = []
    for d in catalogue.decisions.decisions if catalogue.decisions else []:
        record = history.of(d.file) if history is not None and history.available else None
        changed = record.modified.when if record and record.modified else None
        created = record.created.when if record and record.created else None
        dated = _midnight(d.date) if d.date else None
        updated = changed or dated or _midnight(today)
        binds = ", ".join(d.entities) or "no entities"
        entries.append(
            Entry(
                f"decision:{d.id}",
                f"{d.id} {d.title} ({d.status})",
                urls.decision_page(d.id),
                updated,
                f"{d.status.capitalize()}, dated {d.date or 'undated'}. Binds {binds}.",
                created or dated,
            )
        )
    return entries


def first_added(root: Path, folder: str) -> dict[str, dt.datetime]:
    """When git first saw each descriptor file under the folder (absolute path -> date); empty
    when there is no git history."""
    try:
        import git

        repo = git.Repo(root, search_parent_directories=True)
        work_tree = Path(repo.working_tree_dir or root).resolve()
        output = repo.git.log(
            "--diff-filter=A",
            "--format=%x00%aI",
            "--name-only",
            "--",
            str((root / folder).resolve()),
        )
    except Exception:
        return {}
    found: dict[str, dt.datetime] = {}
    for chunk in output.split("\x00")[1:]:
        stamp, _, names = chunk.partition("\n")
        for name in names.split():
            # The log runs newest first, so the oldest addition is written last and wins.
            found[str((work_tree / name).resolve())] = dt.datetime.fromisoformat(stamp.strip())
    return found


def product_entries(
    catalogue: Catalogue, added: dict[str, dt.datetime], today: dt.date
) -> list[Entry]:
    entries = []
    for e in catalogue.of_kind("component", "system"):
        when = added.get(str(Path(e.file).resolve())) or _midnight(today)
        facts = [
            f"{k}: {e.spec[k]}" for k in ("phase", "licence") if isinstance(e.spec.get(k), str)
        ]
        entries.append(
            Entry(
                f"entity:{e.ref}",
                f"{e.title} ({e.kind})",
                urls.entity_page(e.ref),
                when,
                " ".join(x for x in (e.description, "; ".join(facts)) if x),
                when,
            )
        )
    return entries
