"""Tariff templates of the demo utility (JSON in the shape of ``docs/tariffs.md``)."""
