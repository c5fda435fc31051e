"""``ebill-desktop``: the counter application's command line.

ebill-desktop [--data-dir DIR] [--quit-after-ready]          run the counter
ebill-desktop [--data-dir DIR] demo [--customers N]           demo data, then the counter
ebill-desktop [--data-dir DIR] screenshots --out DIR          every view to PNG, offscreen
ebill-desktop [--data-dir DIR] enroll --server URL --code CODE  enrol with the central server
ebill-desktop [--data-dir DIR] sync                           one sync with the central server
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
        "demo", help="fill an empty cache with a demo utility, then start in demo mode"
    )
    demo.add_argument("--customers", type=_positive, default=5000, metavar="N")
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
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 2_000_000:
        raise argparse.ArgumentTypeError("give a number from 1 to 2,000,000")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the process exit code."""
    args = _parser().parse_args(argv)
    if args.command == "screenshots":
        # Set before Qt starts: nothing is shown, every view is rendered to a file.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ebill_desktop import app

    if args.command == "screenshots":
        scratch = None if args.data_dir is None else app.data_paths(args.data_dir)
        return app.run_screenshots(scratch, out_dir=args.out, customers=args.customers)
    paths = app.data_paths(args.data_dir)
    if args.command in ("enroll", "sync"):
        from ebill_desktop import sync_commands

        if args.command == "enroll":
            return sync_commands.run_enroll(
                paths, server=args.server, code=args.code, machine_name=args.name
            )
        return sync_commands.run_sync(paths)
    if args.command == "demo":
        return app.run_demo(paths, customers=args.customers, quit_after_ready=args.quit_after_ready)
    return app.run_app(paths, quit_after_ready=args.quit_after_ready)


if __name__ == "__main__":
    sys.exit(main())
