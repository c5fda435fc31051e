"""UI lookup benchmark: from Enter in the search field to the results model filled.

    .venv/bin/python benchmarks/ui_lookup.py [--customers 1000000] [--searches 300]

The real main window, offscreen, over the cache of 1,000,000 consumers, logged in as the demo
cashier. Each search sets the field's text, presses Enter and runs the event loop until the
lookup view says the outcome is shown. The time is taken in a slot connected to that signal
(``outcome_shown``, emitted once the results model is filled and the message says what was
found), so it does not include what follows a single hit: the lookup view then opens that
consumer, which is the consumer view's work, not the lookup's. That consumer is left to finish
loading (as the cashier would see it) before Esc goes back, and the event loop then runs for
SETTLE_MS before the next Enter (a cashier takes far longer to type the next query), so that no
summary still loading in the background, and no repaint or layout left over from switching
views, is counted against the next search. Target (issue 2): p99 <= 50 ms.

Also reported, not targeted: the time until the event loop hands control back (the repaint of
the results and, after a single hit, switching to the consumer view). The floor is the same
lookup called directly on the UI thread, so the ratio shows what the worker hop and the model
reset add.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest

from benchkit import Report, percentile
from build_cache import build
from ebill_desktop.app import build_services
from ebill_desktop.config import Settings
from ebill_desktop.storage.database import open_cache
from ebill_desktop.ui.counter_app import (
    CounterStart,
    apply_look,
    build_window,
    qt_application,
)
from ebill_desktop.ui.tasks import TaskRunner
from lookup import sample_keys, text_queries

SETTLE_MS = 20


def wait_for(signal: object, timeout_ms: int = 5000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--searches", type=int, default=300)
    args = parser.parse_args()

    path = Path(build(args.customers)) / "cache.sqlite3"
    rng = random.Random(11)
    raw = sqlite3.connect(path)
    rows = sample_keys(raw, args.searches, rng)
    raw.close()
    queries = [row[0] for row in rows[: len(rows) // 2]] + text_queries(rows[len(rows) // 2 :], rng)
    rng.shuffle(queries)

    app = qt_application()
    settings = Settings()
    apply_look(app, settings)
    db = open_cache(path)
    services = build_services(db)
    runner = TaskRunner(app)
    start = CounterStart(services=services, settings=settings, keep_geometry=lambda _: None)
    window = build_window(start, runner)
    window.resize(1280, 800)
    window.show()
    login = window.login_view
    login.operator_field.setText("cashier")
    login.password_field.setText("cashier-demo")
    QTest.keyClick(login.password_field, Qt.Key.Key_Return)
    wait_for(window.view_changed)
    assert window.current_view_name() == "lookup", window.current_view_name()

    view = window.lookup_view
    consumer = window.consumer_view
    shown_at: list[float] = []
    view.outcome_shown.connect(lambda _outcome: shown_at.append(time.perf_counter()))
    samples: list[float] = []
    loop_back: list[float] = []
    floor: list[float] = []
    for query in queries:
        if window.current_view_name() != "lookup":
            QTest.keyClick(window, Qt.Key.Key_Escape)
        view.search_field.setText(query)
        QTest.qWait(SETTLE_MS)  # the screen settles before the cashier presses Enter
        shown_at.clear()
        started = time.perf_counter()
        QTest.keyClick(view.search_field, Qt.Key.Key_Return)
        if not shown_at:
            wait_for(view.outcome_shown)
        returned = time.perf_counter()
        if not shown_at:
            raise SystemExit(f"no outcome shown for {query!r} within 5 s")
        samples.append((shown_at[0] - started) * 1000)
        loop_back.append((returned - started) * 1000)
        if window.current_view_name() == "consumer" and consumer.summary() is None:
            wait_for(consumer.summary_shown)  # a single hit: the consumer finishes loading
        started = time.perf_counter()
        services.lookup.search(query)
        floor.append((time.perf_counter() - started) * 1000)

    report = Report("ui_lookup")
    report.figure("searches", len(samples))
    report.figure("enter_to_results_p50_ms", percentile(samples, 0.50))
    report.figure("enter_to_results_p99_ms", percentile(samples, 0.99))
    report.figure("enter_to_loop_return_p99_ms", percentile(loop_back, 0.99))
    report.figure("direct_lookup_p99_ms", percentile(floor, 0.99))
    ratio = percentile(samples, 0.99) / percentile(floor, 0.99)
    report.figure("ratio_to_direct_lookup", ratio)
    report.figure("peak_rss_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    report.target("Enter to results model filled p99 (ms)", percentile(samples, 0.99), "<=", 50)
    report.target("peak memory with the cache open (MB)", report.figures["peak_rss_mb"], "<=", 300)
    window.close()
    runner.shutdown()
    db.close()
    passed = report.print()
    # The report is out; leave without interpreter finalisation, where PySide6 (6.12) can crash
    # in "bool_dealloc" after this script's nested event loops. The counter itself exits
    # cleanly (tests/ui/test_command_line.py); this is only the benchmark's harness.
    sys.stdout.flush()
    os._exit(0 if passed else 1)


if __name__ == "__main__":
    main()
