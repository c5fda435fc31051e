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
    ChequeBounces,
    CounterServices,
    DemoCredential,
    Payments,
    Voids,
)

if TYPE_CHECKING:
    from ebill_core.records import Operator
    from ebill_desktop.security.approvals import Approval
    from ebill_desktop.security.keyring_store import CredentialStore
    from ebill_desktop.services.payment_types import CounterSetup
    from ebill_desktop.sync.payment_export import ExportResult
    from ebill_desktop.ui.approval_dialog import Approvals
    from ebill_desktop.ui.shift_dialogs import ShiftTools
    from ebill_desktop.ui.sync_status import SyncControl

log = logging.getLogger(__name__)

EXIT_CACHE_ERROR = 2
DEMO_SEED = 42
SCREENSHOT_PRINTER = "virtual:screenshots"
SCREENSHOT_QUERY = "kumar"  # a name fragment the demo utility has many consumers for
# The utility's name printed on receipts: head office sends no name yet, and the settings have
# none, so receipts print this until one of them does.
RECEIPT_UTILITY_NAME = "Electricity Supply - ebill"
Z_REPORT_FOLDER = "z-reports"  # under the data folder: the PDF of every shift's Z report
EXPORT_FOLDER = "exports"  # under the data folder: where the close dialog suggests an export
AUDIT_CHAIN_KEY = "audit_chain"  # security.audit.CHAIN_KEY, read without importing it (a test)
RECOVERY_JOIN_S = 15.0  # the terminal's calls time out well within this


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

    def settings_change(self, actor: Operator) -> SettingsChange:
        """``actor``'s changes to this terminal's settings (the printer set-up dialog)."""
        return SettingsChange(self, actor)


@dataclass(frozen=True, slots=True)
class SettingsChange:
    """One operator's changes to the settings: permitted, audited, saved atomically.

    Runs on a worker. The audit entry and the file are written together: the entry is appended
    in an open write transaction, then the file is replaced; a refused value or a failed write
    rolls the entry back. The terminal's settings are updated too, so that saving the window's
    geometry on exit does not write the old values back.
    """

    terminal: Terminal
    actor: Operator

    def update(self, settings: Settings, **changes: Any) -> Settings:
        from ebill_desktop.security import audit
        from ebill_desktop.security.approvals import authorise
        from ebill_desktop.security.roles import Action

        authorise(Action.CHANGE_SETTINGS, self.actor)  # the window asked too; this decides
        terminal = self.terminal
        before = terminal.settings  # the file's values, whatever the dialog was opened with
        # Old and new values of what changed: the settings hold no secrets (those are in the
        # keyring), only addresses, sizes and names.
        changed = {
            name: {"from": getattr(before, name), "to": value}
            for name, value in changes.items()
            if getattr(before, name, value) != value
        }
        with terminal.db.write_transaction() as connection:
            if changed:
                audit.append(connection, self.actor.login, "settings_change", changed)
            saved = terminal.store.update(before, **changes)
        terminal.loaded = replace(terminal.loaded, settings=saved)
        return saved


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
    recovery: threading.Thread | None = None
    try:
        demo = before_start(terminal) if before_start is not None else ()
        # After before_start: the demo enrols the terminal there. Not enrolled: it only reads.
        settings = terminal.settings
        start_audit_chain(terminal.db, settings)  # before anything is audited
        sync = coordinator_for(terminal.db, paths.data_dir, settings, credentials)
        sync.start(first_round_after=STARTUP_GRACE_SECONDS)  # the window first
        services = build_services(
            terminal.db,
            sync=sync,
            settings=settings,
            printer_uri=settings.printer_uri,
            payment_terminal=payment_terminal_of(settings),
            shifts=True,
            z_report_folder=paths.data_dir / Z_REPORT_FOLDER,
            credentials=credentials,
            export_folder=paths.data_dir / EXPORT_FOLDER,
        )
        services = replace(services, change_settings=terminal.settings_change)
        recovery = start_card_recovery(services.cards)
        start = CounterStart(
            services=services,
            settings=settings,
            keep_geometry=terminal.keep_geometry,
            data_as_of=terminal.db.data_as_of(),
            demo_credentials=tuple(demo),
            notice=terminal.loaded.problem,
            virtual_printer=virtual_printer_name(settings.printer_uri),
        )
        return run_counter(start, quit_after_ready=quit_after_ready)
    finally:
        if sync is not None:
            sync.stop()  # joined before the cache closes under it
        if recovery is not None:
            recovery.join(RECOVERY_JOIN_S)  # its calls have short time limits of their own
        terminal.db.close()


