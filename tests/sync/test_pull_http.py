"""The HTTP client's contract: headers sent, and every failure sorted into the right error."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from ebill_desktop.sync.http import (
    CentralConnection,
    CentralRefused,
    CentralUnreachable,
    CredentialRefused,
    check_server_url,
    response_json,
)
from tests.sync.conftest import CentralServer, EnrolledTerminal
from tests.sync.test_pull_refused import CannedServer


@pytest.fixture
def canned() -> Iterator[CannedServer]:
    server = CannedServer()
    yield server
    server.close()


def test_the_credential_and_gzip_are_asked_for(canned: CannedServer) -> None:
    canned.serve({"ok": True})
    with CentralConnection(canned.base_url + "/", "7.secret") as connection:
        response = connection.request("GET", "/terminal", params={"a": 1})
    assert response_json(response) == {"ok": True}
    sent = canned.headers[-1]
    assert sent["Authorization"] == "Bearer 7.secret"
    assert "gzip" in sent["Accept-Encoding"]


def test_no_credential_no_authorization_header(canned: CannedServer) -> None:
    canned.serve({})
    with CentralConnection(canned.base_url, None) as connection:
        connection.request("POST", "/enrol", json_body={"code": "x"})
    assert "Authorization" not in canned.headers[-1]


def test_the_real_feed_comes_compressed(terminal: EnrolledTerminal) -> None:
    with terminal.connection() as connection:
        response = connection.request("GET", "/changes", params={"after": 0, "limit": 500})
    assert response.headers.get("Content-Encoding") == "gzip"
    page = response_json(response)
    assert isinstance(page, dict) and len(page["changes"]) == 500


@pytest.mark.parametrize("status", [401, 403])
def test_401_and_403_are_a_refused_credential(canned: CannedServer, status: int) -> None:
    canned.serve({"error": {"code": "credential_invalid", "message": "who are you"}}, status)
    with (
        CentralConnection(canned.base_url, "7.x") as connection,
        pytest.raises(CredentialRefused) as refused,
    ):
        connection.request("GET", "/changes")
    assert (refused.value.status, refused.value.code) == (status, "credential_invalid")
    assert refused.value.reason == "who are you"


def test_a_4xx_carries_the_servers_error(canned: CannedServer) -> None:
    canned.serve({"error": {"code": "invalid_request", "message": "limit: too big"}}, 422)
    with (
        CentralConnection(canned.base_url, "7.x") as connection,
        pytest.raises(CentralRefused) as refused,
    ):
        connection.request("GET", "/changes")
    assert not isinstance(refused.value, CredentialRefused)
    assert (refused.value.status, refused.value.code) == (422, "invalid_request")
    assert "limit: too big" in refused.value.message


def test_a_4xx_without_a_json_body(canned: CannedServer) -> None:
    canned.serve(b"<html>Not Found</html>", 404)
    with (
        CentralConnection(canned.base_url, "7.x") as connection,
        pytest.raises(CentralRefused) as refused,
    ):
        connection.request("GET", "/nowhere")
    assert refused.value.code == "http_404" and "Not Found" in refused.value.reason


def test_429_says_when_to_retry(central: CentralServer) -> None:
    from dataclasses import replace

    central.stop()
    central.settings = replace(central.settings, enrol_attempts=1)
    central.start()
    with CentralConnection(central.base_url, None) as connection:
        body = {"code": "ABCD-EFGH-JKLM-NPQR", "machine_name": "pc"}
        with pytest.raises(CredentialRefused):
            connection.request("POST", "/enrol", json_body=body)  # a wrong code: 401
        with pytest.raises(CentralRefused) as refused:
            connection.request("POST", "/enrol", json_body=body)
    assert refused.value.status == 429 and refused.value.code == "too_many_attempts"
    assert refused.value.retry_after is not None and refused.value.retry_after > 0


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_5xx_is_unreachable(canned: CannedServer, status: int) -> None:
    canned.serve({"error": {"code": "database_unavailable", "message": "try later"}}, status)
    with (
        CentralConnection(canned.base_url, "7.x") as connection,
        pytest.raises(CentralUnreachable) as failed,
    ):
        connection.request("GET", "/changes")
    assert failed.value.status == status and "try later" in failed.value.message


def test_a_refused_connection_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    with (
        CentralConnection(f"http://127.0.0.1:{port}", "7.x") as connection,
        pytest.raises(CentralUnreachable, match="cannot reach") as failed,
    ):
        connection.request("GET", "/changes")
    assert failed.value.status is None


def test_a_silent_server_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # accepts the connection, never answers
        port = listener.getsockname()[1]
        with (
            CentralConnection(f"http://127.0.0.1:{port}", "7.x", timeout=(1, 0.3)) as connection,
            pytest.raises(CentralUnreachable, match="timed out"),
        ):
            connection.request("GET", "/changes")


def test_a_body_cut_short_is_unreachable() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        def answer_half() -> None:
            client, _ = listener.accept()
            with client:
                client.recv(65536)
                client.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 1000\r\n\r\n" + b'{"protocol": 1, "chan'
                )

        thread = threading.Thread(target=answer_half)
        thread.start()
        with (
            CentralConnection(f"http://127.0.0.1:{port}", "7.x") as connection,
            pytest.raises(CentralUnreachable, match=r"incomplete|cannot reach"),
        ):
            connection.request("GET", "/changes")
        thread.join(timeout=10)


def test_a_redirect_is_not_followed(canned: CannedServer) -> None:
    canned.serve(b"", 302)
    with (
        CentralConnection(canned.base_url, "7.x") as connection,
        pytest.raises(CentralRefused) as refused,
    ):
        connection.request("GET", "/changes")
    assert refused.value.code == "unexpected_status" and len(canned.headers) == 1


@pytest.mark.parametrize(
    "url", ["ftp://host", "host:8080", "http://", "http://host/?x=1", "", "file:///etc/passwd"]
)
def test_bad_server_addresses(url: str) -> None:
    with pytest.raises(ValueError, match="server address"):
        check_server_url(url)


def test_good_server_addresses() -> None:
    assert check_server_url(" https://ebill.example:8443/ ") == "https://ebill.example:8443"
    assert check_server_url("http://10.0.0.5/sync") == "http://10.0.0.5/sync"
