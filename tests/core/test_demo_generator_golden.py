"""The demo utility's output, pinned byte for byte.

Benchmarks, loaders and the central server's seeding rely on bundle ``i`` never changing; the
generator is tuned for speed, so any change to what it makes must show up here. The digests were
recorded from the generator before it was optimised, then once more when the gendered titles
("Mrs.", "Shri" ...) were dropped from the name pool. A deliberate change of output updates them
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
            "2d13eef47b714b924dd7b7bf3da5bcb6ff7a9e3011876d1ed370d77ef96ab47e",
        ),
        (
            MILLION,
            999_000,
            999_200,
            "efbd86cffacefc98720aa28911b3f130dcd79e4d821f38d33a0e2ae4163e6979",
        ),
        (
            SPRING,
            0,
            600,
            "2b60a9f6a2c1b4545acfb1ac518f98aa7e2d08f820073196d99fbaaecc949e42",
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
