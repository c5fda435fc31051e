"""Card and UPI tenders: taken only through an approved payment-terminal request.

Card and UPI need a live authoriser (the payment terminal or the UPI switch), so they are never
taken offline. Online, a card or UPI tender names the request the payment terminal approved for
this payment (:mod:`ebill_desktop.payment_terminals`); its details (scheme, last 4 digits, RRN,
authorisation code, terminal id) come from that stored request, never from what was typed. The
payment's own write transaction then marks the request used
(:func:`ebill_desktop.payment_terminals.pending.mark_used`), so one approval pays one payment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ebill_core.formatting import format_money
from ebill_core.protocol import Tender, TenderKind
from ebill_desktop.payment_terminals.pending import (
    CardRequest,
    CardRequestError,
    CardRequestState,
    load,
)
from ebill_desktop.services.payment_types import TenderInput

if TYPE_CHECKING:
    from ebill_desktop.storage.database import CacheDatabase

__all__ = ["OFFLINE_REASON", "UNAVAILABLE_REASON", "card_requests_of", "card_tender"]

OFFLINE_REASON = (
    "{what} needs the link to head office and the payment terminal; while offline take cash, "
    "cheque, demand draft, postal order or bank transfer."
)
UNAVAILABLE_REASON = (
    "{what} is taken on the payment terminal first: start the {what} payment there, then "
    "confirm once it is approved."
)
_USABLE = (CardRequestState.APPROVED, CardRequestState.USED)


def card_requests_of(db: CacheDatabase, tenders: tuple[TenderInput, ...]) -> dict[str, CardRequest]:
    """The stored requests the card and UPI tenders name (unknown ids are left out)."""
    found: dict[str, CardRequest] = {}
    for given in tenders:
        request_id = given.card_request_id
        if given.kind in (TenderKind.CARD, TenderKind.UPI) and request_id:
            request = load(db, request_id)
            if request is not None:
                found[request_id] = request
    return found


def card_tender(
    given: TenderInput,
    *,
    payment_id: str,
    offline: bool,
    cards: Mapping[str, CardRequest],
) -> tuple[Tender | None, list[str]]:
    """The tender an approved request of this payment gives, or why there is none."""
    what = "UPI" if given.kind is TenderKind.UPI else "Card"
    if offline:
        return None, [OFFLINE_REASON.format(what=what)]
    request = cards.get(given.card_request_id or "")
    if request is None:
        return None, [UNAVAILABLE_REASON.format(what=what)]
    if request.payment_id != payment_id:
        return None, ["the terminal's approval was made for another payment."]
    if request.kind is not given.kind:
        return None, [f"the terminal's request is a {request.kind.value} payment."]
    if request.state not in _USABLE:
        return None, [f"the {what} payment is {request.state.value}, not approved."]
    if request.amount != given.amount:
        return None, [
            f"the terminal approved {format_money(request.amount)}, not "
            f"{format_money(given.amount)}."
        ]
    try:
        return request.tender(), []
    except CardRequestError as error:
        return None, [error.message]
