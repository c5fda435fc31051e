"""Build (once) the terminal cache the benchmarks run against: N demo consumers, 3 bills each.

    .venv/bin/python benchmarks/build_cache.py --customers 1000000

The cache goes to ``benchmarks/data/cache-<N>/cache.sqlite3`` and is reused by later runs; pass
``--rebuild`` to make it again. Building 1,000,000 consumers takes several minutes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from benchkit import DEFAULT_DATA
from ebill_desktop.storage.database import open_cache
from ebill_desktop.storage.demo_seed import seed_demo


def cache_dir(customers: int) -> Path:
    return DEFAULT_DATA / f"cache-{customers}"


def build(customers: int, rebuild: bool = False) -> Path:
    """The data folder holding a cache of ``customers`` demo consumers, built if missing."""
    folder = cache_dir(customers)
    path = folder / "cache.sqlite3"
    done = folder / "complete"
    if done.exists() and not rebuild:
        return folder
    for stale in folder.glob("cache.sqlite3*"):
        stale.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    db = open_cache(path)
    last = [0.0]

    def progress(count: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 5 or count == total:
            last[0] = now
            rate = count / max(now - started, 1e-9)
            print(f"  {count:>9,}/{total:,} accounts  {rate:,.0f}/s", file=sys.stderr)

    try:
        seed_demo(db, customers=customers, seed=42, progress=progress)
    finally:
        db.close()
    done.write_text(f"{customers} customers in {time.perf_counter() - started:.0f} s\n")
    print(f"built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    build(args.customers, args.rebuild)


if __name__ == "__main__":
    main()
