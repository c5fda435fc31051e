"""Start-up benchmark: the whole `ebill-desktop --quit-after-ready` process against a floor.

    .venv/bin/python benchmarks/startup.py [--customers 1000000] [--runs 10]

Each run starts ``ebill-desktop --data-dir <bench cache> --quit-after-ready`` (start, open the
1,000,000-consumer cache, show the login view, wait until it is interactive, exit) and, right
after it, ``benchmarks/empty_window.py`` (a process that shows an empty PySide6 window), both
offscreen. Targets (issue 2): median start-up <= 4x the empty window's; peak memory of the
counter process with the 1M cache open <= 300 MB (its maximum resident set size).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchkit import REPO, Report
from build_cache import build


def timed_run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process run to its end."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} exited {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    data_dir = Path(build(args.customers))
    counter = [
        str(Path(sys.executable).parent / "ebill-desktop"),
        "--data-dir",
        str(data_dir),
        "--quit-after-ready",
    ]
    floor = [sys.executable, str(REPO / "benchmarks" / "empty_window.py")]
    timed_run(counter)  # warm the page cache and any first-run work (settings file, folders)
    timed_run(floor)
    counter_s, floor_s, counter_rss = [], [], []
    for _ in range(args.runs):
        seconds, rss = timed_run(counter)
        counter_s.append(seconds)
        counter_rss.append(rss)
        floor_s.append(timed_run(floor)[0])

    report = Report("startup")
    report.figure("counter_median_s", statistics.median(counter_s))
    report.figure("counter_max_s", max(counter_s))
    report.figure("empty_window_median_s", statistics.median(floor_s))
    ratio = statistics.median(counter_s) / statistics.median(floor_s)
    report.figure("ratio_to_empty_window", ratio)
    report.figure("counter_peak_rss_mb", max(counter_rss))
    report.target("start-up / empty PySide6 window (median)", ratio, "<=", 4.0)
    report.target("peak memory, 1M cache open (MB)", max(counter_rss), "<=", 300)
    raise SystemExit(0 if report.print() else 1)


if __name__ == "__main__":
    main()
