"""A sliding-window limit on attempts per client address (enrolment codes are guessable only
by trying, so trying is what is limited)."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from ebill_central.errors import TooManyAttemptsError

_MAX_ADDRESSES = 10_000  # forget idle addresses beyond this many, so memory stays bounded


class AttemptLimiter:
    def __init__(
        self, attempts: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._attempts = attempts
        self._window = window_seconds
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def attempt(self, address: str) -> None:
        """Count one attempt from ``address``; raise :class:`TooManyAttemptsError` past the limit.

        A refused attempt is not counted, so a client that waits gets in when the window moves.
        """
        now = self._clock()
        with self._lock:
            times = self._seen.setdefault(address, deque())
            while times and times[0] <= now - self._window:
                times.popleft()
            if len(times) >= self._attempts:
                raise TooManyAttemptsError(max(1, math.ceil(times[0] + self._window - now)))
            times.append(now)
            if len(self._seen) > _MAX_ADDRESSES:
                self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        for address in [a for a, t in self._seen.items() if not t or t[-1] <= now - self._window]:
            del self._seen[address]
