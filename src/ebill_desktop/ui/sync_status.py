"""The sync in the status bar: link, items waiting, last sync, offline limits, first-sync progress.

The coordinator (:mod:`ebill_desktop.sync.coordinator`) runs on its own thread and reports
:class:`~ebill_desktop.sync.coordinator.SyncStatus` snapshots; :class:`SyncStatusBar` receives
them through a queued signal, so widgets are only ever touched on the UI thread. It also owns
the sync keys: F5 "Sync now" and F6 "Payments needing attention" (:mod:`.attention_view`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from babel.dates import format_datetime
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal, SignalInstance, Slot
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import QGridLayout, QMainWindow, QProgressBar, QToolButton, QWidget

from ebill_core.money import Money
from ebill_core.records import Operator
from ebill_desktop.sync.status import LinkState, SyncStatus
from ebill_desktop.ui.data_label import DataLabel
from ebill_desktop.ui.display import DISPLAY_LOCALE, amount_text, moment_text
from ebill_desktop.ui.table_model import plain_tooltip
from ebill_desktop.ui.tasks import TaskRunner

# The attention list (and the outbox it reads) loads at the first F6, not at start-up.
if TYPE_CHECKING:
    from ebill_desktop.sync.outbox import OutboxItem, Resolution
    from ebill_desktop.ui.attention_view import AttentionView

SYNC_NOW_KEY = "F5"
ATTENTION_KEY = "F6"
_AGE_REFRESH_MS = 30_000  # "oldest waiting 5 min" keeps counting between snapshots
_MIN_LABEL_WIDTH = 60

# The status bar is dark: tones readable on it (the application's error red is not).
_STYLE = """
QLabel { padding: 0px 6px; font-size: 10pt; }
QLabel[syncTone="good"] { color: #9be3b0; }
QLabel[syncTone="warn"] { color: #ffd479; }
QLabel[syncTone="bad"] { color: #ffb4a8; font-weight: 600; }
QToolButton#syncAttention {
    color: #13213a; background: #ffd479; border: none; border-radius: 4px;
    padding: 0px 6px; font-size: 10pt; font-weight: 600;
}
QToolButton#syncAttention:focus { border: 2px solid #f0a500; }
QProgressBar#syncProgress {
    color: #ffffff; background: #2d3a4d; border: 1px solid #5b6677; border-radius: 3px;
    max-height: 16px; min-width: 200px; text-align: center;
}
QProgressBar#syncProgress::chunk { background: #1f5fa8; }
"""


class SyncControl(Protocol):
    """What the counter asks of :class:`~ebill_desktop.sync.coordinator.SyncCoordinator`."""

    def status(self) -> SyncStatus: ...

    def add_listener(self, listener: Callable[[SyncStatus], None]) -> None: ...

    def remove_listener(self, listener: Callable[[SyncStatus], None]) -> None: ...

    def sync_now(self) -> None: ...

    def upload_now(self) -> None: ...

    def attention_items(self) -> list[OutboxItem]: ...

    def resolve(
        self, item_id: str, resolution: Resolution, note: str, *, actor: Operator
    ) -> None: ...


def age_text(age: timedelta) -> str:
    """``<1 min``, ``5 min``, ``2 h 5 min``, ``3 d 4 h``: how long something has waited."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "<1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def short_moment_text(moment: datetime, now: datetime) -> str:
    """``2:03 pm`` on the same day as ``now``, else ``5 Mar, 2:03 pm`` (the full date is in
    "Data as of" beside it)."""
    same_day = moment.astimezone(now.tzinfo).date() == now.date()
    pattern = "h:mm a" if same_day else "d MMM, h:mm a"
    return format_datetime(moment, pattern, locale=DISPLAY_LOCALE)


def whole_amount_text(amount: Money) -> str:
    """``₹50,000`` for a whole amount (a limit reads shorter), else ``₹49,999.50``."""
    text = amount_text(amount)
    return text.removesuffix(".00") if amount.minor % 100 == 0 else text


class _ElidedLabel(DataLabel):
    """A status bar label that shrinks with "…" instead of widening the window.

    The status bar's permanent widgets set the window's minimum width: at full length the
    sync's texts would push a 1280-pixel window past a 1366 x 768 counter screen.
    """

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), _MIN_LABEL_WIDTH), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment().value),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )
        painter.end()


class _StatusRelay(QObject):
    """Carries snapshots from the sync thread to the UI thread (a queued connection)."""

    arrived = Signal(object)

    def forward(self, status: SyncStatus) -> None:
        # The window may be gone while the worker still reports once: nothing to show then.
        with contextlib.suppress(RuntimeError):
            self.arrived.emit(status)


