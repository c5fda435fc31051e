"""GET /api/v1/terminal: who the credential belongs to, and its branch's offline policy."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from ebill_central.api.deps import current_terminal, engine_of
from ebill_central.db.models import BranchRow
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.rows import policy_wire

router = APIRouter(tags=["terminal"])


@router.get("/terminal", summary="This terminal, its branch and offline policy")
def get_terminal(
    request: Request, terminal: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> dict[str, object]:
    with Session(engine_of(request)) as session:
        branch = session.get(BranchRow, terminal.branch_code)
        assert branch is not None
        policy = policy_wire(branch)
    return {
        "terminal_id": terminal.terminal_id,
        "name": terminal.name,
        "branch_code": terminal.branch_code,
        "office_code": terminal.office_code,
        "policy": policy,
    }
