"""The sync in the status bar: its texts for each state, and F5 against a real central server."""

from __future__ import annotations

import dataclasses
import os
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ebill_core.demo.catalogue import OPERATORS
from ebill_core.money import Money
from ebill_core.protocol import OfflinePolicy, payment_to_wire
from ebill_desktop.app import Terminal, build_services, open_terminal
from ebill_desktop.config import DataPaths
from ebill_desktop.security.keyring_store import CredentialStore, credential_account
from ebill_desktop.sync.coordinator import (
    LinkState,
    PullProgress,
    SyncCoordinator,
    SyncStatus,
)
from ebill_desktop.sync.http import CentralConnection
from ebill_desktop.ui.counter_app import CounterStart, apply_look
from ebill_desktop.ui.counter_services import DemoCredential
from ebill_desktop.ui.display import moment_text
from ebill_desktop.ui.main_window import MainWindow
from ebill_desktop.ui.screenshots import take_sync_screenshots
from ebill_desktop.ui.sync_status import SyncStatusBar, age_text
from ebill_desktop.ui.tasks import TaskRunner
from tests.sync.conftest import (  # noqa: F401 (fixtures: a real central server on loopback)
    CentralServer,
    _platform_keyring_is_memory,
    central,
    central_template,
    enrol_terminal,
)
from tests.sync.soak_sender import enqueue_payments, make_payments, open_bills

NOW = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
POLICY = OfflinePolicy("BR-A", 24, Money(5_000_000, "INR"), Money(1_000_000, "INR"))


@pytest.fixture
def bar(qtbot: QtBot, terminal: Terminal) -> Iterator[SyncStatusBar]:
    """The status bar widgets over a real (not started, not enrolled) coordinator."""
    coordinator = SyncCoordinator(
        terminal.db, terminal.paths.data_dir, terminal.settings, _no_keyring
    )
    widget = SyncStatusBar(coordinator, now=lambda: NOW)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.detach()


def _no_keyring() -> CredentialStore:
    raise AssertionError("the status bar never reads the keyring")


def snapshot(**values: object) -> SyncStatus:
    base: dict[str, object] = {
        "link": LinkState.ONLINE,
        "taken_at": NOW,
        "last_good_sync": NOW - timedelta(minutes=3),
        "data_as_of": NOW - timedelta(minutes=3),
        "policy": POLICY,
        "counted": True,
    }
    return SyncStatus(**(base | values))  # type: ignore[arg-type]


def test_ages_read_as_a_cashier_says_them() -> None:
    assert age_text(timedelta(seconds=40)) == "<1 min"
    assert age_text(timedelta(minutes=5, seconds=59)) == "5 min"
    assert age_text(timedelta(hours=2, minutes=5)) == "2 h 5 min"
    assert age_text(timedelta(hours=3)) == "3 h"
    assert age_text(timedelta(days=3, hours=4, minutes=10)) == "3 d 4 h"


def test_online_with_nothing_waiting(bar: SyncStatusBar) -> None:
    bar.show_status(snapshot())
    assert bar.link_label.text() == "Online · synced 10:27 am"
    assert "Last good sync: 23 Nov 2026, 10:27 am." in bar.link_label.toolTip()
    assert bar.link_label.property("syncTone") == "good"
    assert bar.waiting_label.text() == "Nothing to send"
    assert bar.attention_button.isHidden() and bar.progress.isHidden()
    # Online the limits bind nothing: they are in the tooltip, not on the narrow bar.
    assert bar.policy_label.isHidden()
    assert "at most ₹10,000 per payment" in bar.link_label.toolTip()


def test_offline_with_items_waiting_and_needing_attention(bar: SyncStatusBar) -> None:
    bar.show_status(
        snapshot(
            link=LinkState.OFFLINE,
            pending=1234,
            oldest_pending_at=NOW - timedelta(hours=2, minutes=5),
            attention=2,
            last_error="cannot reach the central server at http://ho:8080 (<b>refused</b>)",
        )
    )
    assert bar.link_label.text() == "Offline · synced 10:27 am"
    assert bar.link_label.property("syncTone") == "warn"
    # The reason is in the tooltip, literally (escaped: never rendered as markup).
    assert "&lt;b&gt;refused&lt;/b&gt;" in bar.link_label.toolTip()
    assert bar.waiting_label.text() == "1,234 to send · oldest 2 h 5 min"
    assert not bar.attention_button.isHidden()
    assert bar.attention_button.text() == "2 need attention (F6)"
    assert not bar.policy_label.isHidden()  # offline, the limits apply: on the bar
    assert bar.policy_label.text() == "Limits 24 h · ₹50,000 · ₹10,000 each"
    assert bar.policy_label.toolTip() == (
        "<p style='white-space:pre-wrap'>Offline, this counter may go at most 24 hours since "
        "the last sync, take at most ₹50,000 in total and at most ₹10,000 per payment.</p>"
    )