class SyncStatusBar(QWidget):
    """The sync's widgets in the status bar, updated from the coordinator's snapshots."""

    status_shown = Signal(object)  # the SyncStatus just shown
    attention_requested = Signal()

    def __init__(
        self,
        control: SyncControl,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setStyleSheet(_STYLE)
        self._control = control
        self._now = now
        self._status: SyncStatus | None = None

        self.link_label = _ElidedLabel(self.tr("Head office link"), object_name="syncLink")
        self.waiting_label = _ElidedLabel(self.tr("Waiting to be sent"), object_name="syncWaiting")
        self.policy_label = _ElidedLabel(self.tr("Offline limits"), object_name="syncPolicy")
        self.attention_button = QToolButton()
        self.attention_button.setObjectName("syncAttention")
        self.attention_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F6 is the keyboard's way
        self.attention_button.clicked.connect(self.attention_requested)
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setAccessibleName(self.tr("Receiving data from head office"))
        # Two short lines rather than one long one: the status bar also holds the operator, the
        # terminal and "Data as of", and must fit a 1280-pixel window.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(0)
        layout.setVerticalSpacing(0)
        layout.addWidget(self.progress, 0, 0, 2, 1)
        layout.addWidget(self.link_label, 0, 1)
        layout.addWidget(self.waiting_label, 1, 1)
        layout.addWidget(self.attention_button, 0, 2, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.policy_label, 1, 2)
        self.progress.hide()
        self.attention_button.hide()

        self._relay = _StatusRelay(self)
        self._relay.arrived.connect(self.show_status)
        self._ages = QTimer(self)
        self._ages.setInterval(_AGE_REFRESH_MS)
        self._ages.timeout.connect(self._refresh)
        self._ages.start()
        self.show_status(control.status())
        control.add_listener(self._relay.forward)

    def detach(self) -> None:
        """Stop hearing the coordinator (the window is closing)."""
        self._control.remove_listener(self._relay.forward)
        self._ages.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window() and event.type() == QEvent.Type.Close:
            self.detach()
        return False

    def status(self) -> SyncStatus | None:
        return self._status

    @Slot(object)
    def show_status(self, status: SyncStatus) -> None:
        """Show one snapshot (on the UI thread)."""
        self._status = status
        self._refresh()
        self.status_shown.emit(status)

    # -- texts ----------

    def _refresh(self) -> None:
        status = self._status
        if status is None:
            return
        now = self._now()
        link, tone = self._link_text(status, now)
        self._set(self.link_label, link, tone)
        self.link_label.setToolTip(plain_tooltip(self._link_details(status)) or "")
        waiting, tone = self._waiting_text(status, now)
        self._set(self.waiting_label, waiting, tone)
        self.waiting_label.setToolTip(plain_tooltip(waiting) or "")
        self.waiting_label.setVisible(bool(waiting))
        self._show_attention(status.attention)
        self._show_policy(status, now)
        self._show_progress(status)

    def _link_text(self, status: SyncStatus, now: datetime) -> tuple[str, str]:
        when = self._synced_text(status, now)
        if status.link is LinkState.NOT_ENROLLED:
            return self.tr("Sync: not enrolled"), "warn"
        if status.link is LinkState.LOCK_HELD_ELSEWHERE:
            return self.tr("Sync: another ebill is syncing this folder"), "warn"
        if status.link is LinkState.KEYRING_UNAVAILABLE:
            return self.tr("Sync stopped: keyring unavailable"), "bad"
        if status.link is LinkState.REFUSED:
            return self.tr("Sync refused by head office"), "bad"
        if status.offline_too_long(now):
            return self.tr("Offline too long · {when}").format(when=when), "bad"
        if status.syncing:  # the link as last known, and that a round is running
            when = self.tr("syncing…")
        if status.link is LinkState.ONLINE:
            tone = "warn" if status.last_error else "good"
            return self.tr("Online · {when}").format(when=when), tone
        if status.link is LinkState.OFFLINE:
            return self.tr("Offline · {when}").format(when=when), "warn"
        return self.tr("Connecting… · {when}").format(when=when), ""

    def _synced_text(self, status: SyncStatus, now: datetime) -> str:
        if status.last_good_sync is None:
            return self.tr("never synced")
        return self.tr("synced {moment}").format(
            moment=short_moment_text(status.last_good_sync, now)
        )

    def _link_details(self, status: SyncStatus) -> str:
        if status.last_good_sync is None:
            last = self.tr("Never synced with head office.")
        else:
            last = self.tr("Last good sync: {moment}.").format(
                moment=moment_text(status.last_good_sync)
            )
        lines = [self.link_label.text(), last]
        policy = self._policy_sentence(status)
        if policy is not None:
            lines.append(policy)
        if status.last_error:
            lines.append(status.last_error)
        return "\n".join(lines)

    def _waiting_text(self, status: SyncStatus, now: datetime) -> tuple[str, str]:
        if not status.counted:
            return "", ""  # not read yet: no "Nothing to send" that may not be true
        if status.pending == 0:
            return self.tr("Nothing to send"), ""
        age = status.oldest_pending_age(now)
        count = self.tr("{count} to send").format(count=f"{status.pending:,}")
        if age is None:
            return count, "warn"
        return self.tr("{count} · oldest {age}").format(count=count, age=age_text(age)), "warn"

    def _show_attention(self, count: int) -> None:
        self.attention_button.setVisible(count > 0)
        text = self.tr("{count} need attention ({key})").format(
            count=f"{count:,}", key=ATTENTION_KEY
        )
        self.attention_button.setText(text)
        self.attention_button.setAccessibleName(text)

    def _show_policy(self, status: SyncStatus, now: datetime) -> None:
        # Online the limits bind nothing and the status bar is narrow: they are in the link's
        # tooltip then, and on the bar whenever they apply (offline, or too long without sync).
        policy = status.policy
        online = status.link is LinkState.ONLINE and not status.offline_too_long(now)
        if policy is None or online:
            self.policy_label.hide()
            return
        total = whole_amount_text(policy.max_total_offline)
        each = whole_amount_text(policy.max_per_payment)
        self._set(
            self.policy_label,
            self.tr("Limits {hours} h · {total} · {each} each").format(
                hours=policy.max_hours_since_sync, total=total, each=each
            ),
            "",
        )
        self.policy_label.setToolTip(plain_tooltip(self._policy_sentence(status) or "") or "")
        self.policy_label.show()

    def _policy_sentence(self, status: SyncStatus) -> str | None:
        policy = status.policy
        if policy is None:
            return None
        return self.tr(
            "Offline, this counter may go at most {hours} hours since the last sync, take at "
            "most {total} in total and at most {each} per payment."
        ).format(
            hours=policy.max_hours_since_sync,
            total=whole_amount_text(policy.max_total_offline),
            each=whole_amount_text(policy.max_per_payment),
        )

    def _show_progress(self, status: SyncStatus) -> None:
        progress = status.progress
        if progress is None:
            self.progress.hide()
            return
        # The server does not say how many changes remain: a busy bar, with what has arrived.
        self.progress.setRange(0, 0)
        what = self.tr("First sync") if progress.first_sync else self.tr("Catching up")
        text = self.tr("{what}: {done} changes received").format(
            what=what, done=f"{progress.done:,}"
        )
        self.progress.setFormat(text)
        self.progress.setToolTip(text)
        self.progress.setAccessibleDescription(text)
        self.progress.show()

    @staticmethod
    def _set(label: DataLabel, text: str, tone: str) -> None:
        if label.property("syncTone") != tone:
            label.setProperty("syncTone", tone)
            style = label.style()
            style.unpolish(label)
            style.polish(label)
        # After the tone: its (bold) font is what the label measures the text with.
        label.set_value(text)
        label.updateGeometry()


class SyncUi:
    """The sync's part of the window: the status bar widgets and the attention list."""

    def __init__(
        self,
        window: QMainWindow,
        bar: SyncStatusBar,
        control: SyncControl,
        runner: TaskRunner,
        operator: Callable[[], Operator | None],
    ) -> None:
        self.window = window
        self.bar = bar
        self._control = control
        self._runner = runner
        self._operator = operator
        self.attention: AttentionView | None = None  # made at the first F6

    def open_attention(self) -> None:
        """F6: the attention list, for a logged-in operator."""
        if self._operator() is None:
            return
        if self.attention is None:
            from ebill_desktop.ui.attention_view import AttentionView

            self.attention = AttentionView(
                self._control, self._runner, operator=self._operator, parent=self.window
            )
        self.attention.open_list()

    def close_attention(self) -> None:
        if self.attention is not None:
            self.attention.reject()


def install_sync_status(
    window: QMainWindow,
    control: SyncControl,
    runner: TaskRunner,
    *,
    operator: Callable[[], Operator | None],
    show_data_as_of: Callable[[datetime | None], None],
    view_changed: SignalInstance,
) -> SyncUi:
    """Put the sync's widgets in ``window``'s status bar and bind F5 and F6.

    "Data as of" in the window follows the snapshots; the attention list closes when the
    counter locks (``view_changed`` to ``"login"``).
    """
    bar = SyncStatusBar(control, parent=window)
    window.statusBar().insertPermanentWidget(0, bar)
    window.installEventFilter(bar)  # its Close event detaches the bar from the coordinator
    sync_ui = SyncUi(window, bar, control, runner, operator)

    def follow(status: SyncStatus) -> None:
        # None only before the worker first read the cache: keep what the window showed.
        if status.data_as_of is not None:
            show_data_as_of(status.data_as_of)

    bar.status_shown.connect(follow)
    follow(control.status())
    bar.attention_requested.connect(sync_ui.open_attention)
    view_changed.connect(lambda name: sync_ui.close_attention() if name == "login" else None)
    bindings: tuple[tuple[str, Callable[[], None]], ...] = (
        (SYNC_NOW_KEY, control.sync_now),
        (ATTENTION_KEY, sync_ui.open_attention),
    )
    for key, action in bindings:
        shortcut = QShortcut(QKeySequence(key), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(action)
    return sync_ui
