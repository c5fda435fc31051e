"""Who may do what at the counter: the sensitive actions and each role's right to them.

Every action a service guards is an :class:`Action`. For each one, :data:`RULES` says which
roles may do it on their own and which may do it only with a supervisor's approval (the
supervisor types their own credentials on the cashier's terminal; see
:mod:`ebill_desktop.security.approvals`). A role in neither set may not do it at all.

The table (also in docs/security.md):

=============================  ===================  =================  ===========
action                         alone                with approval      never
=============================  ===================  =================  ===========
void                           supervisor, admin    cashier            kiosk
reprint_second                 supervisor, admin    cashier            kiosk
over_short_beyond_tolerance    supervisor, admin    cashier            kiosk
close_with_unsynced            supervisor, admin    cashier            kiosk
export_unsynced                supervisor, admin    cashier            kiosk
no_sale_open                   supervisor, admin    cashier            kiosk
open_shift                     all but kiosk                           kiosk
close_shift                    all but kiosk                           kiosk
cash_drop                      all but kiosk                           kiosk
pay_out                        supervisor, admin    cashier            kiosk
reset_password                 supervisor, admin                       cashier, kiosk
resolve_attention              supervisor, admin                       cashier, kiosk
change_settings                admin                                   the rest
cheque_bounce                  supervisor, admin                       cashier, kiosk
collection_report              supervisor, admin                       cashier, kiosk
own_collections                all but kiosk                           kiosk
=============================  ===================  =================  ===========

An approval is given only by a supervisor or an administrator (:data:`APPROVER_ROLES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from ebill_core.records import OperatorRole

__all__ = [
    "APPROVER_ROLES",
    "RULES",
    "Action",
    "Permission",
    "Rule",
    "permission",
]


class Action(StrEnum):
    """A guarded act; its value is also the ``action`` of the audit entry that approves it."""

    VOID = "void"
    REPRINT_SECOND = "reprint_second"  # the second and every later reprint of a receipt
    OVER_SHORT_BEYOND_TOLERANCE = "over_short_beyond_tolerance"
    CLOSE_WITH_UNSYNCED = "close_with_unsynced"  # close a shift while payments are unsynced
    EXPORT_UNSYNCED = "export_unsynced"  # write unsynced payments to a signed file
    NO_SALE_OPEN = "no_sale_open"  # open the cash drawer without a payment
    OPEN_SHIFT = "open_shift"
    CLOSE_SHIFT = "close_shift"
    CASH_DROP = "cash_drop"  # cash handed to the head cashier during a shift
    PAY_OUT = "pay_out"  # cash paid out of the drawer, with a reason
    RESET_PASSWORD = "reset_password"  # set a new password for another operator
    RESOLVE_ATTENTION = "resolve_attention"  # retry or set aside an outbox attention item
    CHANGE_SETTINGS = "change_settings"
    CHEQUE_BOUNCE = "cheque_bounce"  # cancel a cheque tender returned unpaid
    COLLECTION_REPORT = "collection_report"  # the day's collections of every operator
    OWN_COLLECTIONS = "own_collections"  # the day's collections of the actor alone


class Permission(StrEnum):
    """What a role may do with an action."""

    ALONE = "alone"
    WITH_APPROVAL = "with_approval"
    NEVER = "never"


@dataclass(frozen=True, slots=True)
class Rule:
    alone: frozenset[OperatorRole]
    with_approval: frozenset[OperatorRole] = frozenset()


_CASHIER = OperatorRole.CASHIER
_SUPERVISOR = OperatorRole.SUPERVISOR
_ADMIN = OperatorRole.ADMINISTRATOR

APPROVER_ROLES: Final = frozenset({_SUPERVISOR, _ADMIN})
_STAFF: Final = frozenset({_CASHIER, _SUPERVISOR, _ADMIN})
# A cashier may, once a supervisor has approved at their terminal.
_SUPERVISED: Final = Rule(alone=APPROVER_ROLES, with_approval=frozenset({_CASHIER}))
_SUPERVISORS_ONLY: Final = Rule(alone=APPROVER_ROLES)

RULES: Final = MappingProxyType(
    {
        Action.VOID: _SUPERVISED,
        Action.REPRINT_SECOND: _SUPERVISED,
        Action.OVER_SHORT_BEYOND_TOLERANCE: _SUPERVISED,
        Action.CLOSE_WITH_UNSYNCED: _SUPERVISED,
        Action.EXPORT_UNSYNCED: _SUPERVISED,
        Action.NO_SALE_OPEN: _SUPERVISED,
        Action.OPEN_SHIFT: Rule(alone=_STAFF),
        Action.CLOSE_SHIFT: Rule(alone=_STAFF),
        Action.CASH_DROP: Rule(alone=_STAFF),
        Action.PAY_OUT: _SUPERVISED,
        Action.RESET_PASSWORD: _SUPERVISORS_ONLY,
        Action.RESOLVE_ATTENTION: _SUPERVISORS_ONLY,
        Action.CHANGE_SETTINGS: Rule(alone=frozenset({_ADMIN})),
        Action.CHEQUE_BOUNCE: _SUPERVISORS_ONLY,
        Action.COLLECTION_REPORT: _SUPERVISORS_ONLY,
        Action.OWN_COLLECTIONS: Rule(alone=_STAFF),
    }
)


def permission(action: Action, role: OperatorRole) -> Permission:
    """What ``role`` may do with ``action``: alone, with a supervisor's approval, or never."""
    rule = RULES[action]
    if role in rule.alone:
        return Permission.ALONE
    if role in rule.with_approval:
        return Permission.WITH_APPROVAL
    return Permission.NEVER
