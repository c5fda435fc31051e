"""The newest cache schema revision this program knows, without loading Alembic.

Opening an up-to-date cache (every start of the counter but the first after an upgrade) compares
the file's revision with this constant and goes no further; Alembic is imported only when a
migration is due. A test checks the constant against the migration scripts.
"""

from __future__ import annotations

HEAD_REVISION = "0007"
