"""``ebill-desktop demo``: the counter against a real central server, started for the demo.

The demo runs the same path a real counter does: a central server (``ebill-central``, as its
own process: this package never imports ``ebill_central``) with an SQLite database, a one-time
enrolment code, enrolment, the first sync from the change feed, then the counter.

Where things live (``<demo>`` is the demo's data folder, ``~/.local/share/ebill/demo`` on Linux,
or ``--data-dir``)::

    <demo>/cache.sqlite3, settings.json, logs/     the terminal, as for any counter
    <demo>/central/central.sqlite3                 the central server's database
    <demo>/central/server.log                      everything the server and its commands said
    <demo>/central/demo-central.json               the set-up is complete; the demo terminal's id

First run: ``ebill-central init``, ``seed --customers N``, ``add-branch`` and ``add-terminal``
(each a child process), then ``serve``. Later runs reuse the database and the terminal cache:
``init`` (upgrades the schema if ebill changed), then ``new-code`` for the SAME terminal.
The credential is kept only in this process's memory (:class:`MemoryKeyring`), so each run
enrols again; re-enrolling the same terminal (rather than adding a new one) keeps its number,
and with it the continuity of its payments' sequence numbers and receipt numbers, and the
server replaces the terminal's credential, so the previous run's is refused from then on.

The server listens on 127.0.0.1 only, on a free port (or ``--central-port``); it is stopped when
the counter closes, when anything fails and on Ctrl+C (terminate, then kill after
:data:`STOP_TIMEOUT_S`). It also watches its standard input, a pipe from this process, and
shuts down when that closes, so it does not outlive a demo process that was killed outright.

The counter's devices are simulated in this process: the card/UPI payment terminal
(:class:`~ebill_desktop.payment_terminals.simulator.TerminalSimulator`, on a free loopback port,
approving every sale) and the receipt printer (``virtual://demo``, whose receipts the counter
shows in a window of their own). Both are written to the demo terminal's settings on every run
(the simulator's port changes) and stop with the demo.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import requests

from ebill_desktop import app
from ebill_desktop.app import console_progress
from ebill_desktop.config import DataPaths, SettingsStore, write_atomically
from ebill_desktop.payment_terminals.simulator import TerminalSimulator
from ebill_desktop.security.keyring_store import CredentialStore, KeyringUnavailable
from ebill_desktop.security.memory_keyring import MemoryKeyring
from ebill_desktop.storage.database import CacheDatabase, CacheOpenError, open_cache
from ebill_desktop.sync.enrolment import EnrolmentRefusedError, enrol, terminal_connection
from ebill_desktop.sync.http import CentralError
from ebill_desktop.sync.puller import FeedRefusedError, PullReport, pull_changes
from ebill_desktop.ui.counter_services import DemoCredential

log = logging.getLogger(__name__)

DEFAULT_CUSTOMERS = 2000  # the central seed takes about 5 s for these (docs/desktop.md)
DEMO_SEED = 42
DEMO_BRANCH = "DEMO-1"
DEMO_OFFICE = "SD-014"  # the office of the demo operators cashier, supervisor, admin, kiosk1
LOOPBACK = "127.0.0.1"
STATE_VERSION = 1
HEALTH_TIMEOUT_S = 60.0  # a cold start on a busy machine: imports, then the schema check
STOP_TIMEOUT_S = 10.0
COMMAND_TIMEOUT_S = 300.0  # any ebill-central command but seed (which takes as long as it takes)
LOG_TAIL_LINES = 15
BIND_ATTEMPTS = 3  # with a free port chosen by the demo (see start_central)
EXIT_DEMO_FAILED = 1
EXIT_INTERRUPTED = 130
DEMO_PRINTER_URI = "virtual://demo"
DEMO_CARD_DEVICE = "SIM-DEMO"


class DemoCentralError(Exception):
    """The demo cannot go on; ``message`` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- the demo's central folder ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CentralFiles:
    """The central server's files inside one demo folder."""

    folder: Path

    @classmethod
    def of(cls, paths: DataPaths) -> CentralFiles:
        return cls(paths.data_dir / "central")

    @property
    def database(self) -> Path:
        return self.folder / "central.sqlite3"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database}"

    @property
    def log_file(self) -> Path:
        return self.folder / "server.log"

    @property
    def state_file(self) -> Path:
        return self.folder / "demo-central.json"

    def remove_database(self) -> None:
        """Delete an unfinished database (and SQLite's side files) before making it again."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class DemoState:
    """Written once the central set-up is complete; the terminal id once it is added."""

    customers: int
    terminal_id: int | None = None

    @classmethod
    def load(cls, files: CentralFiles) -> DemoState | None:
        """The stored state; None when there is none (or it is unreadable: start again)."""
        try:
            raw = json.loads(files.state_file.read_text(encoding="utf-8"))
            if raw.get("version") != STATE_VERSION:
                return None
            customers, terminal = raw["customers"], raw["terminal_id"]
        except (OSError, ValueError, AttributeError, KeyError):
            return None
        if not isinstance(customers, int) or not (terminal is None or isinstance(terminal, int)):
            return None
        return cls(customers, terminal)

    def save(self, files: CentralFiles) -> None:
        payload = {"version": STATE_VERSION, "customers": self.customers}
        write_atomically(files.state_file, json.dumps({**payload, "terminal_id": self.terminal_id}))


# -- ebill-central commands -------------------------------------------------------------------


def central_argv(files: CentralFiles, *args: str) -> list[str]:
    """The command line of one ``ebill-central`` command on the demo's database."""
    return [sys.executable, "-m", "ebill_central", "--database", files.database_url, *args]