def test_every_state_that_stops_the_sync_says_so(bar: SyncStatusBar) -> None:
    expected = {
        LinkState.NOT_ENROLLED: ("Sync: not enrolled", "warn"),
        LinkState.LOCK_HELD_ELSEWHERE: ("Sync: another ebill is syncing this folder", "warn"),
        LinkState.KEYRING_UNAVAILABLE: ("Sync stopped: keyring unavailable", "bad"),
        LinkState.REFUSED: ("Sync refused by head office", "bad"),
    }
    for link, (words, tone) in expected.items():
        bar.show_status(snapshot(link=link, last_error="the keyring is locked"))
        assert (bar.link_label.text(), bar.link_label.property("syncTone")) == (words, tone)
        assert "the keyring is locked" in bar.link_label.toolTip()


def test_no_count_is_shown_before_the_cache_was_read(bar: SyncStatusBar) -> None:
    bar.show_status(snapshot(link=LinkState.UNKNOWN, counted=False))
    assert bar.waiting_label.isHidden()  # not "Nothing to send", which may not be true
    bar.show_status(snapshot(link=LinkState.UNKNOWN))
    assert not bar.waiting_label.isHidden()
    assert bar.waiting_label.text() == "Nothing to send"


def test_never_synced_and_offline_too_long(bar: SyncStatusBar) -> None:
    bar.show_status(snapshot(link=LinkState.UNKNOWN, last_good_sync=None, data_as_of=None))
    assert bar.link_label.text() == "Offline too long · never synced"  # the policy: no data yet
    bar.show_status(snapshot(link=LinkState.UNKNOWN, policy=None, last_good_sync=None))
    assert bar.link_label.text() == "Connecting… · never synced"
    assert bar.policy_label.isHidden()
    old = NOW - timedelta(hours=25)
    bar.show_status(snapshot(link=LinkState.OFFLINE, data_as_of=old, last_good_sync=old))
    assert bar.link_label.text() == "Offline too long · synced 22 Nov, 9:30 am"
    assert bar.link_label.property("syncTone") == "bad"


def test_first_sync_progress_shows_then_goes(bar: SyncStatusBar) -> None:
    bar.show_status(snapshot(syncing=True, progress=PullProgress(12_400, 17_400, first_sync=True)))
    assert not bar.progress.isHidden()
    assert bar.progress.format() == "First sync: 12,400 changes received"
    assert bar.link_label.text() == "Online · syncing…"
    bar.show_status(snapshot(progress=PullProgress(20_000, 25_000, first_sync=False)))
    assert bar.progress.format() == "Catching up: 20,000 changes received"
    bar.show_status(snapshot())
    assert bar.progress.isHidden()


# -- the real window, the real coordinator, a real central server ------------------------------


@pytest.fixture
def enrolled(central: CentralServer, data_dir: Path) -> Iterator[Terminal]:  # noqa: F811
    enrol_terminal(central, data_dir).db.close()
    opened = open_terminal(DataPaths.under(data_dir))  # settings as enrolment left them
    yield opened
    opened.db.close()


def test_f5_syncs_now_and_data_as_of_follows(
    qtbot: QtBot,
    central: CentralServer,  # noqa: F811
    enrolled: Terminal,
) -> None:
    credentials = CredentialStore.for_this_computer()
    coordinator = SyncCoordinator(
        enrolled.db,
        enrolled.paths.data_dir,
        enrolled.settings,
        lambda: credentials,
        interval_seconds=3600,
        timeout=(1.0, 5.0),
    )
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app, enrolled.settings)
    runner = TaskRunner()
    window = MainWindow(build_services(enrolled.db, sync=coordinator), runner, enrolled.settings)
    window.resize(1280, 800)  # closed and deleted below, not by qtbot
    window.show()
    try:
        assert window.sync_ui is not None
        bar = window.sync_ui.bar
        assert window.data_as_of_label.text() == "Data as of: never synced"
        coordinator.start()
        qtbot.waitUntil(lambda: _settled(bar.status()), timeout=20_000)
        first = bar.status()
        assert first is not None and first.data_as_of is not None
        assert window.data_as_of_label.text() == f"Data as of {moment_text(first.data_as_of)}"
        assert bar.link_label.text().startswith("Online · synced ")

        # Head office has nothing new; F5 still makes a whole round now (the interval is 1 h).
        qtbot.keyClick(window, Qt.Key.Key_F5)
        qtbot.waitUntil(
            lambda: _settled(bar.status()) and bar.status().data_as_of > first.data_as_of,  # type: ignore[union-attr, operator]
            timeout=20_000,
        )
        later = bar.status()
        assert later is not None and later.data_as_of is not None
        assert window.data_as_of_label.text() == f"Data as of {moment_text(later.data_as_of)}"
        assert ("F5", "Sync with head office now") in window.help.shortcuts()
    finally:
        window.close()
        assert coordinator.stop(10)
        assert runner.shutdown(10_000)
        window.deleteLater()
        runner.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _settled(status: SyncStatus | None) -> bool:
    return (
        status is not None
        and status.link is LinkState.ONLINE
        and not status.syncing
        and status.data_as_of is not None
    )


