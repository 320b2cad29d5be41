"""Peak resident memory of a whole process tree, sampled from /proc (psutil is not installed).

A pipeline load runs in this process and starts children (dbt, Great Expectations' helpers), so the figure
that matters is the sum over the tree: ``PiekRss`` samples it every 0.2 s in a thread. Summing RSS counts
pages that processes share (libraries, copy-on-write after fork) once per process, so the figure is an upper
bound; a peak shorter than the interval can be missed.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PAGINA = os.sysconf("SC_PAGE_SIZE")
PROC = Path("/proc")


def ouders() -> dict[int, int]:
    """pid -> parent pid of every process now visible in /proc."""
    paren: dict[int, int] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended between listing and reading
            continue
        # The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
        paren[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    return paren


def boom(pid: int) -> list[int]:
    """pid and all its descendants."""
    kinderen: dict[int, list[int]] = {}
    for kind, ouder in ouders().items():
        kinderen.setdefault(ouder, []).append(kind)
    leden, open_ = [], [pid]
    while open_:
        p = open_.pop()
        leden.append(p)
        open_.extend(kinderen.get(p, []))
    return leden


def rss(pid: int) -> int:
    """Resident bytes of one process (0 when it has gone)."""
    try:
        return int((PROC / str(pid) / "statm").read_text().split()[1]) * PAGINA
    except (OSError, IndexError):
        return 0


def boom_rss(pid: int) -> int:
    """Resident bytes of pid and its descendants, summed."""
    return sum(rss(p) for p in boom(pid))


class PiekRss:
    """Context manager: the highest ``boom_rss`` of ``pid`` (default this process) seen while inside."""

    def __init__(self, pid: int | None = None, interval: float = 0.2):
        self.pid = pid or os.getpid()
        self.interval = interval
        self.piek = 0
        self._stop = threading.Event()
        self._draad = threading.Thread(target=self._meet, daemon=True)

    def __enter__(self) -> PiekRss:
        self._draad.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._draad.join()

    @property
    def piek_gb(self) -> float:
        return self.piek / 1e9

    def _meet(self) -> None:
        while True:
            self.piek = max(self.piek, boom_rss(self.pid))
            if self._stop.wait(self.interval):
                return
