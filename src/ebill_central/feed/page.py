"""One page of the feed, built straight into JSON bytes.

The payloads are stored as JSON text, so a page is the rows' text joined with a little framing:
no per-row objects, no framework validation. That keeps the first sync (the whole feed from
zero) limited by the database and the network, not by serialisation.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, bindparam, text

from ebill_core.protocol import PROTOCOL_VERSION

_TOP = text("SELECT COALESCE(MAX(seq), 0) FROM change_log")
_PAGE = text(
    "SELECT seq, entity, key, op, payload FROM change_log "
    "WHERE seq > :after AND scope IN :scopes ORDER BY seq LIMIT :limit"
).bindparams(bindparam("scopes", expanding=True))


def read_page(connection: Connection, scopes: tuple[str, ...], after: int, limit: int) -> bytes:
    """The changes in ``scopes`` after ``after`` (at most ``limit``), as a feed page's JSON.

    When the page holds everything there is, ``next_after`` moves on to the highest ``seq``
    given so far even if the last changes were for other terminals, so that the next read
    starts there instead of scanning past them again. That is safe because ``top`` is read
    first: every ``seq`` up to it had committed (numbers are given and committed under the
    sequencer lock), so the page query, which starts later, sees all of them.
    """
    top = int(connection.execute(_TOP).scalar_one())
    rows = connection.execute(
        _PAGE, {"after": after, "scopes": list(scopes), "limit": limit + 1}
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    dumps = json.dumps
    parts = [
        f'{{"seq":{seq},"entity":"{entity}","key":{dumps(key, ensure_ascii=False)},'
        f'"op":"{op}","data":{payload if payload is not None else "null"}}}'
        for seq, entity, key, op, payload in rows
    ]
    last = rows[-1][0] if rows else after
    next_after = last if more else max(last, top)
    body = (
        f'{{"protocol":{PROTOCOL_VERSION},"changes":[{",".join(parts)}],'
        f'"next_after":{next_after},"more":{"true" if more else "false"}}}'
    )
    return body.encode("utf-8")
