"""Raising items on the review ("attention") queue, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ebill_central.db.models import AttentionRow


def raise_attention(session: Session, kind: str, subject: str, detail: str, now: datetime) -> None:
    """Add an item unless the same one is already open (a resend must not pile up copies)."""
    detail = detail[:20_000]
    open_same = session.scalars(
        select(AttentionRow.item_id).where(
            AttentionRow.kind == kind,
            AttentionRow.subject == subject,
            AttentionRow.detail == detail,
            AttentionRow.resolved_at.is_(None),
        )
    ).first()
    if open_same is None:
        session.add(AttentionRow(kind=kind, subject=subject, detail=detail, raised_at=now))
