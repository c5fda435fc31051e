"""Filling a cache with the demo utility of ``ebill_core.demo`` (``ebill-desktop demo``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ebill_core.demo import DemoOperator, DemoParams, generate_utility
from ebill_core.passwords import hash_password
from ebill_core.records import Operator
from ebill_desktop.storage.bundle_import import import_bundles, import_reference
from ebill_desktop.storage.database import CacheDatabase, set_data_as_of


def seed_demo(
    db: CacheDatabase,
    customers: int = 5000,
    seed: int = 42,
    progress: Callable[[int, int], None] | None = None,
    *,
    today: date | None = None,
) -> tuple[DemoOperator, ...]:
    """Load a demo utility of ``customers`` accounts; return its operators and passwords.

    The same ``seed`` (and ``today``, default: the generator's fixed demo day) always gives the
    same data. Accounts already cached under the same numbers are replaced, so an interrupted
    seed can simply be run again. ``progress(done, customers)`` follows the accounts.
    """
    params = DemoParams(customers=customers, seed=seed)
    if today is not None:
        params = DemoParams(customers=customers, seed=seed, today=today)
    utility = generate_utility(params)
    operators = [
        Operator(
            login=demo.login,
            full_name=demo.full_name,
            role=demo.role,
            password_hash=hash_password(demo.password),
            office_code=demo.office_code,
        )
        for demo in utility.operators
    ]
    import_reference(db, utility.offices, utility.categories, utility.tariffs, operators)
    import_bundles(db, utility.bundles(), total=customers, progress=progress)
    with db.write_transaction() as connection:
        set_data_as_of(connection, utility.as_of)
    return utility.operators
