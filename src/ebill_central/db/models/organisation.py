"""Offices, branches, terminals, their enrolment codes, and operators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ebill_central.db.base import Base, BigId
from ebill_central.db.types import Moment


class OfficeRow(Base):
    """A division or sub-division office: the unit the feed is scoped by."""

    __tablename__ = "offices"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class BranchRow(Base):
    """A place with counters (an office's cash hall, a rural collection centre)."""

    __tablename__ = "branches"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.code"), index=True)
    # The offline policy every terminal of the branch is sent (see ebill_core.protocol).
    offline_max_hours: Mapped[int] = mapped_column(Integer)
    offline_max_total_minor: Mapped[int] = mapped_column(BigInteger)
    offline_max_per_payment_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))


class TerminalRow(Base):
    """A counter PC or kiosk; its credential is kept only as a SHA-256 hash."""

    __tablename__ = "terminals"

    terminal_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("branches.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(Moment())
    secret_hash: Mapped[str | None] = mapped_column(String(64))
    enrolled_at: Mapped[datetime | None] = mapped_column(Moment())
    machine_name: Mapped[str | None] = mapped_column(String(100))
    revoked_at: Mapped[datetime | None] = mapped_column(Moment())
    # Base64 of the Ed25519 public key the terminal sent when it enrolled: it verifies the
    # terminal's signed exports of unsynced payments (services/payment_import.py).
    export_key: Mapped[str | None] = mapped_column(String(64))


class EnrolmentCodeRow(Base):
    """A one-time code that lets one terminal enrol; kept hashed, used once, expires."""

    __tablename__ = "enrolment_codes"

    code_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.terminal_id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Moment())
    expires_at: Mapped[datetime] = mapped_column(Moment())
    used_at: Mapped[datetime | None] = mapped_column(Moment())


class OperatorRow(Base):
    """A person who logs in at a counter; the argon2id hash travels to the office's terminals."""

    __tablename__ = "operators"

    login: Mapped[str] = mapped_column(String(64), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(512))
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.code"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
