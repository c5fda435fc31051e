"""Settings: defaults in one place, atomic writes, upgrades, and bad files that lose nothing."""

from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path

import pytest

from ebill_desktop import config
from ebill_desktop.config import (
    SETTINGS_VERSION,
    DataPaths,
    Settings,
    SettingsStore,
    setting_docs,
    write_atomically,
)


def _store(data_dir: Path) -> SettingsStore:
    return SettingsStore(DataPaths.under(data_dir).settings_file)


def test_missing_file_gives_defaults_and_no_problem(data_dir: Path) -> None:
    loaded = _store(data_dir).load()
    assert loaded.settings == Settings()
    assert loaded.problem is None
    assert not (data_dir / "settings.json").exists()


def test_saved_settings_read_back(data_dir: Path) -> None:
    store = _store(data_dir)
    changed = store.update(Settings(), terminal_id="T07", scanner_max_gap_ms=25)
    again = _store(data_dir).load()
    assert again.problem is None
    assert again.settings == changed
    assert again.settings.terminal_id == "T07"
    on_disk = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    assert on_disk["version"] == SETTINGS_VERSION


def test_every_setting_is_declared_with_a_valid_default_and_a_description() -> None:
    docs = setting_docs()
    assert set(docs) == {f.name for f in fields(Settings)}
    for f in fields(Settings):
        assert f.metadata["check"](f.default), f.name
        assert docs[f.name][1], f.name


@pytest.mark.parametrize(
    "garbage",
    [b"{not json", b"[1, 2, 3]", b"\xff\xfe\x00garbage", b'{"version": "two"}', b""],
)
def test_corrupt_file_is_kept_aside_and_defaults_used(data_dir: Path, garbage: bytes) -> None:
    path = data_dir / "settings.json"
    path.write_bytes(garbage)
    loaded = _store(data_dir).load()
    assert loaded.settings == Settings()
    assert loaded.problem is not None and "could not be used" in loaded.problem
    assert loaded.kept_aside is not None
    assert loaded.kept_aside.read_bytes() == garbage  # nothing lost
    assert loaded.kept_aside.name.startswith("settings.corrupt-")
    assert str(loaded.kept_aside) in loaded.problem
    assert not path.exists()


def test_bad_values_fall_back_one_by_one_and_the_file_is_kept(data_dir: Path) -> None:
    path = data_dir / "settings.json"
    original = {
        "version": SETTINGS_VERSION,
        "terminal_id": "T09",
        "idle_lock_minutes": -5,
        "scanner_min_length": "eight",
        "font_point_size": True,
    }
    path.write_text(json.dumps(original), encoding="utf-8")
    loaded = _store(data_dir).load()
    assert loaded.settings.terminal_id == "T09"  # the good value survives
    assert loaded.settings.idle_lock_minutes == Settings().idle_lock_minutes
    assert loaded.settings.scanner_min_length == Settings().scanner_min_length
    assert loaded.settings.font_point_size == Settings().font_point_size
    assert loaded.problem is not None
    for name in ("idle_lock_minutes", "scanner_min_length", "font_point_size"):
        assert name in loaded.problem
    assert loaded.kept_aside is not None
    assert json.loads(loaded.kept_aside.read_text(encoding="utf-8")) == original
    # The repaired file now loads cleanly.
    assert _store(data_dir).load() == type(loaded)(loaded.settings)


def test_version_1_file_is_upgraded(data_dir: Path) -> None:
    path = data_dir / "settings.json"
    path.write_text(
        json.dumps({"version": 1, "branch": "SD-014", "idle_lock_seconds": 300}), encoding="utf-8"
    )
    loaded = _store(data_dir).load()
    assert loaded.problem is None
    assert loaded.settings.office_code == "SD-014"
    assert loaded.settings.idle_lock_minutes == 5


def test_newer_version_is_left_untouched_and_never_overwritten(data_dir: Path) -> None:
    path = data_dir / "settings.json"
    text = json.dumps({"version": SETTINGS_VERSION + 1, "terminal_id": "FUTURE"})
    path.write_text(text, encoding="utf-8")
    store = _store(data_dir)
    loaded = store.load()
    assert loaded.read_only
    assert loaded.settings == Settings()
    assert loaded.problem is not None and "newer" in loaded.problem
    assert store.save(Settings(terminal_id="T02")) is False
    assert path.read_text(encoding="utf-8") == text


def test_update_refuses_bad_values_and_changes_nothing(data_dir: Path) -> None:
    store = _store(data_dir)
    store.update(Settings(), terminal_id="T03")
    before = (data_dir / "settings.json").read_bytes()
    with pytest.raises(ValueError, match="idle_lock_minutes"):
        store.update(Settings(), idle_lock_minutes=0)
    with pytest.raises(ValueError, match="unknown setting"):
        store.update(Settings(), password="x")
    assert (data_dir / "settings.json").read_bytes() == before


def test_atomic_write_leaves_the_old_file_when_writing_fails(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_dir / "settings.json"
    write_atomically(path, "old\n")

    def failing_fsync(fd: int) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(config.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk gone"):
        write_atomically(path, "new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in data_dir.iterdir()) == ["settings.json"]  # no temp left


def test_atomic_write_replaces_through_a_synced_temp_file(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_dir / "settings.json"
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    def replace(src: str, dst: Path) -> None:
        calls.append("replace")
        assert Path(src).parent == path.parent and Path(src) != path
        assert Path(src).read_text(encoding="utf-8") == "new\n"
        real_replace(src, dst)

    monkeypatch.setattr(config.os, "fsync", fsync)
    monkeypatch.setattr(config.os, "replace", replace)
    write_atomically(path, "new\n")
    assert calls[:2] == ["fsync", "replace"]
    assert path.read_text(encoding="utf-8") == "new\n"


def test_data_dir_keeps_everything_under_one_folder(data_dir: Path) -> None:
    paths = DataPaths.under(data_dir)
    paths.create()
    root = data_dir.resolve()
    for path in (paths.cache_file, paths.settings_file, paths.backups_dir, paths.log_dir):
        assert path.is_relative_to(root)
    assert paths.backups_dir.is_dir() and paths.log_dir.is_dir()


def test_user_folders_come_from_platformdirs(tmp_path: Path) -> None:
    paths = DataPaths.for_user()
    # conftest points the XDG folders into tmp_path: the real user's folders are never used.
    assert paths.data_dir.is_relative_to(tmp_path)
    assert paths.log_dir.is_relative_to(tmp_path)
    assert paths.data_dir.name == "ebill"


def test_the_demo_never_shares_the_real_terminals_folders() -> None:
    # `ebill-desktop demo` without --data-dir must not seed a real terminal's empty cache.
    real, demo = DataPaths.for_user(), DataPaths.for_user_demo()
    assert demo.cache_file != real.cache_file
    assert demo.data_dir.parent == real.data_dir
    assert demo.log_dir != real.log_dir
