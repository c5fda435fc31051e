"""The counter's identity on its receipts, from its settings: receipt-number prefix and header.

A receipt number holds a 4-digit branch and a 3-digit terminal
(:class:`~ebill_core.receipt_number.ReceiptNumber`). Head office names branches with codes such
as ``BR-1`` and numbers terminals from 1, so an enrolled counter uses:

* branch: the digits of its ``branch_code``, zero-padded to 4 (``BR-1`` -> ``0001``), or
  ``0000`` when the code has no digits or more than 4 (``BR-A``): the branch part is there for
  people reading the number;
* terminal: its ``central_terminal_id``, zero-padded to 3 (7 -> ``007``).

Terminal numbers are unique across the utility, so two counters never share a prefix whatever
their branch part. A counter that never enrolled uses the digits of its ``office_code`` and
``terminal_id`` settings instead, and there a code without digits, or with more than 4 (office)
or 3 (terminal), cannot make a receipt number; neither can a terminal number of 1000 or more:
:class:`SetupError` says so.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from ebill_core.receipt import ReceiptHeader
from ebill_desktop.services.payment_types import CounterSetup, PaymentError

if TYPE_CHECKING:
    from ebill_desktop.config import Settings
    from ebill_desktop.storage.database import CacheDatabase

__all__ = ["SetupError", "counter_setup", "local_timezone", "receipt_prefix"]


class SetupError(PaymentError):
    """The settings cannot make receipt numbers; ``message`` says which setting to fix."""


def local_timezone() -> tzinfo:
    """The machine's time zone (what the counter's clock on the wall shows)."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None  # astimezone() always attaches one
    return zone


def _digits(value: str, width: int, what: str) -> str:
    digits = "".join(ch for ch in value if ch in "0123456789")
    if not digits or len(digits.lstrip("0") or "0") > width:
        raise SetupError(
            f"The {what} {value!r} cannot be part of a receipt number: it needs 1 to {width} "
            "digits."
        )
    return f"{int(digits):0{width}d}"


def receipt_prefix(settings: Settings) -> tuple[str, str]:
    """(branch, terminal) of this counter's receipt numbers (see the module's rules)."""
    if settings.branch_code and settings.central_terminal_id is not None:
        try:
            branch = _digits(settings.branch_code, 4, "branch code")
        except SetupError:
            branch = "0000"  # unique anyway: the terminal number is unique across the utility
        terminal = _digits(str(settings.central_terminal_id), 3, "terminal number")
        return branch, terminal
    return _digits(settings.office_code, 4, "office code"), _digits(
        settings.terminal_id, 3, "terminal id"
    )


def counter_setup(
    settings: Settings,
    db: CacheDatabase,
    *,
    utility_name: str,
    tax_registration: str = "",
    helpline: str = "",
    tz: tzinfo | None = None,
) -> CounterSetup:
    """The :class:`CounterSetup` of this counter: prefix from ``settings``, office name from
    the cache (its code when the cache does not know it), the counter as "Counter <id>"."""
    branch, terminal = receipt_prefix(settings)
    row = (
        db.reader()
        .execute("SELECT name FROM offices WHERE code = ?", (settings.office_code,))
        .fetchone()
    )
    header = ReceiptHeader(
        utility_name=utility_name,
        tax_registration=tax_registration,
        office=settings.office_code if row is None else str(row[0]),
        counter=f"Counter {settings.terminal_id}",
        helpline=helpline,
    )
    return CounterSetup(branch, terminal, header, tz or local_timezone())
