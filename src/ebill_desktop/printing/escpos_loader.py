"""Importing python-escpos without letting it do its import-time work on us.

On import python-escpos (3.1) calls ``logging.basicConfig()`` (a stderr handler on the root
logger of our process), makes a new temporary folder for a pickle of its printer capabilities
unless ``ESCPOS_CAPABILITIES_PICKLE_DIR`` names one, writes that pickle non-atomically (two
processes starting together can read each other's half-written file), and ``print``\\ s to
stdout in a few places. This module is the one place that imports it:

* the pickle goes to one folder in the user's cache, written here atomically before escpos
  looks for it (escpos then only reads it);
* the root logger gets a do-nothing handler for the duration of the import, so
  ``basicConfig()`` finds a handler and adds none; escpos's own loggers are set to WARNING;
* anything printed during the import is caught and logged instead.

It is imported lazily (first receipt rendered), never at start-up: the import costs ~0.4 s.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import json
import logging
import os
import pickle
import platform
import tempfile
import threading
from functools import cache
from pathlib import Path
from types import ModuleType

import platformdirs

log = logging.getLogger(__name__)

PICKLE_DIR_VARIABLE = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def _capabilities_json() -> Path | None:
    spec = importlib.util.find_spec("escpos")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "capabilities.json"
    return path if path.is_file() else None


def _prepare_pickle(folder: Path) -> None:
    """Write escpos's capabilities pickle atomically, so escpos itself only ever reads it."""
    source = _capabilities_json()
    if source is None:  # escpos will build it itself; nothing better to do
        return
    target = folder / f"{platform.python_version()}.capabilities.pickle"
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return
    data = json.loads(source.read_text(encoding="utf-8"))
    handle, temp_name = tempfile.mkstemp(prefix=".capabilities.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as temp:
            pickle.dump(data, temp, protocol=2)  # the protocol escpos itself writes
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _pickle_dir() -> Path:
    given = os.environ.get(PICKLE_DIR_VARIABLE)
    folder = (
        Path(given) if given else Path(platformdirs.user_cache_dir("ebill", "ebill")) / "escpos"
    )
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[PICKLE_DIR_VARIABLE] = str(folder)
    return folder


_IMPORT_LOCK = threading.Lock()


def escpos_printer() -> ModuleType:
    """The ``escpos.printer`` module, imported once with its side effects contained."""
    with _IMPORT_LOCK:  # receipts render on worker threads: the first two must not race
        return _import()


@cache
def _import() -> ModuleType:
    folder = _pickle_dir()
    try:
        _prepare_pickle(folder)
    except OSError as exc:  # a read-only cache folder: escpos copes, only slower
        log.warning("could not write the escpos capabilities pickle in %s: %s", folder, exc)
    root = logging.getLogger()
    guard = logging.NullHandler()
    root.addHandler(guard)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            module = importlib.import_module("escpos.printer")
    finally:
        root.removeHandler(guard)
    for name in ("escpos", "escpos.capabilities", "escpos.escpos", "escpos.magicencode"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if printed.getvalue().strip():
        log.warning("python-escpos said on import: %s", printed.getvalue().strip())
    return module
