"""The terminal's HTTP connection to the central server, and what its failures mean.

Every call to head office goes through :meth:`CentralConnection.request`, which sorts every way
a call can end into three answers the sync code acts on differently:

* a 2xx :class:`requests.Response`: the server took the call;
* :class:`CentralUnreachable`: no usable answer (refused or reset connection, timeout, a body
  cut short, a 5xx). Nothing is known about what the server did: retry later, the same way;
* :class:`CentralRefused` (4xx, with the server's ``{"error": {"code", "message"}}``): the server
  read the call and said no. :class:`CredentialRefused` (401/403) means this terminal's
  credential is wrong or revoked: retrying will not help, enrolling again will.

A connection is one :class:`requests.Session` (keep-alive): use one per thread.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlsplit

import requests

from ebill_core.protocol import ProtocolError, error_from_wire

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
DEFAULT_TIMEOUT = (3.05, 30.0)  # (connect, read) seconds
_BODY_SNIPPET = 200  # characters of a non-JSON error body kept in a message


class CentralError(Exception):
    """A call to the central server did not succeed; ``message`` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CentralUnreachable(CentralError):  # noqa: N818 (a contract: the outbox sender uses it)
    """No usable answer: offline, timed out, reset, cut short, or a server error (5xx).

    ``status`` is the HTTP status of a 5xx answer, None when there was no answer at all.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class CentralRefused(CentralError):  # noqa: N818 (a contract, as above)
    """The server answered 4xx: ``status``, its error ``code`` and ``message``.

    ``retry_after`` is the ``Retry-After`` seconds of a 429 answer, when the server sent one.
    """

    def __init__(
        self, status: int, code: str, message: str, *, retry_after: float | None = None
    ) -> None:
        super().__init__(f"{message} ({code}, HTTP {status})")
        self.status = status
        self.code = code
        self.reason = message
        self.retry_after = retry_after


class CredentialRefused(CentralRefused):
    """401/403: the terminal's credential is missing, wrong or revoked. Enrol again."""


def check_server_url(url: str) -> str:
    """``url`` without a trailing slash, if it is an http(s) address; ValueError if not."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not a server address (expected http://host:port)")
    if parts.query or parts.fragment:
        raise ValueError(f"{url!r}: a server address has no query or fragment")
    return url.strip().rstrip("/")


class CentralConnection:
    """Calls to one central server, as one terminal (or anonymously, to enrol)."""

    def __init__(
        self,
        base_url: str,
        credential: str | None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = check_server_url(base_url)
        self.timeout = timeout
        self._session = requests.Session()
        # Proxies and .netrc from the environment would send the credential elsewhere.
        self._session.trust_env = False
        self._session.headers.update({"Accept-Encoding": "gzip", "Accept": "application/json"})
        if credential is not None:
            self._session.headers["Authorization"] = f"Bearer {credential}"

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: object = None,
    ) -> requests.Response:
        """Call ``path`` (under ``/api/v1``, e.g. ``"/changes"``); the 2xx response, read whole.

        Raises :class:`CentralUnreachable` or :class:`CentralRefused` (see the module).
        """
        url = self.base_url + API_PREFIX + path
        payload: Any = json_body  # any JSON-ready value; requests serialises it
        try:
            response = self._session.request(
                method,
                url,
                params=params,
                json=payload,
                timeout=self.timeout,
                allow_redirects=False,  # a redirect must not carry the credential elsewhere
            )
            # requests reads the body here; a cut or bad gzip body raises inside the try.
        except requests.Timeout as error:
            raise CentralUnreachable(f"the central server at {self.base_url} timed out") from error
        except requests.ConnectionError as error:
            raise CentralUnreachable(
                f"cannot reach the central server at {self.base_url} ({_cause(error)})"
            ) from error
        except requests.RequestException as error:
            # ChunkedEncodingError, ContentDecodingError...: the answer was cut or garbled.
            raise CentralUnreachable(
                f"the answer from {self.base_url} was incomplete ({type(error).__name__})"
            ) from error
        return _checked(response)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> CentralConnection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def response_json(response: requests.Response) -> object:
    """The JSON value of a response body; :class:`ProtocolError` if it is not JSON."""
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):
        raise ProtocolError("", "the answer is not valid JSON") from None


def _checked(response: requests.Response) -> requests.Response:
    status = response.status_code
    if 200 <= status < 300:
        return response
    if status >= 500:
        code, message = _error_of(response)
        raise CentralUnreachable(f"the central server failed ({message}, HTTP {status})", status)
    code, message = _error_of(response)
    if status in (401, 403):
        raise CredentialRefused(status, code, message)
    if 400 <= status < 500:
        raise CentralRefused(status, code, message, retry_after=_retry_after(response))
    raise CentralRefused(status, "unexpected_status", f"unexpected answer HTTP {status}")


def _error_of(response: requests.Response) -> tuple[str, str]:
    """The server's error code and message, or a stand-in for a body that is not one."""
    try:
        body = error_from_wire(response_json(response))
    except ProtocolError:
        snippet = response.text[:_BODY_SNIPPET].strip() or response.reason or "no message"
        return f"http_{response.status_code}", snippet
    return body.code, body.message


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return None if value is None else max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: rare from our server, and a guess is no worse than none


def _cause(error: Exception) -> str:
    # requests nests urllib3's reason several levels deep; the innermost says the most.
    inner: BaseException = error
    for _ in range(10):  # bounded: a context chain is short, but never trust it to end
        if inner.__context__ is None:
            break
        inner = inner.__context__
    return type(inner).__name__
