"""The central server's tables, one module per idea; importing this registers them all."""

from ebill_central.db.models.attention import AttentionRow
from ebill_central.db.models.bills import BillLineRow, BillRegisterRow, BillRow
from ebill_central.db.models.cash_control import (
    AccountChargeRow,
    AuditEntryRow,
    ChequeBarRow,
    ChequeBounceRow,
    ReversalRow,
    ReversedAllocationRow,
    ShiftCloseRow,
    ShiftTenderTotalRow,
)
from ebill_central.db.models.catalogue import CategoryRow, TariffRow
from ebill_central.db.models.changes import ChangeRow
from ebill_central.db.models.customers import (
    AccountRow,
    ConsumerRow,
    ConsumptionRow,
    MeterRow,
    ReadingRow,
)
from ebill_central.db.models.organisation import (
    BranchRow,
    EnrolmentCodeRow,
    OfficeRow,
    OperatorRow,
    TerminalRow,
)
from ebill_central.db.models.password_resets import PasswordResetRow
from ebill_central.db.models.payments import AllocationRow, PaymentRow, PostingRow, TenderRow

__all__ = [
    "AccountChargeRow",
    "AccountRow",
    "AllocationRow",
    "AttentionRow",
    "AuditEntryRow",
    "BillLineRow",
    "BillRegisterRow",
    "BillRow",
    "BranchRow",
    "CategoryRow",
    "ChangeRow",
    "ChequeBarRow",
    "ChequeBounceRow",
    "ConsumerRow",
    "ConsumptionRow",
    "EnrolmentCodeRow",
    "MeterRow",
    "OfficeRow",
    "OperatorRow",
    "PasswordResetRow",
    "PaymentRow",
    "PostingRow",
    "ReadingRow",
    "ReversalRow",
    "ReversedAllocationRow",
    "ShiftCloseRow",
    "ShiftTenderTotalRow",
    "TariffRow",
    "TenderRow",
    "TerminalRow",
]
