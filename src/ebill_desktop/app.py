"""The composition root: folders, settings, logging, the cache and its services, then Qt.

Everything the counter needs is built here, once, in this order, and handed down; no module
keeps global application state. Qt itself starts in :mod:`ebill_desktop.ui.counter_app`.
"""

from __future__ import annotations

import importlib
import logging
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ebill_desktop.config import DataPaths, Settings, SettingsLoad, SettingsStore
from ebill_desktop.logging_setup import configure_logging
from ebill_desktop.services.account_summary import AccountSummaryService
from ebill_desktop.services.bill_detail import BillDetailService
from ebill_desktop.services.login import LoginService
from ebill_desktop.services.lookup import LookupService
from ebill_desktop.storage.database import CacheDatabase, CacheOpenError, open_cache
from ebill_desktop.ui.counter_services import (
    CardTenders,
    CounterServices,
    DemoCredential,
    Payments,
)

if TYPE_CHECKING:
    from ebill_desktop.security.keyring_store import CredentialStore
    from ebill_desktop.ui.sync_status import SyncControl

log = logging.getLogger(__name__)

EXIT_CACHE_ERROR = 2
DEMO_SEED = 42
SCREENSHOT_QUERY = "kumar"  # a name fragment the demo utility has many consumers for
# The utility's name printed on receipts: head office sends no name yet, and the settings have
# none, so receipts print this until one of them does.
RECEIPT_UTILITY_NAME = "Electricity Supply - ebill"


@dataclass(slots=True)
class Terminal:
    """One terminal's folders, settings and open cache."""

    paths: DataPaths
    store: SettingsStore
    loaded: SettingsLoad
    db: CacheDatabase

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    def keep_geometry(self, geometry: str) -> None:
        """Remember the window's size and place for the next start (settings, atomically)."""
        if geometry == self.loaded.settings.window_geometry:
            return  # unchanged: no need to rewrite (and fsync) the settings file on every exit
        settings = replace(self.loaded.settings, window_geometry=geometry)
        self.loaded = replace(self.loaded, settings=settings)
        self.store.save(settings)


def prepare(paths: DataPaths) -> tuple[SettingsStore, SettingsLoad]:
    """Folders, logging and settings: what every command needs before anything else."""
    paths.create()
    log_file = configure_logging(paths.log_dir)
    log.info("ebill-desktop starting; data in %s, log in %s", paths.data_dir, log_file)
    store = SettingsStore(paths.settings_file)
    loaded = store.load()
    if loaded.problem:
        log.warning("%s", loaded.problem)
    return store, loaded


def open_terminal(paths: DataPaths) -> Terminal:
    """Prepare the terminal and open its cache (raises :class:`CacheOpenError`, file untouched)."""
    store, loaded = prepare(paths)
    db = open_cache(paths.cache_file)
    return Terminal(paths, store, loaded, db)


def run_app(
    paths: DataPaths,
    *,
    quit_after_ready: bool = False,
    before_start: Callable[[Terminal], Sequence[DemoCredential]] | None = None,
    credentials: CredentialStore | None = None,
) -> int:
    """Open the terminal and show the counter; the process exit code.

    ``before_start`` (the demo command) runs on the open terminal before the window is made and
    returns the demo credentials to show at login. ``credentials``: where the terminal's
    credential is (None: this computer's keyring, opened by the sync worker).
    """
    from ebill_desktop.sync.coordinator import (
        STARTUP_GRACE_SECONDS,
        SyncCoordinator,
        coordinator_for,
    )
    from ebill_desktop.ui.counter_app import CounterStart, run_counter, show_fatal

    try:
        terminal = open_terminal(paths)
    except CacheOpenError as error:
        log.error("cache not opened: %s", error)
        show_fatal(str(error))
        return EXIT_CACHE_ERROR
    sync: SyncCoordinator | None = None
    try:
        demo = before_start(terminal) if before_start is not None else ()
        # After before_start: the demo enrols the terminal there. Not enrolled: it only reads.
        sync = coordinator_for(terminal.db, paths.data_dir, terminal.settings, credentials)
        sync.start(first_round_after=STARTUP_GRACE_SECONDS)  # the window first
        start = CounterStart(
            services=build_services(terminal.db, sync=sync, settings=terminal.settings),
            settings=terminal.settings,
            keep_geometry=terminal.keep_geometry,
            data_as_of=terminal.db.data_as_of(),
            demo_credentials=tuple(demo),
            notice=terminal.loaded.problem,
        )
        return run_counter(start, quit_after_ready=quit_after_ready)
    finally:
        if sync is not None:
            sync.stop()  # joined before the cache closes under it
        terminal.db.close()


# What the first log-in and the first consumer summary import (SQLAlchemy and the mapped tables,
# argon2). Start-up does without them; warm_up() loads them while the cashier types at the login.
FIRST_USE_MODULES = (
    "ebill_core.passwords",
    "ebill_desktop.storage.record_rows",
    "ebill_desktop.services.account_summary_sql",
)


