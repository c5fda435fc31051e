"""The demo utility's output, pinned byte for byte.

Benchmarks, loaders and the central server's seeding rely on bundle ``i`` never changing; the
generator is tuned for speed, so any change to what it makes must show up here. The digests were
recorded from the generator before it was optimised. A deliberate change of output updates them
(and says so in the change).
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from ebill_core.demo import DemoParams, generate_utility

MILLION = DemoParams(
    customers=1_000_000, seed=42, today=date(2026, 11, 15), months=13, bills_per_account=3
)
# Short histories, many bills, and a today just after 1 April: other version boundaries.
SPRING = DemoParams(customers=5000, seed=7, today=date(2027, 4, 3), months=6, bills_per_account=5)


def _digest(params: DemoParams, start: int, stop: int) -> str:
    digest = hashlib.sha256()
    for bundle in generate_utility(params).bundles(start, stop):
        digest.update(repr(bundle).encode())
    return digest.hexdigest()


@pytest.mark.parametrize(
    ("params", "start", "stop", "expected"),
    [
        (
            MILLION,
            0,
            2000,
            "8876140814416d1aeaa24bf0d1c5a546bed7dc774fee674076e483d801a161d0",
        ),
        (
            MILLION,
            999_000,
            999_200,
            "60da6713cafd2b8a6c8cf71a4ab905b50906c793b11f9d69ab74a9f993e8230f",
        ),
        (
            SPRING,
            0,
            600,
            "3bd854af7988506afc62f9440170cbb083bc4027987b577a196add747a90a1e3",
        ),
    ],
    ids=["million-first-2000", "million-last-thousand", "spring-short-history"],
)
def test_bundles_are_byte_identical_to_the_recorded_ones(
    params: DemoParams, start: int, stop: int, expected: str
) -> None:
    assert _digest(params, start, stop) == expected


def test_the_digest_notices_a_changed_bundle() -> None:
    # The check above must be able to fail: a neighbouring range gives another digest.
    assert _digest(MILLION, 1, 51) != _digest(MILLION, 0, 50)
