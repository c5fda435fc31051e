"""The central server's settings: declared here, with their defaults, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

DATABASE_ENV = "EBILL_CENTRAL_DATABASE_URL"
APP_NAME = "ebill-central"


def default_database_url() -> str:
    """An SQLite file in the user's data folder: the embedded default for a demo or small site."""
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{folder / 'central.sqlite3'}"


@dataclass(frozen=True, slots=True)
class CentralSettings:
    """What the server needs to run; everything but the database has a sensible default."""

    database_url: str
    enrolment_code_hours: int = 72  # a printed code is good for three days
    enrol_attempts: int = 10  # enrolment attempts allowed per client address ...
    enrol_window_seconds: float = 60.0  # ... in this many seconds
    feed_default_limit: int = 1000
    db_pool_size: int = 5
    # The utility's wall clock: demo data and other naive local times are read in this zone.
    utility_timezone: str = "Asia/Kolkata"

    def with_database(self, url: str) -> CentralSettings:
        return replace(self, database_url=url)


def load_settings(database: str | None = None) -> CentralSettings:
    """Settings from the command line's ``--database``, else the environment, else the default."""
    url = database or os.environ.get(DATABASE_ENV) or default_database_url()
    return CentralSettings(database_url=url)
