"""A command's own processes and folders: signals that unwind like Ctrl-C, and the leftovers of
runs that were killed outright (their staging folders name the process that made them)."""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# SIGTERM (a CI timeout, systemd) and SIGHUP (a closed terminal) end the command as Ctrl-C does.
UNWINDING = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))
_OWNER = re.compile(r"-(\d+)-[^-]*$")


def process_alive(pid: int) -> bool:
    """Whether a process is running; when that cannot be told, it is taken to be."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True
    return True


def remove_abandoned(folder: Path, prefix: str) -> None:
    """Remove the folders named `<prefix>…-<pid>-<random>` whose process is gone (SIGKILL,
    power loss); a run still going keeps its own."""
    if not folder.is_dir():
        return
    for path in folder.glob(f"{prefix}*"):
        match = _OWNER.search(path.name)
        owner_gone = match is not None and not process_alive(int(match.group(1)))
        if owner_gone and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def _interrupted(signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt(f"stopped by signal {signum}")


@contextmanager
def signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind like Ctrl-C, so that what is half made is removed."""
    previous = {}
    try:
        for number in UNWINDING:
            previous[number] = signal.signal(number, _interrupted)
    except ValueError:  # not the main thread: signals are not ours to handle
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """What must not stop half way (moving into place, registering) runs to its end first."""
    blocked = {signal.SIGINT, *UNWINDING}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
