"""The sync protocol's messages, shared by the terminal and the central server.

Pure data: dataclasses and ``*_to_wire`` / ``*_from_wire`` functions over JSON-ready values
(dicts, lists, strings, integers). Decoders are strict (unknown fields, wrong types, floats for
money are refused) and raise :class:`ProtocolError` naming the bad field. See docs/central.md.
"""

from ebill_core.protocol.changes import (
    DECODERS,
    MAX_PAGE,
    PROTOCOL_VERSION,
    Change,
    ChangeOp,
    ChangePage,
    Entity,
    FeedRecord,
    change_from_wire,
    change_page_from_wire,
    tariff_key,
)
from ebill_core.protocol.enrolment import (
    CODE_ALPHABET,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    enrol_request_from_wire,
    enrol_request_to_wire,
    enrol_response_from_wire,
    enrol_response_to_wire,
    error_from_wire,
    error_to_wire,
    normalise_code,
)
from ebill_core.protocol.errors import ProtocolError
from ebill_core.protocol.payments import (
    MAX_BATCH,
    ONLINE_ONLY_TENDERS,
    Allocation,
    BatchResult,
    PaymentMessage,
    PaymentOutcome,
    PaymentStatus,
    Tender,
    TenderKind,
    batch_result_from_wire,
    batch_result_to_wire,
    payment_batch_items,
    payment_from_wire,
    payment_to_wire,
)
from ebill_core.protocol.records import OfflinePolicy

__all__ = [
    "CODE_ALPHABET",
    "DECODERS",
    "MAX_BATCH",
    "MAX_PAGE",
    "ONLINE_ONLY_TENDERS",
    "PROTOCOL_VERSION",
    "Allocation",
    "BatchResult",
    "Change",
    "ChangeOp",
    "ChangePage",
    "EnrolRequest",
    "EnrolResponse",
    "Entity",
    "ErrorBody",
    "FeedRecord",
    "OfflinePolicy",
    "PaymentMessage",
    "PaymentOutcome",
    "PaymentStatus",
    "ProtocolError",
    "Tender",
    "TenderKind",
    "batch_result_from_wire",
    "batch_result_to_wire",
    "change_from_wire",
    "change_page_from_wire",
    "enrol_request_from_wire",
    "enrol_request_to_wire",
    "enrol_response_from_wire",
    "enrol_response_to_wire",
    "error_from_wire",
    "error_to_wire",
    "normalise_code",
    "payment_batch_items",
    "payment_from_wire",
    "payment_to_wire",
    "tariff_key",
]
