"""The terminal's settings and folders: declared once, with their defaults, and written atomically.

Every setting the counter reads is a field of :class:`Settings`, with its type, its default and
its allowed range next to it. They are stored as JSON in ``<data dir>/settings.json``:

* writes are atomic (temporary file, ``fsync``, ``os.replace``), so a crash leaves either the old
  file or the new one, never half of one;
* the file carries a ``version``; older versions are upgraded step by step on load;
* a file that cannot be read (bad JSON, wrong types, out-of-range values) is kept aside under a
  time-stamped name, every value that could be read is kept, the rest fall back to defaults, and
  the cashier is told in plain words;
* a file written by a newer ebill is left exactly as it is and not overwritten.

No secret ever goes into this file: terminal credentials live in the OS keyring.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "ebill"
APP_AUTHOR = "ebill"
SETTINGS_FILE_NAME = "settings.json"
SETTINGS_VERSION = 2


# -- folders ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DataPaths:
    """Where one terminal keeps its files.

    With ``--data-dir DIR`` everything (cache, settings, backups, logs) lives under ``DIR``, so
    tests and several terminals on one machine never share a file. Without it, the data goes to
    the user's data folder and the logs to the user's log folder (``platformdirs``).
    """

    data_dir: Path
    log_dir: Path

    @classmethod
    def under(cls, data_dir: Path) -> DataPaths:
        """Everything under one folder (the ``--data-dir`` case)."""
        root = data_dir.expanduser().resolve()
        return cls(data_dir=root, log_dir=root / "logs")

    @classmethod
    def for_user(cls) -> DataPaths:
        """The platform's per-user folders (``~/.local/share/ebill`` and its log folder)."""
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        )

    @classmethod
    def for_user_demo(cls) -> DataPaths:
        """The demo's own folders beside the user's (``~/.local/share/ebill/demo``): demo data
        never lands in a real terminal's cache, whose folder is the default."""
        user = cls.for_user()
        return cls(data_dir=user.data_dir / "demo", log_dir=user.log_dir / "demo")

    @property
    def cache_file(self) -> Path:
        return self.data_dir / "cache.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / SETTINGS_FILE_NAME

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    def create(self) -> None:
        """Make the folders if they are missing (and nothing else)."""
        for folder in (self.data_dir, self.backups_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)


# -- the settings -----------------------------------------------------------------------------


def _text(max_len: int, *, empty_ok: bool = False) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        return isinstance(value, str) and (empty_ok or bool(value)) and len(value) <= max_len

    return check


def _whole(low: int, high: int) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high

    return check


def _optional_text(max_len: int) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        return value is None or (isinstance(value, str) and len(value) <= max_len)

    return check


def _optional_whole(low: int, high: int) -> Callable[[object], bool]:
    whole = _whole(low, high)

    def check(value: object) -> bool:
        return value is None or whole(value)

    return check


def _printer_uri(value: object) -> bool:
    from ebill_desktop.printing.uri import PrinterUriError, parse_printer_uri

    if value is None:
        return True
    if not isinstance(value, str):
        return False
    try:
        parse_printer_uri(value)
    except PrinterUriError:
        return False
    return True


def _printer_code_page(value: object) -> bool:
    from ebill_desktop.printing.code_page import CODE_PAGES

    return isinstance(value, str) and value in CODE_PAGES


_DEVICE_ID = re.compile(r"[A-Za-z0-9._-]{1,40}")


def _terminal_url(value: object) -> bool:
    # The same rule as the HTTP client's (sync.http.check_server_url), without importing it:
    # settings load at start-up, the HTTP client with the first call.
    if value is None:
        return True
    if not isinstance(value, str) or len(value) > 500 or value != value.strip():
        return False
    try:
        parts = urlsplit(value)
        _ = parts.port  # a port that is not a number is refused here (ValueError)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not parts.query
        and not parts.fragment
    )


