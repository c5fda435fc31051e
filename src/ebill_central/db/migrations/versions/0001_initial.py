"""The central schema: organisation, catalogue, customers, bills, payments, change log.

Revision ID: 0001
Revises: (none)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Zoned moments: timestamptz on PostgreSQL, UTC ISO text on SQLite (see ebill_central.db.types).
MOMENT = sa.DateTime(timezone=True).with_variant(sa.String(length=40), "sqlite")


# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "attention",
        sa.Column(
            "item_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("raised_at", MOMENT, nullable=False),
        sa.Column("resolved_at", MOMENT, nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_attention")),
    )
    with op.batch_alter_table("attention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attention_kind"), ["kind"], unique=False)

    op.create_table(
        "categories",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("tariff_code", sa.String(length=40), nullable=False),
        sa.Column("exactness", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_categories")),
    )
    op.create_table(
        "change_log",
        sa.Column(
            "change_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("scope", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("change_id", name=op.f("pk_change_log")),
        sa.UniqueConstraint("seq", name=op.f("uq_change_log_seq")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index("ix_change_log_scope_seq", ["scope", "seq"], unique=False)

    op.create_table(
        "consumers",
        sa.Column("consumer_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mobile", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.PrimaryKeyConstraint("consumer_id", name=op.f("pk_consumers")),
    )
    with op.batch_alter_table("consumers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consumers_mobile"), ["mobile"], unique=False)

    op.create_table(
        "offices",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_offices")),
    )
    op.create_table(
        "tariffs",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", "version", name=op.f("pk_tariffs")),
    )
    op.create_table(
        "accounts",
        sa.Column("account_no", sa.String(length=40), nullable=False),
        sa.Column("legacy_no", sa.String(length=40), nullable=True),
        sa.Column("consumer_id", sa.BigInteger(), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.Column("tariff_code", sa.String(length=40), nullable=False),
        sa.Column("supply_type", sa.String(length=40), nullable=False),
        sa.Column("voltage_v", sa.Integer(), nullable=False),
        sa.Column("sanctioned_load_w", sa.BigInteger(), nullable=False),
        sa.Column("office_code", sa.String(length=40), nullable=False),
        sa.Column("pole", sa.String(length=40), nullable=True),
        sa.Column("connected_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_code"],
            ["categories.code"],
            name=op.f("fk_accounts_category_code_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["consumer_id"],
            ["consumers.consumer_id"],
            name=op.f("fk_accounts_consumer_id_consumers"),
        ),
        sa.ForeignKeyConstraint(
            ["office_code"], ["offices.code"], name=op.f("fk_accounts_office_code_offices")
        ),
        sa.PrimaryKeyConstraint("account_no", name=op.f("pk_accounts")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_consumer_id"), ["consumer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accounts_legacy_no"), ["legacy_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_accounts_office_code"), ["office_code"], unique=False)

    op.create_table(
        "branches",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("office_code", sa.String(length=40), nullable=False),
        sa.Column("offline_max_hours", sa.Integer(), nullable=False),
        sa.Column("offline_max_total_minor", sa.BigInteger(), nullable=False),
        sa.Column("offline_max_per_payment_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_code"], ["offices.code"], name=op.f("fk_branches_office_code_offices")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_branches")),
    )
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_branches_office_code"), ["office_code"], unique=False)

    op.create_table(
        "operators",
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=512), nullable=False),
        sa.Column("office_code", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_code"], ["offices.code"], name=op.f("fk_operators_office_code_offices")
        ),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_operators")),
    )
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_operators_office_code"), ["office_code"], unique=False)

    op.create_table(
        "bills",
        sa.Column("bill_no", sa.String(length=40), nullable=False),
        sa.Column("account_no", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("bill_date", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("cheque_due_date", sa.Date(), nullable=False),
        sa.Column("disconnection_date", sa.Date(), nullable=True),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("current_charges_minor", sa.BigInteger(), nullable=False),
        sa.Column("arrears_minor", sa.BigInteger(), nullable=False),
        sa.Column("surcharge_minor", sa.BigInteger(), nullable=False),
        sa.Column("net_payable_minor", sa.BigInteger(), nullable=False),
        sa.Column("payable_after_due_minor", sa.BigInteger(), nullable=False),
        sa.Column("amount_paid_minor", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("rounding_carried_minor", sa.BigInteger(), nullable=True),
        sa.Column("early_payment_rebate_minor", sa.BigInteger(), nullable=True),
        sa.Column("rebate_by", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_no"], ["accounts.account_no"], name=op.f("fk_bills_account_no_accounts")
        ),
        sa.PrimaryKeyConstraint("bill_no", name=op.f("pk_bills")),
    )
    with op.batch_alter_table("bills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bills_account_no"), ["account_no"], unique=False)

    op.create_table(
        "consumption",
        sa.Column("account_no", sa.String(length=40), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_no"], ["accounts.account_no"], name=op.f("fk_consumption_account_no_accounts")
        ),
        sa.PrimaryKeyConstraint("account_no", "period_end", name=op.f("pk_consumption")),
    )
    op.create_table(
        "meters",
        sa.Column("meter_no", sa.String(length=40), nullable=False),
        sa.Column("account_no", sa.String(length=40), nullable=False),
        sa.Column("multiplying_factor", sa.Integer(), nullable=False),
        sa.Column("digits", sa.Integer(), nullable=False),
        sa.Column("registers", sa.String(length=200), nullable=False),
        sa.Column("installed_on", sa.Date(), nullable=True),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_no"], ["accounts.account_no"], name=op.f("fk_meters_account_no_accounts")
        ),
        sa.PrimaryKeyConstraint("meter_no", name=op.f("pk_meters")),
    )
    with op.batch_alter_table("meters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meters_account_no"), ["account_no"], unique=False)

    op.create_table(
        "payment_postings",
        sa.Column("payment_id", sa.String(length=36), nullable=False),
        sa.Column("account_no", sa.String(length=40), nullable=False),
        sa.Column("paid_at", MOMENT, nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("receipt_no", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_no"],
            ["accounts.account_no"],
            name=op.f("fk_payment_postings_account_no_accounts"),
        ),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_payment_postings")),
    )
    with op.batch_alter_table("payment_postings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_postings_account_no"), ["account_no"], unique=False
        )

    op.create_table(
        "terminals",
        sa.Column(
            "terminal_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("branch_code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=True),
        sa.Column("enrolled_at", MOMENT, nullable=True),
        sa.Column("machine_name", sa.String(length=100), nullable=True),
        sa.Column("revoked_at", MOMENT, nullable=True),
        sa.ForeignKeyConstraint(
            ["branch_code"], ["branches.code"], name=op.f("fk_terminals_branch_code_branches")
        ),
        sa.PrimaryKeyConstraint("terminal_id", name=op.f("pk_terminals")),
    )
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_terminals_branch_code"), ["branch_code"], unique=False)

    op.create_table(
        "bill_lines",
        sa.Column("bill_no", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.String(length=40), nullable=True),
        sa.Column("rate", sa.String(length=40), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["bill_no"], ["bills.bill_no"], name=op.f("fk_bill_lines_bill_no_bills")
        ),
        sa.PrimaryKeyConstraint("bill_no", "position", name=op.f("pk_bill_lines")),
    )
    op.create_table(
        "bill_registers",
        sa.Column("bill_no", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("meter_no", sa.String(length=40), nullable=False),
        sa.Column("register", sa.String(length=40), nullable=False),
        sa.Column("previous", sa.BigInteger(), nullable=False),
        sa.Column("previous_on", sa.Date(), nullable=False),
        sa.Column("present", sa.BigInteger(), nullable=False),
        sa.Column("present_on", sa.Date(), nullable=False),
        sa.Column("multiplying_factor", sa.Integer(), nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["bill_no"], ["bills.bill_no"], name=op.f("fk_bill_registers_bill_no_bills")
        ),
        sa.PrimaryKeyConstraint("bill_no", "position", name=op.f("pk_bill_registers")),
    )
    op.create_table(
        "enrolment_codes",
        sa.Column(
            "code_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "terminal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("expires_at", MOMENT, nullable=False),
        sa.Column("used_at", MOMENT, nullable=True),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.terminal_id"],
            name=op.f("fk_enrolment_codes_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("code_id", name=op.f("pk_enrolment_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_enrolment_codes_code_hash")),
    )
    with op.batch_alter_table("enrolment_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrolment_codes_terminal_id"), ["terminal_id"], unique=False
        )

    op.create_table(
        "readings",
        sa.Column(
            "reading_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("meter_no", sa.String(length=40), nullable=False),
        sa.Column("register", sa.String(length=40), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["meter_no"], ["meters.meter_no"], name=op.f("fk_readings_meter_no_meters")
        ),
        sa.PrimaryKeyConstraint("reading_id", name=op.f("pk_readings")),
        sa.UniqueConstraint("meter_no", "register", "read_on", name=op.f("uq_readings_meter_no")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("readings")
    with op.batch_alter_table("enrolment_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_codes_terminal_id"))

    op.drop_table("enrolment_codes")
    op.drop_table("bill_registers")
    op.drop_table("bill_lines")
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_terminals_branch_code"))

    op.drop_table("terminals")
    with op.batch_alter_table("payment_postings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_postings_account_no"))

    op.drop_table("payment_postings")
    with op.batch_alter_table("meters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meters_account_no"))

    op.drop_table("meters")
    op.drop_table("consumption")
    with op.batch_alter_table("bills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bills_account_no"))

    op.drop_table("bills")
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_operators_office_code"))

    op.drop_table("operators")
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_branches_office_code"))

    op.drop_table("branches")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_office_code"))
        batch_op.drop_index(batch_op.f("ix_accounts_legacy_no"))
        batch_op.drop_index(batch_op.f("ix_accounts_consumer_id"))

    op.drop_table("accounts")
    op.drop_table("tariffs")
    op.drop_table("offices")
    with op.batch_alter_table("consumers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consumers_mobile"))

    op.drop_table("consumers")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_scope_seq")

    op.drop_table("change_log")
    op.drop_table("categories")
    with op.batch_alter_table("attention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attention_kind"))

    op.drop_table("attention")
