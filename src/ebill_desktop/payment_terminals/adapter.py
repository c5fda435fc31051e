"""What a payment terminal (card reader, UPI/QR collector) does for the counter, and its answers.

A terminal implements :class:`PaymentTerminal`: ``request`` a sale, ask its ``status``, ``cancel``
it. Every call answers one of the :data:`TerminalResult` types, and only the terminal's own word
moves a request on: :class:`Unknown` (no usable answer: timed out, refused, garbled) means
"ask again", never "probably declined" or "probably approved".

An approval carries only what may be kept of a card (:class:`ApprovalDetails`: scheme, last 4
digits, RRN and authorisation code; for UPI the UTR, in ``rrn``). Each field is checked against a
narrow pattern when the answer is read, so a misbehaving terminal cannot slip a card number into
the cache, a log line or the outbox; :func:`redact_card_numbers` cleans any text (error messages)
that came from outside before it is kept or logged.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Protocol

from ebill_core.money import Money
from ebill_core.protocol.payments import ONLINE_ONLY_TENDERS, TenderKind

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# 13 to 19 digits, maybe grouped by spaces or hyphens: the shape of a card number. UUIDs are
# matched first and kept whole (their digit groups could otherwise look like one).
_CARD_OR_UUID = re.compile(
    rf"(?P<uuid>{_UUID})|(?<![0-9])(?<![0-9][ -])(?:[0-9][ -]?){{12,18}}[0-9](?![ -]?[0-9])"
)
REDACTED = "[number removed]"
MAX_ERROR = 300  # characters of an error message kept

_SCHEME = re.compile(r"[A-Z][A-Z0-9_-]{1,19}")
_LAST4 = re.compile(r"[0-9]{4}")
_RRN = re.compile(r"[A-Za-z0-9]{6,12}")  # a card RRN and a UPI UTR are 12 characters
_AUTH_CODE = re.compile(r"[A-Za-z0-9]{2,12}")


def redact_card_numbers(text: str) -> str:
    """``text`` with anything shaped like a card number replaced, cut to :data:`MAX_ERROR`."""

    def replace(match: re.Match[str]) -> str:
        return match.group() if match.group("uuid") else REDACTED

    return _CARD_OR_UUID.sub(replace, text)[:MAX_ERROR]


class TerminalDataError(ValueError):
    """A terminal answered details that are not what may be kept (or not well formed)."""


@dataclass(frozen=True, slots=True)
class SaleRequest:
    """A sale to ask a terminal for: our UUID for it, the amount, card or UPI."""

    request_id: str
    amount: Money
    kind: TenderKind

    def __post_init__(self) -> None:
        if self.kind not in ONLINE_ONLY_TENDERS:
            raise ValueError(f"a payment terminal takes card or UPI, not {self.kind}")
        if self.amount.minor <= 0:
            raise ValueError("a sale is for more than zero")
        if str(uuid.UUID(self.request_id)) != self.request_id:
            raise ValueError("request_id is a lower-case 8-4-4-4-12 UUID")


@dataclass(frozen=True, slots=True)
class ApprovalDetails:
    """What an approval leaves: the RRN (UPI: UTR); for cards also scheme, last 4, auth code."""

    rrn: str
    scheme: str | None = None
    last4: str | None = None
    auth_code: str | None = None

    def __post_init__(self) -> None:
        _check("rrn", self.rrn, _RRN)
        for name, pattern in (("scheme", _SCHEME), ("last4", _LAST4), ("auth_code", _AUTH_CODE)):
            value = getattr(self, name)
            if value is not None:
                _check(name, value, pattern)

    def check_for(self, kind: TenderKind) -> None:
        """A card approval names scheme, last 4 and auth code; a UPI one names none of them."""
        card_fields = (self.scheme, self.last4, self.auth_code)
        if kind is TenderKind.CARD and None in card_fields:
            raise TerminalDataError("a card approval names the scheme, last 4 and auth code")
        if kind is TenderKind.UPI and any(v is not None for v in card_fields):
            raise TerminalDataError("a UPI approval carries no card details")


def _check(name: str, value: object, pattern: re.Pattern[str]) -> None:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise TerminalDataError(f"the terminal's {name} is not in the expected form")


@dataclass(frozen=True, slots=True)
class Approved:
    """The terminal took the money."""

    details: ApprovalDetails


@dataclass(frozen=True, slots=True)
class Declined:
    """The terminal (or the card's issuer, or the payer) said no: no money was taken."""

    reason: str


@dataclass(frozen=True, slots=True)
class Pending:
    """The terminal has the request and is waiting for the card or the payer."""


@dataclass(frozen=True, slots=True)
class Cancelled:
    """No money taken: cancelled before it was done, or (``reversed``) voided after approval."""

    reversed: bool = False


@dataclass(frozen=True, slots=True)
class NotFound:
    """The terminal has no request with this id: it never arrived."""


@dataclass(frozen=True, slots=True)
class Unknown:
    """No usable answer (timeout, no connection, a garbled reply): ask again, never guess."""

    error: str


TerminalResult = Approved | Declined | Pending | Cancelled | NotFound | Unknown


class PaymentTerminal(Protocol):
    """A payment terminal or UPI collector, as the counter's card service uses it.

    Implementations never raise for a failed call: they answer :class:`Unknown` with the reason.
    ``request`` with the same ``request_id`` twice must not take the money twice.
    """

    @property
    def device_id(self) -> str:
        """The terminal's id, recorded with each tender it authorised."""
        ...

    def request(self, sale: SaleRequest) -> TerminalResult:
        """Start a sale (idempotent by its ``request_id``)."""
        ...

    def status(self, request_id: str) -> TerminalResult:
        """Where the sale stands now."""
        ...

    def cancel(self, request_id: str) -> TerminalResult:
        """Cancel a pending sale, or void an approved one; an unknown id must stay unusable."""
        ...
