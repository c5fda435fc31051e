"""Who receives a change: every terminal, one office's terminals, or one branch's."""

from __future__ import annotations

EVERYONE = "*"


def office_scope(office_code: str) -> str:
    return f"office:{office_code}"


def branch_scope(branch_code: str) -> str:
    return f"branch:{branch_code}"


def terminal_scopes(office_code: str, branch_code: str) -> tuple[str, ...]:
    """The scopes a terminal of ``branch_code`` (in ``office_code``) reads the feed in."""
    return (EVERYONE, office_scope(office_code), branch_scope(branch_code))
