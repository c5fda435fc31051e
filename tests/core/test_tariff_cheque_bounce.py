"""A tariff's optional cheque bounce charge: read exactly, written back, never negative."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from ebill_core.tariff import TariffError, tariff_from_mapping, tariff_to_json
from tests.core.test_tariff_samples import body


def test_the_bounce_charge_is_optional_and_round_trips() -> None:
    without = tariff_from_mapping(body())
    assert without.cheque_bounce_charge is None
    assert "cheque_bounce_charge" not in json.loads(tariff_to_json(without))
    charged = tariff_from_mapping(body(cheque_bounce_charge="250.00"))
    assert charged.cheque_bounce_charge == Decimal("250.00")
    assert tariff_from_mapping(json.loads(tariff_to_json(charged))) == charged


@pytest.mark.parametrize("value", ["-1", 2.5, "lots", True])
def test_a_bad_bounce_charge_is_refused_by_name(value: object) -> None:
    with pytest.raises(TariffError, match="cheque_bounce_charge"):
        tariff_from_mapping(body(cheque_bounce_charge=value))
