"""``ebill-central``: the operators' jobs on the central server, from the command line.

Every command takes ``--database URL`` (else ``$EBILL_CENTRAL_DATABASE_URL``, else an SQLite
file in the user's data folder). Refusals print ``error: ...`` on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ebill_central.config import DATABASE_ENV, CentralSettings, load_settings
from ebill_central.db.engine import DatabaseUrlError, make_engine
from ebill_central.db.migrate import current_revision, head_revision, upgrade
from ebill_central.db.models import EnrolmentCodeRow, TerminalRow
from ebill_central.errors import CentralError, ConflictError, NotFoundError
from ebill_central.services.collection_report import collection_report, report_csv, report_text
from ebill_central.services.credentials import code_hash, new_enrolment_code
from ebill_central.services.organisation import PolicyLimits, add_branch, add_office, add_operator
from ebill_central.services.payment_import import import_payments, read_export_file
from ebill_central.services.seed import seed_demo
from ebill_central.services.terminals import NewTerminal, add_terminal, revoke_terminal
from ebill_core.money import Money, MoneyParseError

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI
    from uvicorn.supervisors import Multiprocess


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ebill-central", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", metavar="URL", help=f"SQLAlchemy URL (default: ${DATABASE_ENV} or SQLite)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("init", help="create the database or upgrade it to this version")

    seed = commands.add_parser("seed", help="load the demo utility into an empty database")
    seed.add_argument("--customers", type=int, required=True, metavar="N")
    seed.add_argument("--seed", type=int, default=42, metavar="S")
    seed.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD")

    serve = commands.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes (default 1); two terminals' uploads are posted in parallel",
    )
    serve.add_argument(
        "--stop-when-stdin-closes",
        action="store_true",
        help="shut down when standard input reaches its end: a parent process that starts the "
        "server with a pipe as stdin (ebill-desktop demo) takes it down even if it dies",
    )

    office = commands.add_parser("add-office", help="add an office")
    office.add_argument("code")
    office.add_argument("name")

    branch = commands.add_parser("add-branch", help="add a branch of an office")
    branch.add_argument("code")
    branch.add_argument("name")
    branch.add_argument("--office", required=True)
    branch.add_argument("--offline-hours", type=int, default=24)
    branch.add_argument("--offline-total", default="50000", metavar="AMOUNT")
    branch.add_argument("--offline-per-payment", default="10000", metavar="AMOUNT")
    branch.add_argument("--currency", default="INR")

    terminal = commands.add_parser("add-terminal", help="add a terminal; prints its code")
    terminal.add_argument("--branch", required=True)
    terminal.add_argument("--name", required=True)
    terminal.add_argument("--code-hours", type=int, default=None, metavar="H")
    terminal.add_argument("--json", action="store_true", help="print one JSON object")

    code = commands.add_parser(
        "new-code", help="a fresh one-time code for an existing terminal (to enrol it again)"
    )
    code.add_argument("terminal_id", type=int)
    code.add_argument("--code-hours", type=int, default=None, metavar="H")
    code.add_argument("--json", action="store_true", help="print one JSON object")

    revoke = commands.add_parser("revoke-terminal", help="refuse a terminal from now on")
    revoke.add_argument("terminal_id", type=int)

    operator = commands.add_parser("add-operator", help="add an operator (password on stdin)")
    operator.add_argument("login")
    operator.add_argument("--name", required=True)
    operator.add_argument("--role", required=True)
    operator.add_argument("--office", required=True)

    imported = commands.add_parser(
        "import-payments", help="post a terminal's signed file of unsynced payments"
    )
    imported.add_argument("file", type=Path, metavar="FILE")

    report = commands.add_parser("report", help="reports for head office")
    reports = report.add_subparsers(dest="report", required=True, metavar="REPORT")
    collections = reports.add_parser(
        "collections", help="collections per branch, operator and tender on one day"
    )
    collections.add_argument("--day", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    collections.add_argument("--branch", metavar="CODE", help="one branch (default: all)")
    collections.add_argument("--csv", metavar="FILE", help="also write the report as CSV")
    return parser


def _ready_engine(settings: CentralSettings) -> Engine:
    """An engine on a database whose schema is this program's; refuse anything else."""
    engine = make_engine(settings.database_url)
    current, head = current_revision(engine), head_revision()
    if current != head:
        engine.dispose()
        state = "not initialised" if current is None else f"at schema {current}, not {head}"
        raise CentralError("not_ready", f"the database is {state}: run 'ebill-central init'")
    return engine


