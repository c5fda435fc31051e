"""What the views ask of the services, as protocols (the composition root passes the real ones).

The views know these shapes and nothing of SQL: ``ebill_desktop.services`` implements them over
the cache, and every call is made through :class:`~ebill_desktop.ui.tasks.TaskRunner`, off the
UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ebill_core.records import Operator
from ebill_desktop.services.account_summary import AccountSummary
from ebill_desktop.services.lookup_results import LookupOutcome


class Lookup(Protocol):
    def search(self, text: str, limit: int = 100) -> LookupOutcome: ...


class Summaries(Protocol):
    def summary(self, account_no: str) -> AccountSummary | None: ...


class Login(Protocol):
    def log_in(self, login: str, password: str) -> Operator: ...


@dataclass(frozen=True, slots=True)
class DemoCredential:
    """An operator of the demo cache, shown on the login view in demo mode."""

    login: str
    password: str
    full_name: str
    role: str


@dataclass(frozen=True, slots=True)
class CounterServices:
    """Everything the counter's views call, built once by the composition root."""

    lookup: Lookup
    summaries: Summaries
    login: Login
    # Loads what the first log-in and the first consumer need (run off the UI thread, once, as
    # soon as someone starts typing at the login), so that the cashier does not wait for it.
    warm_up: Callable[[], object] | None = None
