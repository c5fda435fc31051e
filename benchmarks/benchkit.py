"""Shared pieces of the benchmarks: timing, percentiles, the report and its closing JSON line.

Every benchmark prints its figures, its targets and the ratio to a floor measured in the same
run, and ends with exactly one JSON line so that a script can collect the results.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / "benchmarks" / "data"


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in 0..1) of ``samples``."""
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def time_calls(call: Callable[[Any], object], args: list[Any], warmup: int = 50) -> list[float]:
    """Wall time in milliseconds of ``call(arg)`` for each arg, after a few warm-up calls."""
    for arg in args[:warmup]:
        call(arg)
    samples = []
    clock = time.perf_counter_ns
    for arg in args:
        start = clock()
        call(arg)
        samples.append((clock() - start) / 1e6)
    return samples


def machine() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


@dataclass
class Report:
    """Figures, targets and verdicts of one benchmark run."""

    name: str
    figures: dict[str, float] = field(default_factory=dict)
    checks: list[tuple[str, float, str, float, bool]] = field(default_factory=list)

    def figure(self, key: str, value: float) -> None:
        self.figures[key] = round(value, 4)

    def target(self, label: str, value: float, op: str, limit: float) -> None:
        ok = value <= limit if op == "<=" else value >= limit
        self.checks.append((label, value, op, limit, ok))

    def print(self) -> bool:
        print(f"== {self.name}  ({machine()['cpu']}, {machine()['cores']} cores)")
        for key, value in self.figures.items():
            print(f"  {key:<40} {value:>12.4f}")
        print("  targets:")
        for label, value, op, limit, ok in self.checks:
            verdict = "PASS" if ok else "FAIL"
            print(f"    {verdict}  {label:<40} {value:>10.3f} {op} {limit}")
        passed = all(check[4] for check in self.checks)
        line = {"benchmark": self.name, "passed": passed, **self.figures}
        print(json.dumps(line, sort_keys=False))
        return passed