def test_sync_screenshots_render_the_real_states(
    qtbot: QtBot,
    central: CentralServer,  # noqa: F811
    enrolled: Terminal,
    tmp_path: Path,
) -> None:
    """Online with a conflict on the attention list, then offline with items waiting.

    ``EBILL_SYNC_SCREENSHOTS=docs/screenshots`` keeps the PNGs for the docs.
    """
    credentials = CredentialStore.for_this_computer()
    settings = enrolled.settings
    terminal_id = settings.central_terminal_id
    assert terminal_id is not None and settings.central_url is not None
    taken = make_payments(open_bills(central.engine), range(1, 6), random.Random(11), terminal_id)
    # Head office already holds payment 2's UUID with other content: it cannot take ours.
    clash = dataclasses.replace(taken[1], terminal_seq=50, receipt_no="OTHER-50")
    account = credential_account(settings.central_url, terminal_id)
    with CentralConnection(settings.central_url, credentials.load(account)) as connection:
        connection.request("POST", "/payments", json_body={"payments": [payment_to_wire(clash)]})
    enqueue_payments(enrolled.db, taken)
    coordinator = SyncCoordinator(
        enrolled.db,
        enrolled.paths.data_dir,
        settings,
        lambda: credentials,
        interval_seconds=3600,
        timeout=(1.0, 5.0),
    )
    statuses: list[SyncStatus] = []
    coordinator.add_listener(statuses.append)
    start = CounterStart(
        services=build_services(enrolled.db, sync=coordinator),
        settings=settings,
        keep_geometry=lambda _geometry: None,
        data_as_of=enrolled.db.data_as_of(),
        demo_credentials=[
            DemoCredential(o.login, o.password, o.full_name, str(o.role)) for o in OPERATORS
        ],
    )
    out = Path(os.environ.get("EBILL_SYNC_SCREENSHOTS") or tmp_path)
    coordinator.start()
    try:
        qtbot.waitUntil(lambda: _settled(coordinator.status()), timeout=20_000)
        online = coordinator.status()
        assert (online.attention, online.pending) == (1, 0)
        saved = take_sync_screenshots(start, out, prefix="20")
        later = make_payments(open_bills(central.engine), [6, 7], random.Random(12), terminal_id)
        central.stop()  # the link goes down; two more payments are taken meanwhile
        enqueue_payments(enrolled.db, later)
        coordinator.sync_now()
        qtbot.waitUntil(
            lambda: (
                coordinator.status().link is LinkState.OFFLINE and not coordinator.status().syncing
            ),
            timeout=20_000,
        )
        assert coordinator.status().pending == 2
        saved += take_sync_screenshots(start, out, prefix="21-offline")
    finally:
        assert coordinator.stop(10)
    assert [p.name for p in saved] == [
        "20-sync-status-bar.png",
        "20-attention.png",
        "21-offline-sync-status-bar.png",
        "21-offline-attention.png",
    ]
    assert all(p.stat().st_size > 10_000 for p in saved)


def test_long_texts_shrink_instead_of_widening_the_window(bar: SyncStatusBar) -> None:
    bar.show_status(
        snapshot(
            link=LinkState.OFFLINE,
            pending=1_234_567,
            oldest_pending_at=NOW - timedelta(days=3),
            attention=12,
            policy=OfflinePolicy("BR-A", 72, Money(123_456_789, "INR"), Money(9_999_950, "INR")),
        )
    )
    assert bar.policy_label.text() == "Limits 72 h · ₹12,34,567.89 · ₹99,999.50 each"
    for label in (bar.link_label, bar.waiting_label, bar.policy_label):
        assert label.minimumSizeHint().width() <= 60 < label.sizeHint().width()
