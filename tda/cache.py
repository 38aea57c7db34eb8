"""A loaded catalogue kept between commands, so that questions asked of a large repository
(`tda graph`, `tda review agenda`) answer in a fraction of the time loading takes.

The cache lives in the user's own cache folder, never in the repository: a file there is
unpickled, and a repository someone else wrote must not be able to plant one. An entry is
used only when everything that went into it is unchanged: every file under the repository
(by path, size, modification time and inode, outside `.git`, the built site and virtual
environments), the commit checked out, the day, the settings and tda's version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pydantic

from tda import __version__
from tda.yamlio import gc_paused

# Folders whose contents are never read as catalogue input: git's own store, what tda and
# MkDocs write, and the tools of a Python or Node checkout.
_SKIPPED_FOLDERS = frozenset({".git", ".venv", "node_modules", "__pycache__"})
# A file changed this recently may change again within the same clock tick without its
# modification time moving; such a catalogue is not kept (git calls this "racy").
_RACY_SECONDS = 2.0
_FORMAT = 1


def cache_enabled() -> bool:
    return os.environ.get("TDA_CACHE", "on").lower() not in ("off", "0", "no", "false")


def cache_folder() -> Path | None:
    """The user's own cache folder for tda, or None when this account has no home."""
    base = os.environ.get("XDG_CACHE_HOME")
    # The XDG rules: a relative path there is to be ignored (it would land in the repository).
    if not base or not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "tda"


class Fingerprint:
    """What a catalogue was loaded from, as one key, and whether it is settled enough to keep."""

    key: str
    settled: bool
    file: Path | None

    def __init__(
        self,
        root: Path,
        settings: str,
        outputs: frozenset[Path],
        elsewhere: Iterable[Path] = (),
    ) -> None:
        """The key of everything under root and under the `elsewhere` folders (the settings
        may put decisions, templates or harvested sources outside the repository)."""
        started = time.time()
        digest = _digest(root, "catalogue", settings)
        digest.update(dt.date.today().isoformat().encode() + b"\0")
        digest.update(_head_commit(root).encode() + b"\0")
        newest = 0.0
        for top in _input_roots(root, elsewhere):
            for path, stat in _input_files(top, outputs):
                # The change time too: an edit that keeps the size and puts the modification
                # time back still moves it, as git's index knows.
                facts = (path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
                digest.update("\0".join(map(str, facts)).encode() + b"\0")
                newest = max(newest, stat.st_mtime, stat.st_ctime)
        self.key = digest.hexdigest()
        self.settled = newest < started - _RACY_SECONDS
        self.file = _entry_file(root, "catalogue")

    @classmethod
    def of(cls, root: Path, kind: str, *parts: str) -> Fingerprint:
        """A key made of what the caller knows its value depends on (a commit, some paths)."""
        made = cls.__new__(cls)
        made.key = _digest(root, kind, *parts).hexdigest()
        made.settled = True
        made.file = _entry_file(root, kind)
        return made


def _digest(root: Path, kind: str, *parts: str) -> Any:
    digest = hashlib.sha256()
    # Kept objects are pickled: a different Python or pydantic may lay them out differently.
    versions = (str(_FORMAT), __version__, sys.version, pydantic.VERSION)
    for part in (*versions, str(root), kind, *parts):
        digest.update(part.encode() + b"\0")
    return digest


def _entry_file(root: Path, kind: str) -> Path | None:
    folder = cache_folder()
    name = hashlib.sha256(str(root).encode()).hexdigest()[:24]
    return folder / f"{name}-{kind}" if folder else None


def _input_roots(root: Path, elsewhere: Iterable[Path]) -> list[Path]:
    """The repository, and each other folder the catalogue is read from that the walk of the
    repository would not enter (outside it, or reached through a link)."""
    tops = [root]
    for folder in elsewhere:
        real = folder.resolve()
        if real not in tops and (not real.is_relative_to(root) or folder.is_symlink()):
            tops.append(real)
    return tops


def _input_files(root: Path, outputs: frozenset[Path]) -> list[tuple[str, os.stat_result]]:
    found: list[tuple[str, os.stat_result]] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                # A linked folder is not entered (the loader does not follow one either, and
                # a link to a parent would never end); the link itself is part of the key.
                if entry.is_dir(follow_symlinks=False):
                    path = Path(entry.path)
                    if not (entry.name in _SKIPPED_FOLDERS or path in outputs):
                        pending.append(path)
                    continue
                found.append((entry.path, entry.stat(follow_symlinks=True)))
            except OSError:
                continue
    found.sort(key=lambda item: item[0])
    return found


def _head_commit(root: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "-q", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "no git"
    return done.stdout.strip() or "no commit"


# What reading a kept entry may raise when it is damaged, or was written by another version.
_UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
               IndexError, KeyError, TypeError, ValueError, OverflowError, MemoryError,
               RecursionError)  # fmt: skip
_UNKEEPABLE = (OSError, pickle.PicklingError, AttributeError, TypeError, RecursionError)


def load(fingerprint: Fingerprint) -> Any | None:
    """The object kept under this fingerprint, or None when there is none or it is stale."""
    if fingerprint.file is None:
        return None
    try:
        with fingerprint.file.open("rb") as handle:
            # The key comes first, so that a stale entry is known without reading the rest,
            # then a checksum of the rest, so that a damaged one is never unpickled.
            header = handle.readline(200).rstrip(b"\n").split(b" ")
            if len(header) != 2 or header[0] != fingerprint.key.encode():
                return None
            data = handle.read()
        if hashlib.sha256(data).hexdigest().encode() != header[1]:
            return None
        # Millions of small objects: the cyclic collector would otherwise walk them again and
        # again while they arrive.
        with gc_paused():
            return pickle.loads(data)
    except _UNREADABLE:
        return None


def store(fingerprint: Fingerprint, value: Any) -> None:
    """Keep value for the next command; any failure only means the next one loads again."""
    if not fingerprint.settled or fingerprint.file is None:
        return
    folder = fingerprint.file.parent
    part: Path | None = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        # Written aside and moved into place, so two commands at once never read half a file.
        descriptor, name = tempfile.mkstemp(dir=folder, suffix=".part")
        part = Path(name)
        with os.fdopen(descriptor, "wb") as handle:
            checksum = hashlib.sha256(data).hexdigest()
            handle.write(f"{fingerprint.key} {checksum}\n".encode())
            handle.write(data)
        os.replace(part, fingerprint.file)
    except _UNKEEPABLE:
        if part is not None:
            part.unlink(missing_ok=True)