def _init(settings: CentralSettings, _args: argparse.Namespace) -> None:
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        print(f"database ready at schema {current_revision(engine)}")
    finally:
        engine.dispose()


def _seed(settings: CentralSettings, args: argparse.Namespace) -> None:
    engine = _ready_engine(settings)
    try:
        result = seed_demo(
            engine,
            args.customers,
            seed=args.seed,
            today=args.today,
            timezone=settings.utility_timezone,
        )
    except ValueError as error:  # the demo generator's own limits
        raise CentralError("bad_seed", str(error)) from None
    finally:
        engine.dispose()
    print(f"seeded {result.accounts} accounts, {result.bills} bills, {result.changes} changes")


def _serve(settings: CentralSettings, args: argparse.Namespace) -> None:
    import uvicorn

    from ebill_central.api import create_app

    if not 1 <= args.workers <= 64:
        raise CentralError("bad_workers", "--workers is a number of processes from 1 to 64")
    engine = _ready_engine(settings)
    if args.workers > 1:
        engine.dispose()  # each worker process makes its own
        _serve_workers(settings, args)
        return
    config = uvicorn.Config(
        create_app(settings, engine), host=args.host, port=args.port, log_level="info"
    )
    server = uvicorn.Server(config)
    if args.stop_when_stdin_closes:
        watch = threading.Thread(
            target=_stop_at_end_of_stdin, args=(server,), name="stdin-watch", daemon=True
        )
        watch.start()
    server.run()


_WORKERS_ENV = "EBILL_CENTRAL_WORKERS"