def start_audit_chain(db: CacheDatabase, settings: Settings) -> None:
    """Record the audit chain's identity on the first start (security/audit.py).

    Later starts find it recorded with one read of the cache and write nothing, so they neither
    wait for a write nor load SQLAlchemy before the window shows.
    """
    if db.sync_value(AUDIT_CHAIN_KEY) is not None:
        return
    from ebill_desktop.security import audit

    audit.start_chain(db, audit.chain_identity(settings))


def payment_terminal_of(settings: Settings) -> tuple[str, str] | None:
    """(URL, device id) of the card/UPI terminal in the settings; None: card and UPI are off."""
    url, device_id = settings.payment_terminal_url, settings.payment_terminal_device_id
    if url is None:
        return None
    if device_id is None:
        log.warning(
            "payment_terminal_url is set but payment_terminal_device_id is not: card/UPI off"
        )
        return None
    return url, device_id


def start_card_recovery(cards: CardTenders | None) -> threading.Thread | None:
    """Settle the card/UPI requests an earlier run left open, on a thread of its own.

    A crash between the terminal's approval and the payment's commit leaves a request open;
    ``recover()`` asks the terminal and reverses or cancels what no payment holds (never guessing).
    The terminal may be slow or down, so this never runs on the UI thread or delays the window.
    """
    if cards is None:
        return None

    def recover() -> None:
        try:
            cards.recover()
        except Exception:  # the counter runs on; the requests stay open for the next start
            log.exception("card/UPI recovery failed")

    thread = threading.Thread(target=recover, name="ebill-card-recovery")
    thread.start()
    return thread


def virtual_printer_name(uri: str | None) -> str | None:
    """The name of the virtual printer ``uri`` names (its receipts are shown on screen)."""
    if uri is None or not uri.lower().startswith("virtual:"):
        return None
    from ebill_desktop.printing.uri import parse_printer_uri

    return parse_printer_uri(uri).name


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
    shifts: bool = False,
    z_report_folder: Path | None = None,
    credentials: CredentialStore | None = None,
    export_folder: Path | None = None,
) -> CounterServices:
    """The services the views call, over one open cache (and the sync worker, if any).

    ``settings`` give the receipts' counter identity (defaults when None); ``printer_uri``
    (``tcp://host:9100``, ``virtual:`` ...) is the receipt printer, None for none;
    ``payment_terminal`` (base URL, device id) the card/UPI terminal, None for none;
    ``shifts``: the shift menu (F9), its Z reports' PDFs kept in ``z_report_folder``; its
    close dialog exports unsynced payments (an enrolled terminal) with the export key in
    ``credentials`` (None: this computer's keyring), suggesting a file in ``export_folder``.
    """
    from ebill_desktop.services.payment_setup import counter_setup
    from ebill_desktop.services.payment_types import PaymentRules

    rules = PaymentRules()
    settings = settings or Settings()
    setup = counter_setup(settings, db, utility_name=RECEIPT_UTILITY_NAME)
    printer = None if printer_uri is None else printer_connection(printer_uri)

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
        printer=printer,
        cash_ceiling=rules.cash_ceiling,
        cards=None if payment_terminal is None else card_tenders(db, *payment_terminal),
        make_shift_tools=(
            (
                lambda: shift_tools(
                    db,
                    settings,
                    setup,
                    printer,
                    z_report_folder,
                    export=unsynced_export(db, settings, credentials),
                    export_folder=export_folder,
                )
            )
            if shifts
            else None
        ),
        approvals=cast("Approvals", MadeOnFirstUse(lambda: approval_service(db))),
        voids=cast(Voids, MadeOnFirstUse(lambda: void_service(db))),
        cheque_bounces=cast(ChequeBounces, MadeOnFirstUse(lambda: cheque_bounce_service(db))),
    )