def build_services(
    db: CacheDatabase,
    *,
    sync: SyncControl | None = None,
    settings: Settings | None = None,
    printer_uri: str | None = None,
    payment_terminal: tuple[str, str] | None = None,
) -> CounterServices:
    """The services the views call, over one open cache (and the sync worker, if any).

    ``settings`` give the receipts' counter identity (defaults when None); ``printer_uri``
    (``tcp://host:9100``, ``virtual:`` ...) is the receipt printer, None for none;
    ``payment_terminal`` (base URL, device id) the card/UPI terminal, None for none.
    """
    from ebill_desktop.services.payment_setup import counter_setup
    from ebill_desktop.services.payment_types import PaymentRules

    rules = PaymentRules()
    setup = counter_setup(settings or Settings(), db, utility_name=RECEIPT_UTILITY_NAME)

    def payment_service() -> Payments:
        # Its SQL (SQLAlchemy) loads with the first payment, on a worker, not at start-up.
        from ebill_desktop.services.payments import PaymentService

        return PaymentService(db, setup, rules)

    return CounterServices(
        sync=sync,
        lookup=LookupService(db),
        summaries=AccountSummaryService(db),
        login=LoginService(db),
        warm_up=lambda: warm_up(db),
        bills=BillDetailService(db),
        payments=cast(Payments, MadeOnFirstUse(payment_service)),
        printer=None if printer_uri is None else printer_connection(printer_uri),
        cash_ceiling=rules.cash_ceiling,
        cards=None if payment_terminal is None else card_tenders(db, *payment_terminal),
    )


def card_tenders(db: CacheDatabase, url: str, device_id: str) -> CardTenders:
    """Card and UPI through the terminal at ``url``, made on first use (off start-up)."""

    def make() -> object:
        from ebill_desktop.payment_terminals.http_terminal import HttpPaymentTerminal
        from ebill_desktop.payment_terminals.service import CardTenderService

        return CardTenderService(db, HttpPaymentTerminal(url, device_id))

    return cast(CardTenders, MadeOnFirstUse(make))


class MadeOnFirstUse:
    """A service made by ``make()`` when one of its methods is first asked for (any thread)."""

    def __init__(self, make: Callable[[], object]) -> None:
        self._make = make
        self._made: object | None = None
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        with self._lock:
            if self._made is None:
                self._made = self._make()
        return getattr(self._made, name)


def printer_connection(uri: str) -> Callable[[], Any]:
    """A maker of unopened transports to the printer at ``uri`` (checked now, opened per job)."""
    from ebill_desktop.printing.transports import open_transport
    from ebill_desktop.printing.uri import parse_printer_uri

    parse_printer_uri(uri)  # a bad URI is refused at start-up, not at the first receipt
    return lambda: open_transport(uri)


def warm_up(db: CacheDatabase) -> None:
    """Import what the first log-in and consumer summary need, and make the cache's engine."""
    for name in FIRST_USE_MODULES:
        importlib.import_module(name)
    _ = db.engine  # made on first use: here, rather than in the first log-in


def demo_credentials(terminal: Terminal, *, customers: int) -> tuple[DemoCredential, ...]:
    """Fill an empty cache with the demo utility (progress on the console); its operators.

    A cache that already holds data is used as it is; the demo operators are the catalogue's,
    which every demo cache is seeded with.
    """
    from ebill_core.demo.catalogue import OPERATORS
    from ebill_desktop.storage.demo_seed import seed_demo

    operators: Sequence[Any] = OPERATORS
    if terminal.db.is_empty():
        log.info("seeding a demo cache with %d customers", customers)
        operators = seed_demo(
            terminal.db,
            customers=customers,
            seed=DEMO_SEED,
            progress=console_progress("Making demo data"),
        )
    return tuple(DemoCredential(o.login, o.password, o.full_name, str(o.role)) for o in operators)


def run_screenshots(paths: DataPaths | None, *, out_dir: Path, customers: int) -> int:
    """``ebill-desktop screenshots``: every view with demo data, rendered offscreen to PNG.

    Without ``--data-dir`` the demo cache is made in a temporary folder and thrown away.
    """
    if paths is None:
        with tempfile.TemporaryDirectory(prefix="ebill-screenshots-") as scratch:
            return run_screenshots(
                DataPaths.under(Path(scratch)), out_dir=out_dir, customers=customers
            )
    from ebill_desktop.ui.counter_app import CounterStart
    from ebill_desktop.ui.screenshots import ScreenshotError, take_screenshots

    try:
        terminal = open_terminal(paths)
    except CacheOpenError as error:
        print(f"ebill cannot open the cache: {error}", file=sys.stderr)
        return EXIT_CACHE_ERROR
    try:
        credentials = demo_credentials(terminal, customers=customers)
        start = CounterStart(
            services=build_services(
                terminal.db, settings=terminal.settings, printer_uri="virtual:screenshots"
            ),
            settings=replace(terminal.settings, window_geometry=None),
            keep_geometry=lambda _geometry: None,  # screenshots leave the settings alone
            data_as_of=terminal.db.data_as_of(),
            demo_credentials=credentials,
        )
        saved = take_screenshots(start, out_dir, text_query=SCREENSHOT_QUERY)
    except ScreenshotError as error:
        print(f"screenshots failed: {error}", file=sys.stderr)
        return 1
    finally:
        terminal.db.close()
    for path in saved:
        print(path)
    return 0


def console_progress(label: str) -> Callable[[int, int], None]:
    """A progress callback printing ``label: done/total (pct)`` on one console line."""

    def report(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        end = "\n" if done >= total else ""
        print(f"\r{label}: {done:,}/{total:,} ({percent}%)", end=end, file=sys.stderr, flush=True)

    return report


def data_paths(data_dir: Path | None, *, demo: bool = False) -> DataPaths:
    """``--data-dir`` if given, else the user's platform folders (the demo's own, for a demo)."""
    if data_dir is not None:
        return DataPaths.under(data_dir)
    return DataPaths.for_user_demo() if demo else DataPaths.for_user()