def worker_app() -> FastAPI:
    """The app of one ``serve --workers N`` process (uvicorn starts each with a fresh
    interpreter, so the settings come through the environment the parent set).

    Enrolment attempts are counted in each process, so each gets its share of the limit: N
    processes together never allow more attempts than one would.
    """
    from ebill_central.api import create_app

    settings = load_settings()
    workers = int(os.environ.get(_WORKERS_ENV, "1"))
    share = max(1, settings.enrol_attempts // workers)
    return create_app(replace(settings, enrol_attempts=share))


def _serve_workers(settings: CentralSettings, args: argparse.Namespace) -> None:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ[DATABASE_ENV] = settings.database_url
    os.environ[_WORKERS_ENV] = str(args.workers)
    config = uvicorn.Config(
        "ebill_central.cli:worker_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    supervisor = Multiprocess(config, sockets=[config.bind_socket()])
    if args.stop_when_stdin_closes:
        watch = threading.Thread(
            target=_stop_at_end_of_stdin, args=(supervisor,), name="stdin-watch", daemon=True
        )
        watch.start()
    supervisor.run()


def _stop_at_end_of_stdin(server: uvicorn.Server | Multiprocess) -> None:
    # Blocks until the writing end of the pipe is closed, which the OS does when the parent
    # ends, however it ends (even SIGKILL): then a graceful shutdown, as on SIGTERM.
    sys.stdin.buffer.read()
    if isinstance(server.should_exit, threading.Event):
        server.should_exit.set()  # the supervisor of --workers N (it stops its workers)
    else:
        server.should_exit = True


def _amount(text: str, currency: str) -> int:
    try:
        return Money.parse(text, currency).minor
    except (MoneyParseError, ValueError) as error:
        raise CentralError("bad_amount", str(error)) from None


def _add_office(settings: CentralSettings, args: argparse.Namespace) -> None:
    add_office(_ready_engine(settings), args.code, args.name)
    print(f"office {args.code} added")


def _add_branch(settings: CentralSettings, args: argparse.Namespace) -> None:
    limits = PolicyLimits(
        max_hours_since_sync=args.offline_hours,
        max_total_offline_minor=_amount(args.offline_total, args.currency),
        max_per_payment_minor=_amount(args.offline_per_payment, args.currency),
        currency=args.currency,
    )
    add_branch(_ready_engine(settings), args.code, args.name, args.office, limits)
    print(f"branch {args.code} added")


def _add_terminal(settings: CentralSettings, args: argparse.Namespace) -> None:
    hours = settings.enrolment_code_hours if args.code_hours is None else args.code_hours
    new = add_terminal(_ready_engine(settings), args.branch, args.name, code_hours=hours)
    if args.json:
        _print_code_json(new)
        return
    print(f"terminal {new.terminal_id} added to branch {args.branch}")
    _print_code(new)


def _new_code(settings: CentralSettings, args: argparse.Namespace) -> None:
    hours = settings.enrolment_code_hours if args.code_hours is None else args.code_hours
    new = issue_code(_ready_engine(settings), args.terminal_id, code_hours=hours)
    if args.json:
        _print_code_json(new)
        return
    print(f"new enrolment code for terminal {new.terminal_id}")
    _print_code(new)


def issue_code(
    engine: Engine, terminal_id: int, *, code_hours: int, now: datetime | None = None
) -> NewTerminal:
    """A fresh one-time code for an existing terminal that is not revoked.

    Enrolling with it gives the terminal a new credential (its old one stops working) and keeps
    its number, so its payments' sequence numbers and receipt numbers carry on unbroken.
    """
    if not 1 <= code_hours <= 24 * 30:
        raise CentralError("bad_expiry", "an enrolment code lasts 1 hour to 30 days")
    moment = now or datetime.now(UTC)
    code = new_enrolment_code()
    expires = moment + timedelta(hours=code_hours)
    with Session(engine) as session, session.begin():
        terminal = session.get(TerminalRow, terminal_id)
        if terminal is None:
            raise NotFoundError("unknown_terminal", f"there is no terminal {terminal_id}")
        if terminal.revoked_at is not None:
            raise ConflictError(
                "terminal_revoked", f"terminal {terminal_id} is revoked: add a new terminal"
            )
        session.add(
            EnrolmentCodeRow(
                terminal_id=terminal_id,
                code_hash=code_hash(code),
                created_at=moment,
                expires_at=expires,
            )
        )
    return NewTerminal(terminal_id, code, expires)


def _print_code(new: NewTerminal) -> None:
    print(f"enrolment code (shown once, valid until {new.expires_at:%Y-%m-%d %H:%M} UTC):")
    print(new.enrolment_code)


def _print_code_json(new: NewTerminal) -> None:
    # One line, for programs (ebill-desktop demo) rather than people.
    print(
        json.dumps(
            {
                "terminal_id": new.terminal_id,
                "enrolment_code": new.enrolment_code,
                "expires_at": new.expires_at.astimezone(UTC).isoformat(),
            }
        )
    )


def _revoke_terminal(settings: CentralSettings, args: argparse.Namespace) -> None:
    revoke_terminal(_ready_engine(settings), args.terminal_id)
    print(f"terminal {args.terminal_id} revoked")


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise CentralError("password_mismatch", "the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _add_operator(settings: CentralSettings, args: argparse.Namespace) -> None:
    engine = _ready_engine(settings)
    add_operator(engine, args.login, args.name, args.role, args.office, _read_password())
    print(f"operator {args.login} added")


def _import_payments(settings: CentralSettings, args: argparse.Namespace) -> None:
    document = read_export_file(args.file)
    engine = _ready_engine(settings)
    try:
        print(import_payments(engine, document).text())
    finally:
        engine.dispose()


def _report(settings: CentralSettings, args: argparse.Namespace) -> None:
    engine = _ready_engine(settings)
    try:
        found = collection_report(engine, args.day, args.branch, settings.utility_timezone)
    finally:
        engine.dispose()
    if args.csv:
        try:
            with open(args.csv, "w", encoding="utf-8", newline="") as out:
                out.write(report_csv(found))
        except OSError as error:
            raise CentralError("cannot_write", f"cannot write {args.csv}: {error}") from None
    print(report_text(found))


_COMMANDS: dict[str, Callable[[CentralSettings, argparse.Namespace], None]] = {
    "init": _init,
    "seed": _seed,
    "serve": _serve,
    "add-office": _add_office,
    "add-branch": _add_branch,
    "add-terminal": _add_terminal,
    "new-code": _new_code,
    "revoke-terminal": _revoke_terminal,
    "add-operator": _add_operator,
    "import-payments": _import_payments,
    "report": _report,
}


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (0 done, 1 refused, 2 bad usage)."""
    args = build_parser().parse_args(argv)
    settings = load_settings(args.database)
    try:
        _COMMANDS[args.command](settings, args)
    except (CentralError, DatabaseUrlError) as error:
        message = error.message if isinstance(error, CentralError) else str(error)
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0
