"""Supervisor approvals, and the check every guarded service makes itself before it acts.

Public API (other services code against this):

``authorise(action, actor, approval=None) -> None``
    Called by the service **itself**, first thing, before it changes anything (not only by the
    UI): ``actor`` is the logged-in :class:`~ebill_core.records.Operator` asking for ``action``
    (:class:`~ebill_desktop.security.roles.Action`). Returns when the actor's role may do it alone
    (:data:`~ebill_desktop.security.roles.RULES`), or may do it with approval and ``approval`` is
    a genuine approval of this very action for this very actor by someone else. Otherwise raises
    :class:`NotPermittedError`, whose message is for the screen. A disabled actor is refused.
    So calling, say, ``VoidService.void(...)`` directly as a cashier without an approval is
    refused, and so is an :class:`Approval` built by hand: approvals carry a seal only
    :meth:`ApprovalService.approve` can make (an HMAC with a key made when the process starts).

``ApprovalService(db, *, clock=None, policy=LockoutPolicy()).approve(action, supervisor_login,
password, *, cashier) -> Approval``
    The supervisor typed their login and password on the cashier's terminal. Checked offline
    against the argon2id hash in the cache; the supervisor must be active, a supervisor or an
    administrator, and not ``cashier`` (the login of the operator asking). A wrong password counts
    toward the supervisor's lock-out exactly like a failed log-in (10 lock them for 30 minutes).
    Every outcome is audited: ``approve`` (detail: ``for_action``, ``cashier``) or
    ``approval_refused`` (detail: ``for_action``, ``cashier``, ``reason``), plus ``locked`` when
    the failure locks the supervisor. Refusal raises :class:`ApprovalRefused`; its message is for
    the screen. Slow (an argon2 check, ~35 ms): call it off the UI thread.

:class:`Approval` has ``action``, ``approver`` (the supervisor's login), ``cashier`` and
``approved_at``; services put ``approval.approver`` in their own audit entry of the act
(``detail={"approved_by": approval.approver, ...}``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ebill_core.records import Operator
from ebill_desktop.security import audit
from ebill_desktop.security.credentials import CredentialsRefused, check_credentials
from ebill_desktop.security.lockout import LockoutPolicy
from ebill_desktop.security.roles import APPROVER_ROLES, Action, Permission, permission
from ebill_desktop.storage.database import CacheDatabase

__all__ = [
    "Approval",
    "ApprovalRefused",
    "ApprovalService",
    "NotPermittedError",
    "authorise",
]

# Made once per process: an Approval sealed with it can only come from ApprovalService.approve.
_SEAL_KEY = secrets.token_bytes(32)


class NotPermittedError(PermissionError):
    """The actor may not do this (now); ``str(error)`` is the message for the screen."""


class ApprovalRefused(Exception):  # noqa: N818 - named like LoginRefused, its sibling
    """The supervisor's approval was refused; ``str(error)`` is the message for the screen."""


@dataclass(frozen=True, slots=True)
class Approval:
    """A supervisor's approval of one action asked for by one cashier, at one moment."""

    action: Action
    approver: str  # the supervisor's login
    cashier: str  # the login of the operator who asked
    approved_at: datetime
    seal: str = field(default="", repr=False)

    def is_genuine(self) -> bool:
        """True when :meth:`ApprovalService.approve` of this process made it, unchanged."""
        return hmac.compare_digest(self.seal, _seal(self))


def _seal(approval: Approval) -> str:
    text = "\n".join(
        (
            approval.action.value,
            approval.approver.casefold(),
            approval.cashier.casefold(),
            approval.approved_at.isoformat(),
        )
    )
    return hmac.new(_SEAL_KEY, text.encode(), hashlib.sha256).hexdigest()


def authorise(action: Action, actor: Operator, approval: Approval | None = None) -> None:
    """Return if ``actor`` may do ``action`` now; raise :class:`NotPermittedError` if not."""
    if not actor.active:
        raise NotPermittedError(f"{actor.login} is disabled and cannot do anything here")
    allowed = permission(action, actor.role)
    if allowed is Permission.ALONE:
        return
    label = action.value.replace("_", " ")
    if allowed is Permission.NEVER:
        raise NotPermittedError(f"A {actor.role.value} may not do this ({label})")
    if approval is None:
        raise NotPermittedError(f"A supervisor must approve this ({label})")
    if (
        approval.action is not action
        or approval.cashier.casefold() != actor.login.casefold()
        or approval.approver.casefold() == actor.login.casefold()
        or not approval.is_genuine()
    ):
        raise NotPermittedError(f"That approval is not for this ({label}); ask again")


class ApprovalService:
    """Checks a supervisor's credentials typed on the cashier's terminal. Safe from workers."""

    def __init__(
        self,
        db: CacheDatabase,
        *,
        clock: Callable[[], datetime] | None = None,
        policy: LockoutPolicy | None = None,
    ) -> None:
        self._db = db
        self._clock = clock or (lambda: datetime.now(UTC))
        self._policy = policy or LockoutPolicy()

    def approve(
        self, action: Action, supervisor_login: str, password: str, *, cashier: str
    ) -> Approval:
        """An :class:`Approval` of ``action`` for ``cashier``, or :class:`ApprovalRefused`."""
        if not isinstance(action, Action):
            raise ApprovalRefused(f"Unknown action {action!r}")
        login = supervisor_login.strip()
        detail: dict[str, object] = {"for_action": action.value, "cashier": cashier}
        if login and login.casefold() == cashier.strip().casefold():
            self._refuse(login, detail, "same_person")
            raise ApprovalRefused("Another person must approve: a supervisor cannot be you")
        try:
            supervisor = check_credentials(
                self._db,
                login,
                password,
                clock=self._clock,
                policy=self._policy,
                failed_action="approval_refused",
                detail=detail,
            )
        except CredentialsRefused as error:
            raise ApprovalRefused(str(error)) from error
        if supervisor.role not in APPROVER_ROLES:
            self._refuse(supervisor.login, detail, "not_a_supervisor")
            raise ApprovalRefused(f"{supervisor.login} is not a supervisor and cannot approve")
        approved_at = self._clock()
        with self._db.write_transaction() as connection:
            audit.append(connection, supervisor.login, "approve", detail, at=approved_at)
        unsealed = Approval(action, supervisor.login, cashier, approved_at)
        return Approval(action, supervisor.login, cashier, approved_at, _seal(unsealed))

    def _refuse(self, actor: str, detail: dict[str, object], reason: str) -> None:
        with self._db.write_transaction() as connection:
            audit.append(
                connection,
                actor or audit.SYSTEM,
                "approval_refused",
                {**detail, "reason": reason},
                at=self._clock(),
            )
