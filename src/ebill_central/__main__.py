"""Console entry point ``ebill-central`` (see :mod:`ebill_central.cli`)."""

from __future__ import annotations

import sys

from ebill_central.cli import run


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
