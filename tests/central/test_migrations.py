"""The schema: empty to head one revision at a time, matching the models, on both backends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from ebill_central.cli import run
from ebill_central.db.base import Base
from ebill_central.db.engine import make_engine
from ebill_central.db.migrate import current_revision, head_revision, known_revisions, upgrade


def test_each_revision_upgrades_to_the_next_and_head_matches_the_models(empty_url: str) -> None:
    engine = make_engine(empty_url)
    try:
        assert current_revision(engine) is None
        for revision in known_revisions():
            upgrade(engine, revision)
            assert current_revision(engine) == revision
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            connection.rollback()
        assert differences == []
        tables = set(inspect(engine).get_table_names())
        assert {"change_log", "terminals", "bills", "payment_postings", "attention"} <= tables
    finally:
        engine.dispose()


def test_init_creates_then_is_a_no_op(empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--database", empty_url, "init"]) == 0
    assert run(["--database", empty_url, "init"]) == 0
    assert f"schema {head_revision()}" in capsys.readouterr().out
    engine = make_engine(empty_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_commands_refuse_a_database_that_is_not_initialised(
    empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--database", empty_url, "seed", "--customers", "3"]) == 1
    assert "run 'ebill-central init'" in capsys.readouterr().err
    engine = make_engine(empty_url)
    assert current_revision(engine) is None
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_an_unsupported_database_url_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--database", "mysql://nobody@localhost/x", "init"]) == 1
    assert "unsupported database" in capsys.readouterr().err
