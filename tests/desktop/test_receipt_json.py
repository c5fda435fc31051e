"""Receipts stored as JSON: ``taken_offline`` round-trips, and older bodies without it load."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from ebill_core.receipt import ReceiptCopy, ReceiptStatus
from ebill_desktop.services.receipt_json import receipt_from_json, receipt_to_json
from tests.printing import receipts


@pytest.mark.parametrize("offline", [True, False])
def test_taken_offline_round_trips(offline: bool) -> None:
    receipt = replace(receipts.cash_provisional(), taken_offline=offline)
    text = receipt_to_json(receipt)
    assert json.loads(text)["taken_offline"] is offline
    back = receipt_from_json(text, status=ReceiptStatus.PROVISIONAL)
    assert back == receipt
    # The stored fact wins over whatever the caller supplies for old receipts.
    assert (
        receipt_from_json(text, status=ReceiptStatus.PROVISIONAL, taken_offline=not offline)
        == receipt
    )


def test_a_receipt_stored_before_the_field_existed_still_loads() -> None:
    receipt = receipts.split_confirmed_duplicate()
    body = json.loads(receipt_to_json(receipt))
    del body["taken_offline"]
    old = json.dumps(body)
    copy = ReceiptCopy(reprint=2)
    loaded = receipt_from_json(
        old, status=ReceiptStatus.CONFIRMED, central_reference=receipt.central_reference, copy=copy
    )
    assert loaded == replace(receipt, taken_offline=False)
    # The payment row's offline flag, when the caller passes it, fills the gap.
    assert receipt_from_json(
        old, status=ReceiptStatus.PROVISIONAL, taken_offline=True
    ).taken_offline