def void_service(db: CacheDatabase) -> object:
    """Voids from the receipt view (its SQL and the approval checks load with the first one)."""
    from ebill_desktop.services.voids import VoidService

    return VoidService(db)


def cheque_bounce_service(db: CacheDatabase) -> object:
    """Bounced cheques from the receipt view (its SQL loads with the first one)."""
    from ebill_desktop.services.cheque_bounce import ChequeBounceService

    return ChequeBounceService(db)


def unsynced_export(
    db: CacheDatabase, settings: Settings, credentials: CredentialStore | None
) -> Callable[[Path, Operator, Approval | None], ExportResult] | None:
    """The close dialog's export of unsynced payments to a signed file (run on a worker);
    None for a terminal never enrolled (it has no key to sign with, and its close needs none)."""
    if settings.central_url is None or settings.central_terminal_id is None:
        return None

    def export(path: Path, actor: Operator, approval: Approval | None) -> ExportResult:
        from ebill_desktop.security.keyring_store import CredentialStore
        from ebill_desktop.sync.payment_export import export_unsynced

        store = credentials if credentials is not None else CredentialStore.for_this_computer()
        return export_unsynced(db, store, settings, path, actor, approval)

    return export


def approval_service(db: CacheDatabase) -> object:
    """Supervisors' approvals typed at this counter (a reprint after the first ...)."""
    from ebill_desktop.security.approvals import ApprovalService

    return ApprovalService(db)


def shift_tools(
    db: CacheDatabase,
    settings: Settings,
    setup: CounterSetup,
    printer: Callable[[], Any] | None,
    pdf_folder: Path | None,
    *,
    export: Callable[[Path, Operator, Approval | None], ExportResult] | None = None,
    export_folder: Path | None = None,
) -> ShiftTools:
    """The shift menu's services (made on a worker, see ``make_shift_tools``): shifts in the
    cache's currency, approvals, the header and printer for X/Z reports, the Z-report PDFs."""
    # The shift dialogs are Qt widgets: loaded here, by the composition root, for the window.
    from ebill_desktop.security.approvals import ApprovalService
    from ebill_desktop.services.collection_report import CollectionReportService
    from ebill_desktop.services.shifts import ShiftRules, ShiftService
    from ebill_desktop.ui.shift_dialogs import ShiftTools
    from ebill_desktop.ui.shift_report_view import printer_sender

    shifts = ShiftService(
        db,
        terminal=settings.terminal_id,
        rules=ShiftRules(currency=db.currency()),
        central_terminal_id=settings.central_terminal_id,
        branch_code=settings.branch_code,
    )
    return ShiftTools(
        shifts=shifts,
        approvals=ApprovalService(db),
        header=setup.header,
        tz=setup.tz,
        send=None if printer is None else printer_sender(printer),
        pdf_folder=pdf_folder,
        collections=CollectionReportService(
            db,
            branch=settings.branch_code or settings.office_code,
            terminal=settings.terminal_id,
            tz=setup.tz,
        ),
        export=export,
        export_folder=export_folder,
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
                terminal.db,
                settings=terminal.settings,
                printer_uri=SCREENSHOT_PRINTER,
                shifts=True,
                z_report_folder=paths.data_dir / Z_REPORT_FOLDER,
            ),
            settings=replace(terminal.settings, window_geometry=None),
            keep_geometry=lambda _geometry: None,  # screenshots leave the settings alone
            data_as_of=terminal.db.data_as_of(),
            demo_credentials=credentials,
            virtual_printer=virtual_printer_name(SCREENSHOT_PRINTER),
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
