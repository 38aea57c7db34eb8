"""A command's own processes and folders: whether a second core is worth using, signals that
unwind like Ctrl-C, and the leftovers of runs that were killed outright (their staging folders
name the process that made them)."""

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


# Below this many items (files, pages) a second process costs more than it saves.
PARALLEL_FROM_ITEMS = 200


def worker_count(asked: int | None, items: int) -> int:
    """Processes for a job of so many items (files, pages): two when it is large, the machine
    has two cores and one is free now; `asked` overrides."""
    if asked is not None:
        return max(1, asked)
    if items < PARALLEL_FROM_ITEMS or not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return 2 if cores >= 2 and _others_running() <= cores - 1 else 1


def _others_running() -> float:
    """How many other tasks want a core right now. A second process only helps when a core is
    free for it; on a busy machine it waits for one and copying its results is pure loss. The
    kernel's count of runnable tasks is read rather than the load average, which trails by a
    minute and so counts the commands that ran just before this one."""
    try:
        running = Path("/proc/loadavg").read_text(encoding="ascii").split()[3].split("/")[0]
        return max(0, int(running) - 1)  # this process is one of them
    except (OSError, IndexError, ValueError):
        return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
