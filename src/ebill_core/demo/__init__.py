"""A deterministic, parameterised demo utility (see ``docs/demo-data.md``).

>>> from datetime import date
>>> u = generate_utility(DemoParams(customers=10, seed=1, today=date(2026, 11, 15)))
>>> len(list(u.bundles())) == 10
True
"""

from ebill_core.demo.catalogue import DemoOperator
from ebill_core.demo.generator import MAX_ACCOUNTS, DemoParams, DemoUtility, generate_utility

__all__ = ["MAX_ACCOUNTS", "DemoOperator", "DemoParams", "DemoUtility", "generate_utility"]
