"""One syncing process per data folder: an OS lock on ``<data dir>/sync.lock``.

The lock is the operating system's (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows),
held on an open file for as long as the process syncs. The OS drops it when the process ends,
however it ends (a crash, SIGKILL, a power cut), so a stale lock file never blocks anyone: the
file may stay, the lock does not. The holder writes its process id into the file, only so that
the refusal can say who holds it.

Two ebill windows on one data folder (or the app and ``ebill-desktop sync``) therefore never
upload together; the second one waits or is told that another is syncing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType

LOCK_FILE = "sync.lock"
POLL_SECONDS = 0.05  # how often a waiting acquire tries again


class SyncLockHeldError(Exception):
    """Another process holds the data folder's sync lock; ``message`` says which, if known."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _try_lock(fd: int) -> bool:
    """Take the lock on ``fd`` without waiting; False if another open file holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # byte 0; may lie past the end of the file
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


class SyncLock:
    """The sync lock of one data folder. Use as a context manager, or acquire/release."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_FILE
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def acquire(self, wait_seconds: float = 0.0) -> None:
        """Take the lock, waiting up to ``wait_seconds`` for another holder to let go.

        Raises :class:`SyncLockHeldError` if it is still held elsewhere after that.
        """
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already held by this lock object")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(wait_seconds, 0.0)
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise SyncLockHeldError(self._held_message())
                time.sleep(POLL_SECONDS)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._write_owner(fd)

    def release(self) -> None:
        """Let go of the lock (closing the file would too); a no-op when not held."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def _write_owner(self, fd: int) -> None:
        # Only for the message another process shows; the lock itself is the OS's.
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass

    def _held_message(self) -> str:
        try:
            owner = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            owner = ""
        who = f"process {owner}" if owner.isdigit() else "another program"
        return (
            f"Another ebill ({who}) is already syncing this data folder ({self.path.parent}); "
            "only one may send at a time."
        )