def _device_id(value: object) -> bool:
    return value is None or (isinstance(value, str) and _DEVICE_ID.fullmatch(value) is not None)


def _setting(default: object, check: Callable[[object], bool], doc: str) -> Any:
    # The check and the description travel with the field, so the declaration is the one place
    # that says what a setting is, what it defaults to and what it may hold.
    return field(default=default, metadata={"check": check, "doc": doc})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of one counter terminal (see docs/desktop.md for the list)."""

    terminal_id: str = _setting("T01", _text(16), "This counter's id, printed on receipts.")
    # 40: the longest office code the central server gives (enrolment stores it here).
    office_code: str = _setting("SD-001", _text(40), "The office (branch) this counter is in.")
    idle_lock_minutes: int = _setting(
        15, _whole(1, 240), "Minutes without a key press or click before the counter locks."
    )
    language: str = _setting("en", _text(16), "Interface language (a Qt locale name).")
    font_point_size: int = _setting(13, _whole(8, 32), "Base text size of the counter, points.")
    results_limit: int = _setting(
        100, _whole(10, 1000), "Most rows a name or address search shows."
    )
    scanner_max_gap_ms: int = _setting(
        30, _whole(5, 200), "Longest pause between two keys of a bar-code scanner burst."
    )
    scanner_min_length: int = _setting(
        8, _whole(4, 64), "Fewest digits a burst needs to count as a scanned bar code."
    )
    window_geometry: str | None = _setting(
        None, _optional_text(4096), "Main window position and size (Qt's saved geometry)."
    )
    # Written by enrolment (docs/sync.md). The credential itself is in the OS keyring, never here.
    central_url: str | None = _setting(
        None, _optional_text(500), "The central server this terminal syncs with."
    )
    central_terminal_id: int | None = _setting(
        None, _optional_whole(1, 2**63 - 1), "This terminal's number at the central server."
    )
    branch_code: str | None = _setting(
        None, _optional_text(40), "The branch this terminal was enrolled in."
    )
    sync_interval_seconds: int = _setting(
        60, _whole(10, 3600), "Seconds between two pulls of head office's changes in the app."
    )
    # The receipt printer (docs/printing.md): set in the printer set-up dialog.
    printer_uri: str | None = _setting(
        None,
        _printer_uri,
        "Where the receipt printer is (tcp://host:9100, usb://vid:pid, serial:///dev/ttyUSB0, "
        "file:///dev/usb/lp0, cups://queue, virtual:); none: no printer set up.",
    )
    printer_paper_mm: int = _setting(
        80, lambda v: v in (58, 80) and not isinstance(v, bool), "Receipt roll width, mm."
    )
    printer_code_page: str = _setting(
        "CP437", _printer_code_page, "The printer's code page for receipt text."
    )
    # The card/UPI payment terminal (docs/payment-terminals.md): both set, or card and UPI are off.
    payment_terminal_url: str | None = _setting(
        None,
        _terminal_url,
        "The payment terminal's HTTP address (http://host:port); none: card and UPI are off.",
    )
    payment_terminal_device_id: str | None = _setting(
        None,
        _device_id,
        "The payment terminal's device id (letters, digits, '.', '_', '-'; up to 40).",
    )


def setting_docs() -> dict[str, tuple[object, str]]:
    """Name -> (default, description) of every setting, for documentation and support."""
    return {f.name: (f.default, str(f.metadata["doc"])) for f in fields(Settings)}


# -- upgrades ---------------------------------------------------------------------------------


def _upgrade_1_to_2(raw: dict[str, Any]) -> dict[str, Any]:
    # Version 1 named the office "branch" and stored the idle lock in seconds.
    upgraded = dict(raw)
    if "branch" in upgraded:
        upgraded.setdefault("office_code", upgraded.pop("branch"))
    if "idle_lock_seconds" in upgraded:
        seconds = upgraded.pop("idle_lock_seconds")
        if isinstance(seconds, int) and not isinstance(seconds, bool):
            upgraded.setdefault("idle_lock_minutes", max(1, round(seconds / 60)))
    upgraded["version"] = 2
    return upgraded


# version N -> the step that turns a version-N dictionary into version N+1
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _upgrade_1_to_2}


# -- reading and writing ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SettingsLoad:
    """What reading the settings file gave: the settings, and what the cashier should be told."""

    settings: Settings
    problem: str | None = None  # a sentence for the cashier, None when all was well
    kept_aside: Path | None = None  # where an unreadable file was moved to
    read_only: bool = False  # the file belongs to a newer ebill: never overwrite it


def _decode(raw: dict[str, Any]) -> tuple[Settings, list[str]]:
    """The settings in ``raw``; names of the values that were unusable (defaults used)."""
    values: dict[str, Any] = {}
    rejected: list[str] = []
    for f in fields(Settings):
        if f.name not in raw:
            continue
        value = raw[f.name]
        if f.metadata["check"](value):
            values[f.name] = value
        else:
            rejected.append(f.name)
    return Settings(**values), rejected


def _keep_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    aside = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    os.replace(path, aside)
    return aside


class SettingsStore:
    """Reads and writes one terminal's ``settings.json``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._read_only = False

    def load(self) -> SettingsLoad:
        """The stored settings; defaults for a missing file; a kept-aside copy of a bad one."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return SettingsLoad(Settings())
        except (OSError, UnicodeDecodeError) as exc:
            return self._unreadable(f"it could not be read ({exc.__class__.__name__})")
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            return self._unreadable(f"it is not valid JSON (line {exc.lineno})")
        if not isinstance(raw, dict):
            return self._unreadable("it does not hold a settings object")
        version = raw.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            return self._unreadable("its version is not a number")
        if version > SETTINGS_VERSION:
            self._read_only = True
            return SettingsLoad(
                Settings(),
                problem=(
                    f"The settings file {self.path} was written by a newer ebill (version "
                    f"{version}). It has been left unchanged; default settings are used."
                ),
                read_only=True,
            )
        while version < SETTINGS_VERSION:
            raw = UPGRADES[version](raw)
            version = raw["version"]
        settings, rejected = _decode(raw)
        if rejected:
            aside = _keep_aside(self.path)
            self.save(settings)
            return SettingsLoad(
                settings,
                problem=(
                    f"Some settings could not be used ({', '.join(rejected)}): defaults are used "
                    f"for them. The original file was kept as {aside}."
                ),
                kept_aside=aside,
            )
        return SettingsLoad(settings)

    def _unreadable(self, why: str) -> SettingsLoad:
        aside = _keep_aside(self.path)
        log.warning("settings file %s unreadable (%s); kept as %s", self.path, why, aside)
        return SettingsLoad(
            Settings(),
            problem=(
                f"The settings file could not be used because {why}. Default settings are used; "
                f"the original file was kept as {aside}."
            ),
            kept_aside=aside,
        )

    def save(self, settings: Settings) -> bool:
        """Write ``settings`` atomically; False (and nothing written) for a newer-version file."""
        if self._read_only:
            log.warning("settings not saved: %s belongs to a newer ebill", self.path)
            return False
        payload = {"version": SETTINGS_VERSION, **asdict(settings)}
        write_atomically(self.path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return True

    def update(self, settings: Settings, **changes: Any) -> Settings:
        """``settings`` with ``changes`` applied (each checked like a loaded value), saved."""
        known = {f.name: f for f in fields(Settings)}
        for name, value in changes.items():
            if name not in known:
                raise ValueError(f"unknown setting {name!r}")
            if not known[name].metadata["check"](value):
                raise ValueError(f"{value!r} is not a valid value for {name}")
        updated = replace(settings, **changes)
        self.save(updated)
        return updated


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old file or the new, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk (POSIX); Windows has no
    # folder handles to sync and does not need it.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
