"""The one error the protocol's decoders raise."""

from __future__ import annotations


class ProtocolError(ValueError):
    """A message does not have the shape the protocol says; ``path`` names the bad field.

    ``path`` is a JSON-pointer-like location such as ``"changes[3].data.amount.minor"`` so that
    whoever reads the error (a log, an HTTP 422 body) can find the field without guessing.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path or '(message)'}: {message}")
