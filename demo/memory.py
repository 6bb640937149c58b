"""Peak memory of one build (issue 16: at most 300 MB), measured on the process itself.

On Linux the kernel keeps the process's peak resident size (VmHWM) and lets it be reset (writing 5 to
/proc/self/clear_refs): reset, build, read. That counts everything the build touches — Python objects and the
C libraries' own memory (lxml, Pango, cairo) — which tracemalloc alone would miss; tracemalloc is the fallback
where /proc is not available (then only Python's allocations are counted, and `method` says so).
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kb(field: str) -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def peak_memory(action: Callable[[], object]) -> dict[str, float | str]:
    """The process's peak resident memory while `action` runs (MB), and its growth over the size before."""
    try:
        _CLEAR_REFS.write_text("5")
        before = _status_kb("VmRSS")
    except (OSError, KeyError):
        tracemalloc.start()
        try:
            action()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return {"method": "tracemalloc", "growth_mb": round(peak / 2**20, 1)}
    action()
    peak = _status_kb("VmHWM")
    return {"method": "rss", "peak_mb": round(peak / 1024, 1), "growth_mb": round((peak - before) / 1024, 1)}
