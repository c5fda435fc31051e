"""The ``ebill-desktop`` command line, run as a cashier's machine would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ebill_desktop.__main__ import main


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "ebill_desktop", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_quit_after_ready_starts_shows_the_login_and_exits_0(data_dir: Path) -> None:
    result = _run("--data-dir", str(data_dir), "--quit-after-ready", cwd=data_dir)
    assert result.returncode == 0, result.stderr
    assert "ready in" in result.stdout
    # Everything of this terminal went under --data-dir.
    assert (data_dir / "cache.sqlite3").is_file()
    assert (data_dir / "logs" / "ebill-desktop.log").is_file()
    assert (data_dir / "settings.json").is_file()  # the window's geometry was kept
    log = (data_dir / "logs" / "ebill-desktop.log").read_text(encoding="utf-8")
    assert "ready in" in log
    # reportlab and escpos are imported where they are used, not at start-up.
    assert "reportlab" not in result.stderr


def test_start_up_does_not_import_heavy_libraries(data_dir: Path) -> None:
    # Printing, PDFs, the ORM, migrations and password hashing are loaded where first used: an
    # up-to-date cache shows the login without any of them. The first run makes the cache.
    code = (
        "import sys; from ebill_desktop.__main__ import main; "
        f"rc = main(['--data-dir', {str(data_dir)!r}, '--quit-after-ready']); "
        "heavy = [m for m in ('reportlab', 'escpos', 'sqlalchemy', 'alembic', 'argon2') "
        "if m in sys.modules]; "
        "print('HEAVY', heavy); sys.exit(rc)"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        for _ in range(2)
    ]
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr
    assert "'alembic'" in runs[0].stdout  # the new cache was migrated: the check can see imports
    assert "HEAVY []" in runs[1].stdout


def test_unreadable_cache_is_refused_with_a_message_and_left_untouched(data_dir: Path) -> None:
    cache = data_dir / "cache.sqlite3"
    garbage = b"this is not an sqlite database" * 100
    cache.write_bytes(garbage)
    result = _run("--data-dir", str(data_dir), "--quit-after-ready", cwd=data_dir)
    assert result.returncode == 2
    assert "ebill cannot start" in result.stderr
    assert cache.read_bytes() == garbage


def test_corrupt_settings_still_start_and_keep_the_file(data_dir: Path) -> None:
    (data_dir / "settings.json").write_text("{ broken", encoding="utf-8")
    result = _run("--data-dir", str(data_dir), "--quit-after-ready", cwd=data_dir)
    assert result.returncode == 0, result.stderr
    kept = list(data_dir.glob("settings.corrupt-*.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{ broken"


def test_screenshots_writes_a_png_of_every_view(
    data_dir: Path, tmp_path: Path, demo_cache_template: Path
) -> None:
    shutil.copy2(demo_cache_template, data_dir / "cache.sqlite3")
    out = tmp_path / "shots"
    result = _run("--data-dir", str(data_dir), "screenshots", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.glob("*.png"))
    assert names == [
        "01-login.png",
        "02-login-refused.png",
        "03-lookup-empty.png",
        "04-lookup-results.png",
        "05-lookup-refused.png",
        "06-consumer.png",
        "07-help.png",
        "08-bill.png",
        "09-payment.png",
        "10-receipt.png",
        "11-virtual-printer.png",  # its own window: the receipt just printed
    ]
    for name in names[:10]:  # the counter's window
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1280, 800), name
    for name in names[10:]:
        image = QImage(str(out / name))
        assert image.width() > 300 and image.height() > 300, name


@pytest.mark.parametrize("args", [["demo", "--customers", "0"], ["demo", "--customers", "x"]])
def test_bad_arguments_are_refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert "customers" in capsys.readouterr().err
