"""What the sync reports to the counter: a :class:`SyncStatus` snapshot (plain values, no I/O).

Kept apart from :mod:`ebill_desktop.sync.coordinator` so that the window can show a status
without loading the HTTP client, SQLAlchemy or the keyring at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ebill_core.protocol import OfflinePolicy


class LinkState(StrEnum):
    """What the status bar says about the link to head office."""

    UNKNOWN = "unknown"  # not tried yet
    ONLINE = "online"  # the server answered the last call
    OFFLINE = "offline"  # no usable answer (refused, timed out, cut, 5xx)
    NOT_ENROLLED = "not_enrolled"  # no enrolment in the settings: nothing to sync with
    LOCK_HELD_ELSEWHERE = "lock_held_elsewhere"  # another ebill syncs this data folder
    KEYRING_UNAVAILABLE = "keyring_unavailable"  # the credential cannot be read now
    REFUSED = "refused"  # the server refused this terminal (revoked, wrong or no credential)


@dataclass(frozen=True, slots=True)
class PullProgress:
    """A first sync, or a catch-up of more than one page, under way.

    ``total`` is a lower bound: the server does not say how many changes remain, so it is
    ``done`` plus one more page while the server says there is more.
    """

    done: int
    total: int
    first_sync: bool


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """One snapshot of the sync, as the status bar shows it."""

    link: LinkState
    taken_at: datetime  # when this snapshot was made (UTC)
    pending: int = 0  # outbox items waiting to be sent
    attention: int = 0  # items the server could not take
    oldest_pending_at: datetime | None = None
    last_good_sync: datetime | None = None  # the end of the last cycle that sent and pulled
    data_as_of: datetime | None = None  # the cache's "data as of" (the last complete pull)
    policy: OfflinePolicy | None = None  # the branch's offline limits, as last received
    progress: PullProgress | None = None
    syncing: bool = False  # a cycle is running now
    last_error: str | None = None  # why the last cycle did not succeed, in plain words
    counted: bool = False  # the counts above have been read from the cache (not before)

    def oldest_pending_age(self, now: datetime | None = None) -> timedelta | None:
        """How long the oldest waiting item has waited (at ``now``, or at the snapshot)."""
        if self.oldest_pending_at is None:
            return None
        return max((now or self.taken_at) - self.oldest_pending_at, timedelta(0))

    def offline_too_long(self, now: datetime | None = None) -> bool:
        """Whether the data is older than the policy's most hours without a sync."""
        if self.policy is None:
            return False
        if self.data_as_of is None:
            return True
        limit = timedelta(hours=self.policy.max_hours_since_sync)
        return (now or self.taken_at) - self.data_as_of > limit
