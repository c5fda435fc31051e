"""The one logging configuration of the counter, made once at start-up.

Everything goes to a rotating file in the terminal's log folder (``ebill-desktop.log``, 1 MB x 5)
so support can read what happened; warnings and errors also go to the console. No log line ever
holds a password, a full card number or a terminal credential: callers log ids, not secrets.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE_NAME = "ebill-desktop.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
_OWN_HANDLER = "ebill-desktop"

# Libraries that are chatty at INFO and whose chatter helps nobody at a counter.
_QUIET_LOGGERS = ("alembic", "sqlalchemy.engine", "PIL", "escpos", "usb")


def configure_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the root logger to ``log_dir/ebill-desktop.log``; returns that file's path.

    Calling it again (tests start the application more than once in a process) replaces the
    handlers it added before instead of piling new ones on.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _OWN_HANDLER:
            root.removeHandler(handler)
            handler.close()

    to_file = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    to_file.setFormatter(logging.Formatter(_FORMAT))
    to_file.set_name(_OWN_HANDLER)
    root.addHandler(to_file)

    to_console = logging.StreamHandler()
    to_console.setLevel(logging.WARNING)
    to_console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    to_console.set_name(_OWN_HANDLER)
    root.addHandler(to_console)

    root.setLevel(level)
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return log_file
