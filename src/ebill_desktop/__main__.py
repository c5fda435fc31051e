"""``ebill-desktop``: the counter application's command line.

ebill-desktop [--data-dir DIR] [--quit-after-ready]          run the counter
ebill-desktop [--data-dir DIR] demo [--customers N] [--central-port P]
                                    a central server of its own, enrolment, sync, the counter
ebill-desktop [--data-dir DIR] screenshots --out DIR          every view to PNG, offscreen
ebill-desktop [--data-dir DIR] enroll --server URL --code CODE  enrol with the central server
ebill-desktop [--data-dir DIR] sync                           one sync with the central server
ebill-desktop print-test --printer URI [--paper 58|80]        print the printer test page
ebill-desktop [--data-dir DIR] audit verify|upload            check the audit trail's chain /
                                                              send it to head office
ebill-desktop [--data-dir DIR] export-unsynced --out FILE --supervisor LOGIN
                                    the unsynced payments to a signed file for head office
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ebill-desktop",
        description="ebill payment counter.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep everything (cache, settings, backups, logs) under DIR instead of the "
        "user's folders; one folder per terminal",
    )
    parser.add_argument(
        "--quit-after-ready",
        action="store_true",
        help="start, show the first view, wait until it takes input, then exit 0 "
        "(measures start-up)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="start a demo central server (loopback), enrol this terminal with it, sync, "
        "then the counter; the server stops when the counter closes",
    )
    demo.add_argument(
        "--customers",
        type=_positive,
        default=2000,  # ebill_desktop.demo_central.DEFAULT_CUSTOMERS: seeded in about 5 s
        metavar="N",
        help="demo customers (the first run only; later runs reuse the demo database)",
    )
    demo.add_argument(
        "--central-port",
        type=_port,
        default=0,
        metavar="P",
        help="the demo central server's port on 127.0.0.1 (default: a free one)",
    )
    shots = commands.add_parser(
        "screenshots", help="render every view with demo data to PNG files, offscreen"
    )
    shots.add_argument("--out", type=Path, required=True, metavar="DIR")
    shots.add_argument("--customers", type=_positive, default=1000, metavar="N")
    enroll = commands.add_parser(
        "enroll", help="enrol this terminal with the central server using a one-time code"
    )
    enroll.add_argument("--server", required=True, metavar="URL", help="e.g. http://host:8080")
    enroll.add_argument("--code", required=True, help="the one-time code from head office")
    enroll.add_argument(
        "--name", metavar="NAME", help="this computer's name as head office sees it"
    )
    commands.add_parser(
        "sync", help="fetch the changes from the central server once and say what was done"
    )
    print_test = commands.add_parser(
        "print-test", help="print the test page on a receipt printer and report its status"
    )
    print_test.add_argument(
        "--printer", required=True, metavar="URI", help="e.g. tcp://192.168.1.50:9100, virtual:"
    )
    print_test.add_argument("--paper", type=int, choices=(58, 80), default=80, metavar="MM")
    print_test.add_argument("--code-page", default="CP437", metavar="NAME")
    audit = commands.add_parser("audit", help="the tamper-evident audit trail (docs/security.md)")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser(
        "verify", help="check the hash chain: OK with the count, or the first break (exit 1)"
    )
    audit_commands.add_parser("upload", help="send the un-synced entries to head office")
    export = commands.add_parser(
        "export-unsynced",
        help="write the payments head office has not received to a signed file "
        "(the supervisor's password is asked for)",
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument("--supervisor", required=True, metavar="LOGIN")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 2_000_000:
        raise argparse.ArgumentTypeError("give a number from 1 to 2,000,000")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("give a port from 1 to 65535 (0: a free one)")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the process exit code."""
    args = _parser().parse_args(argv)
    if args.command == "print-test":  # needs no Qt, no cache, no data folder
        from ebill_desktop.printing.cli import run_print_test

        return run_print_test(args.printer, paper_mm=args.paper, code_page=args.code_page)
    if args.command == "screenshots":
        # Set before Qt starts: nothing is shown, every view is rendered to a file.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if args.command == "audit":  # headless: no Qt
        from ebill_desktop.config import DataPaths
        from ebill_desktop.security import audit_command

        paths = DataPaths.for_user() if args.data_dir is None else DataPaths.under(args.data_dir)
        if args.audit_command == "verify":
            return audit_command.run_audit_verify(paths)
        return audit_command.run_audit_upload(paths)
    if args.command == "export-unsynced":  # headless: no Qt
        from ebill_desktop.config import DataPaths
        from ebill_desktop.sync.export_command import run_export_unsynced

        paths = DataPaths.for_user() if args.data_dir is None else DataPaths.under(args.data_dir)
        return run_export_unsynced(paths, args.out, args.supervisor)
    from ebill_desktop import app

    if args.command == "screenshots":
        scratch = None if args.data_dir is None else app.data_paths(args.data_dir)
        return app.run_screenshots(scratch, out_dir=args.out, customers=args.customers)
    paths = app.data_paths(args.data_dir, demo=args.command == "demo")
    if args.command in ("enroll", "sync"):
        from ebill_desktop import sync_commands

        if args.command == "enroll":
            return sync_commands.run_enroll(
                paths, server=args.server, code=args.code, machine_name=args.name
            )
        return sync_commands.run_sync(paths)
    if args.command == "demo":
        from ebill_desktop import demo_central

        return demo_central.run_demo(
            paths,
            customers=args.customers,
            port=args.central_port,
            quit_after_ready=args.quit_after_ready,
        )
    return app.run_app(paths, quit_after_ready=args.quit_after_ready)


if __name__ == "__main__":
    sys.exit(main())