def run_central(files: CentralFiles, *args: str, timeout: float | None = COMMAND_TIMEOUT_S) -> str:
    """Run ``ebill-central ARGS``; its stdout. Its stderr goes to the server log.

    Raises :class:`DemoCentralError` with the command's own error line when it fails.
    """
    log.info("ebill-central %s", " ".join(args))
    try:
        done = subprocess.run(
            central_argv(files, *args),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        why = f"did not finish in {timeout:.0f} s"
        raise DemoCentralError(f"'ebill-central {args[0]}' {why}") from None
    except OSError as error:
        why = f"could not be started: {error}"
        raise DemoCentralError(f"'ebill-central {args[0]}' {why}") from None
    _append_log(files, f"{_stamp()} $ ebill-central {args[0]}\n{done.stderr}")
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        raise DemoCentralError(f"'ebill-central {args[0]}' failed: {lines[-1]}")
    return done.stdout


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _append_log(files: CentralFiles, text: str) -> None:
    with files.log_file.open("a", encoding="utf-8") as out:
        out.write(text if text.endswith("\n") else text + "\n")


def set_up_central(files: CentralFiles, customers: int) -> DemoState:
    """Make, seed and organise the demo database on the first run; upgrade it on later ones."""
    files.folder.mkdir(parents=True, exist_ok=True)
    state = DemoState.load(files)
    if state is not None:
        run_central(files, "init")  # upgrades the schema when this ebill is newer
        if customers != state.customers:
            _say(f"the demo database already holds {state.customers:,} customers; kept as it is")
        return state
    files.remove_database()  # an earlier first run that did not finish
    _say(f"creating the demo central database with {customers:,} customers (first run only)...")
    started = time.perf_counter()
    run_central(files, "init")
    run_central(
        files, "seed", "--customers", str(customers), "--seed", str(DEMO_SEED), timeout=None
    )
    run_central(files, "add-branch", DEMO_BRANCH, "Demo cash hall", "--office", DEMO_OFFICE)
    state = DemoState(customers)
    state.save(files)
    _say(f"demo central database made in {time.perf_counter() - started:.0f} s")
    return state


def enrolment_code(files: CentralFiles, state: DemoState) -> tuple[DemoState, str]:
    """A one-time code for the demo terminal: a new terminal on the first run, else a fresh code
    for the same one (see the module). The state, with the terminal's id, is saved."""
    if state.terminal_id is None:
        out = run_central(
            files, "add-terminal", "--branch", DEMO_BRANCH, "--name", "Demo counter", "--json"
        )
    else:
        out = run_central(files, "new-code", str(state.terminal_id), "--code-hours", "1", "--json")
    try:
        answer = json.loads(out)
        terminal_id, code = int(answer["terminal_id"]), str(answer["enrolment_code"])
    except (ValueError, TypeError, KeyError):
        why = "ebill-central gave no enrolment code the demo could read"
        raise DemoCentralError(why) from None
    if state.terminal_id is None:
        state = DemoState(state.customers, terminal_id)
        state.save(files)
    return state, code


# -- the server process -----------------------------------------------------------------------


def free_port() -> int:
    """A port on the loopback interface that nothing listens on just now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def check_port_free(port: int) -> None:
    """:class:`DemoCentralError` unless ``port`` on 127.0.0.1 can be listened on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name == "posix":  # as the server will: a closed connection's TIME_WAIT is no user
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
            probe.listen(1)
        except OSError as error:
            raise DemoCentralError(
                f"port {port} on {LOOPBACK} cannot be used ({error.strerror or error}): "
                "choose another with --central-port, or leave it out for a free one"
            ) from None


class CentralProcess:
    """One ``ebill-central serve`` child on loopback; a context manager that always stops it."""

    def __init__(self, files: CentralFiles, port: int) -> None:
        self.files = files
        self.port = port
        self.url = f"http://{LOOPBACK}:{port}"
        self._log_start = files.log_file.stat().st_size if files.log_file.exists() else 0
        self._log: IO[bytes] = files.log_file.open("ab")
        self._log.write(f"{_stamp()} $ ebill-central serve --port {port}\n".encode())
        self._log.flush()
        try:
            self.process = subprocess.Popen(
                central_argv(files, *_serve_args(port)),
                stdin=subprocess.PIPE,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                **_own_process_group(),
            )
        except OSError as error:
            self._log.close()
            why = f"the demo central server could not be started: {error}"
            raise DemoCentralError(why) from None
        log.info("demo central server: pid %d, %s", self.process.pid, self.url)

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_until_healthy(self, timeout: float = HEALTH_TIMEOUT_S) -> None:
        """Return once ``/api/v1/health`` answers; :class:`DemoCentralError` with the server's
        last log lines if it exits first or does not answer in ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with requests.Session() as http:
            http.trust_env = False  # loopback: never through a proxy from the environment
            while True:
                code = self.process.poll()
                if code is not None:
                    raise self._failed(f"it stopped while starting (exit status {code})")
                # Still running after the answer: it was ours, not another server's on the port.
                if _answers_health(http, self.url) and self.process.poll() is None:
                    return
                if time.monotonic() > deadline:
                    raise self._failed(f"it did not answer within {timeout:.0f} s")
                time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server (terminate, then kill after :data:`STOP_TIMEOUT_S`) and wait for it."""
        try:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    log.warning("demo central server did not stop in time: killed")
                    self.process.kill()
                    self.process.wait()
            log.info("demo central server stopped (exit status %s)", self.process.returncode)
        finally:
            if self.process.stdin is not None:
                self.process.stdin.close()
            self._log.close()

    def log_tail(self) -> list[str]:
        """The last lines this server (this run's, not an earlier one's) wrote to its log."""
        if not self._log.closed:
            self._log.flush()
        with self.files.log_file.open("rb") as text:
            text.seek(self._log_start)
            lines = text.read().decode("utf-8", "replace").splitlines()
        return lines[-LOG_TAIL_LINES:]

    def lost_its_port(self) -> bool:
        """The server stopped because it could not listen on its port (uvicorn's own words)."""
        return any("while attempting to bind" in line for line in self.log_tail())

    def _failed(self, why: str) -> DemoCentralError:
        tail = "\n".join(f"  | {line}" for line in self.log_tail())
        return DemoCentralError(
            f"the demo central server did not start: {why}. Its last log lines "
            f"({self.files.log_file}):\n{tail}"
        )

    def __enter__(self) -> CentralProcess:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _serve_args(port: int) -> tuple[str, ...]:
    return ("serve", "--host", LOOPBACK, "--port", str(port), "--stop-when-stdin-closes")


def _own_process_group() -> dict[str, Any]:
    # Ctrl+C in the console reaches this process only; it then stops the server itself, in
    # order, instead of the server vanishing under a counter that is still open.
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _answers_health(http: requests.Session, base_url: str) -> bool:
    try:
        return http.get(f"{base_url}/api/v1/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def start_central(files: CentralFiles, port: int) -> CentralProcess:
    """Start the server on ``port`` (0: a free one) and wait until it answers.

    A free port can be taken by another program between choosing it and the server binding it;
    then (and only then) the start is tried again on another, :data:`BIND_ATTEMPTS` times in all.
    """
    attempt = 1
    while True:
        chosen = port or free_port()
        check_port_free(chosen)
        server = CentralProcess(files, chosen)
        try:
            server.wait_until_healthy()
            return server
        except DemoCentralError:
            server.stop()
            if port or attempt == BIND_ATTEMPTS or not server.lost_its_port():
                raise
            log.warning("port %d was taken before the demo server bound it; another port", chosen)
            attempt += 1
        except BaseException:
            server.stop()
            raise


# -- enrolment and the first sync --------------------------------------------------------------


def enrol_demo_terminal(
    server: CentralProcess, code: str, store: SettingsStore, credentials: CredentialStore
) -> int:
    """Enrol the demo folder's terminal with ``server``; the terminal's id.

    A demo terminal enrolled on an earlier run is forgotten first (the settings only: its
    credential died with that run's process), so that :func:`enrol` may enrol it again.
    """
    loaded = store.load()
    if loaded.settings.central_terminal_id is not None:
        try:
            store.update(loaded.settings, central_url=None, central_terminal_id=None)
        except (ValueError, OSError) as error:
            raise DemoCentralError(f"the demo's settings could not be saved: {error}") from None
    machine = f"{socket.gethostname()[:80]} (demo)"
    try:
        identity = enrol(server.url, code, machine, store, credentials)
    except (EnrolmentRefusedError, KeyringUnavailable, CentralError) as error:
        raise DemoCentralError(f"the demo terminal could not enrol: {error.message}") from None
    _say(f"enrolled as terminal {identity.terminal_id} of branch {identity.branch_code}")
    return identity.terminal_id


def first_sync(db: CacheDatabase, store: SettingsStore, credentials: CredentialStore) -> None:
    """Pull the change feed to its end (all of it on the first run, what is new later)."""
    progress = console_progress("Receiving changes") if sys.stderr.isatty() else None
    report = PullReport()
    try:
        with terminal_connection(store.load().settings, credentials) as connection:
            pull_changes(db, connection, progress=progress, report=report)
    except (CentralError, FeedRefusedError) as error:
        raise DemoCentralError(f"the demo's first sync failed: {error.message}") from None
    pages = f"{report.pages} page" + ("" if report.pages == 1 else "s")
    _say(f"synced: {report.changes:,} changes in {pages}")


def demo_logins(office_code: str) -> tuple[DemoCredential, ...]:
    """The demo operators this terminal received (the feed sends an office's operators only)."""
    from ebill_core.demo.catalogue import OPERATORS

    return tuple(
        DemoCredential(o.login, o.password, o.full_name, str(o.role))
        for o in OPERATORS
        if o.office_code == office_code
    )


# -- the demo's devices: a card/UPI terminal and a printer, both simulated in this process -------


def start_payment_terminal() -> TerminalSimulator:
    """The payment-terminal simulator, listening on a free loopback port; ``with`` it serves on
    a thread of this process and stops when the block ends."""
    try:
        return TerminalSimulator(0, host=LOOPBACK, device_id=DEMO_CARD_DEVICE)
    except OSError as error:
        raise DemoCentralError(f"the payment terminal simulator could not start: {error}") from None


def use_demo_devices(store: SettingsStore, card_terminal: TerminalSimulator) -> None:
    """Point the demo terminal's settings at the simulator and the virtual printer.

    The simulator's port changes with every run, so it is written on every run, as enrolment
    writes the central server's address.
    """
    try:
        store.update(
            store.load().settings,
            printer_uri=DEMO_PRINTER_URI,
            payment_terminal_url=card_terminal.url,
            payment_terminal_device_id=DEMO_CARD_DEVICE,
        )
    except (ValueError, OSError) as error:
        raise DemoCentralError(f"the demo's settings could not be saved: {error}") from None
    _say(f"card/UPI terminal simulator on {card_terminal.url} (device {DEMO_CARD_DEVICE})")
    _say(f"receipts go to the virtual printer ({DEMO_PRINTER_URI}), shown in a window of their own")


# -- the command --------------------------------------------------------------------------------


def run_demo(
    paths: DataPaths,
    *,
    customers: int = DEFAULT_CUSTOMERS,
    port: int = 0,
    quit_after_ready: bool = False,
) -> int:
    """``ebill-desktop demo``: central server, enrolment, first sync, then the counter."""
    began = time.perf_counter()
    store, _loaded = app.prepare(paths)
    credentials = CredentialStore(MemoryKeyring())  # this process only: see the module
    try:
        with (
            _prepared_server(paths, store, credentials, customers, port) as server,
            start_payment_terminal() as card_terminal,
        ):
            took = time.perf_counter() - began
            _say(f"central server {server.url} (pid {server.pid}) ready after {took:.0f} s")
            use_demo_devices(store, card_terminal)
            _say("opening the counter; closing it (or Ctrl+C) stops the server")
            settings = store.load().settings
            logins = demo_logins(settings.office_code)
            return app.run_app(
                paths,
                quit_after_ready=quit_after_ready,
                before_start=lambda _terminal: logins,
                credentials=credentials,
            )
    except DemoCentralError as error:
        log.error("demo not started: %s", error.message)
        print(f"error: {error.message}", file=sys.stderr)
        return EXIT_DEMO_FAILED
    except KeyboardInterrupt:
        print("\ndemo interrupted; nothing of it is left running", file=sys.stderr)
        return EXIT_INTERRUPTED


def _prepared_server(
    paths: DataPaths,
    store: SettingsStore,
    credentials: CredentialStore,
    customers: int,
    port: int,
) -> CentralProcess:
    """The running server, with the terminal enrolled and synced (the server is stopped if any
    step fails)."""
    files = CentralFiles.of(paths)
    if port:
        check_port_free(port)  # before any work: a busy port is the user's to change
    db = _open_cache(paths)
    try:
        state = DemoState.load(files)
        _check_folder(paths, files, state, db, store)
        state, code = enrolment_code(files, set_up_central(files, customers))
        server = start_central(files, port)
        try:
            if enrol_demo_terminal(server, code, store, credentials) != state.terminal_id:
                raise DemoCentralError("the demo server enrolled a different terminal")
            first_sync(db, store, credentials)
        except BaseException:
            server.stop()
            raise
        return server
    finally:
        db.close()


def _open_cache(paths: DataPaths) -> CacheDatabase:
    try:
        return open_cache(paths.cache_file)
    except CacheOpenError as error:
        raise DemoCentralError(str(error)) from None


def _check_folder(
    paths: DataPaths,
    files: CentralFiles,
    state: DemoState | None,
    db: CacheDatabase,
    store: SettingsStore,
) -> None:
    """Refuse a demo folder whose terminal does not belong to its central database."""
    enrolled = store.load().settings.central_terminal_id
    reset = (
        f"delete the folder {paths.data_dir} to start the demo afresh, or use another --data-dir"
    )
    if state is not None and not files.database.exists():
        raise DemoCentralError(f"the demo's central database {files.database} is missing: {reset}")
    if state is None and (enrolled is not None or not db.is_empty()):
        raise DemoCentralError(
            f"this folder holds a terminal cache that the demo's central server did not make "
            f"(an older demo, or {files.folder} was removed): {reset}"
        )
    if state is not None and enrolled is not None and enrolled != state.terminal_id:
        raise DemoCentralError(
            f"this folder's terminal ({enrolled}) is not the demo's ({state.terminal_id}): {reset}"
        )


def _say(message: str) -> None:
    log.info("demo: %s", message)
    print(f"demo: {message}", file=sys.stderr, flush=True)
