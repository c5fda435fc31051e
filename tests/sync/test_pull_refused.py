"""Bad pages are refused whole: nothing of them is written and the cursor stays put.

The bad pages are real pages from the loopback central server, altered, and served by a tiny
HTTP server of their own (:class:`CannedServer`), so they come through the real client.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from ebill_desktop.sync.http import CentralConnection, response_json
from ebill_desktop.sync.puller import FeedRefusedError, pull_changes, stored_cursor
from tests.sync.conftest import EnrolledTerminal
from tests.sync.test_pull import PAGE, digest, full_sync


class CannedServer:
    """Answers every request with ``status`` and ``body``; remembers the requests' headers."""

    def __init__(self) -> None:
        self.status = 200
        self.body = b"{}"
        self.content_type = "application/json"
        self.headers: list[dict[str, str]] = []
        canned = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                canned.headers.append(dict(self.headers))
                self.send_response(canned.status)
                self.send_header("Content-Type", canned.content_type)
                self.send_header("Content-Length", str(len(canned.body)))
                self.end_headers()
                self.wfile.write(canned.body)

            def do_POST(self) -> None:
                self.do_GET()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def serve(self, body: bytes | dict[str, Any], status: int = 200) -> None:
        self.body = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.status = status

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


@pytest.fixture
def canned() -> Iterator[CannedServer]:
    server = CannedServer()
    yield server
    server.close()


@pytest.fixture
def next_page(terminal: EnrolledTerminal) -> dict[str, Any]:
    """The terminal synced one page; this is the real page after it, as JSON."""
    full_sync(terminal, max_pages=1)
    with terminal.connection() as connection:
        page = response_json(
            connection.request(
                "GET", "/changes", params={"after": stored_cursor(terminal.db), "limit": PAGE}
            )
        )
    assert isinstance(page, dict) and page["changes"]
    return page


def _first(page: dict[str, Any], entity: str) -> dict[str, Any]:
    return next(c for c in page["changes"] if c["entity"] == entity)


def _float_money(page: dict[str, Any]) -> None:
    _first(page, "bill")["data"]["net_payable"]["minor"] = 1234.5


def _money_as_text(page: dict[str, Any]) -> None:
    _first(page, "posting")["data"]["amount"]["minor"] = "500"


def _seq_out_of_order(page: dict[str, Any]) -> None:
    changes = page["changes"]
    changes[0]["seq"], changes[1]["seq"] = changes[1]["seq"], changes[0]["seq"]


def _unknown_field(page: dict[str, Any]) -> None:
    _first(page, "account")["data"]["balance"] = 0


def _key_is_not_the_record(page: dict[str, Any]) -> None:
    _first(page, "account")["key"] = "000000000000"


def _bill_of_an_unknown_account(page: dict[str, Any]) -> None:
    bill = _first(page, "bill")
    bill["data"]["account_no"] = "999999999999"


def _account_of_an_unknown_office(page: dict[str, Any]) -> None:
    _first(page, "account")["data"]["office_code"] = "XX-999"


def _second_currency(page: dict[str, Any]) -> None:
    _first(page, "posting")["data"]["amount"]["currency"] = "USD"


def _newer_protocol(page: dict[str, Any]) -> None:
    page["protocol"] = 2


def _naive_time(page: dict[str, Any]) -> None:
    posting = _first(page, "posting")["data"]
    posting["paid_at"] = posting["paid_at"][:19]  # the offset cut off


def _more_but_empty(page: dict[str, Any]) -> None:
    page["changes"] = []
    page["more"] = True


def _cursor_goes_back(page: dict[str, Any]) -> None:
    page["changes"] = []
    page["next_after"] = 1
    page["more"] = False


BAD_PAGES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "float money": (_float_money, r"net_payable\.minor"),
    "money as text": (_money_as_text, r"amount\.minor"),
    "seq out of order": (_seq_out_of_order, "increasing order"),
    "unknown field": (_unknown_field, "balance"),
    "key not the record's": (_key_is_not_the_record, "is not the account's"),
    "bill of an unknown account": (_bill_of_an_unknown_account, "999999999999"),
    "account of an unknown office": (_account_of_an_unknown_office, "XX-999"),
    "a second currency": (_second_currency, "USD, but the cache holds INR"),
    "newer protocol": (_newer_protocol, "version 1"),
    "naive time": (_naive_time, "paid_at"),
    "more but empty": (_more_but_empty, "holds nothing"),
    "cursor goes back": (_cursor_goes_back, "goes back"),
}


@pytest.mark.parametrize("name", list(BAD_PAGES))
def test_a_bad_page_changes_nothing(
    name: str, terminal: EnrolledTerminal, next_page: dict[str, Any], canned: CannedServer
) -> None:
    spoil, words = BAD_PAGES[name]
    before, cursor = digest(terminal.db), stored_cursor(terminal.db)
    page = copy.deepcopy(next_page)
    spoil(page)
    canned.serve(page)
    with (
        CentralConnection(canned.base_url, terminal.credential) as connection,
        pytest.raises(FeedRefusedError, match=words),
    ):
        pull_changes(terminal.db, connection, page_size=PAGE)
    assert digest(terminal.db) == before
    assert stored_cursor(terminal.db) == cursor
    # The unspoilt page still applies afterwards.
    canned.serve(next_page)
    with CentralConnection(canned.base_url, terminal.credential) as connection:
        report = pull_changes(terminal.db, connection, page_size=PAGE, max_pages=1)
    assert report.pages == 1 and stored_cursor(terminal.db) == next_page["next_after"]


@pytest.mark.parametrize(
    "body",
    [b'{"protocol": 1, "changes": [', b"", b"<html>proxy login</html>", b"[]", b"null"],
    ids=["cut-json", "empty", "html", "list", "null"],
)
def test_a_body_that_is_not_a_page_changes_nothing(
    body: bytes, terminal: EnrolledTerminal, canned: CannedServer
) -> None:
    full_sync(terminal, max_pages=1)
    before, cursor = digest(terminal.db), stored_cursor(terminal.db)
    canned.serve(body)
    with (
        CentralConnection(canned.base_url, terminal.credential) as connection,
        pytest.raises(FeedRefusedError, match="refused"),
    ):
        pull_changes(terminal.db, connection)
    assert digest(terminal.db) == before and stored_cursor(terminal.db) == cursor


def test_an_empty_first_page_is_applied_idempotently(
    terminal: EnrolledTerminal, canned: CannedServer
) -> None:
    canned.serve({"protocol": 1, "changes": [], "next_after": 0, "more": False})
    with CentralConnection(canned.base_url, terminal.credential) as connection:
        report = pull_changes(terminal.db, connection)
    assert report.complete and report.pages == 1 and report.cursor == 0
    assert terminal.db.data_as_of() == report.data_as_of is not None
