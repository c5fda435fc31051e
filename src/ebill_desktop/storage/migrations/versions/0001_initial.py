"""Initial schema of the terminal cache, and the FTS5 trigram index over names and addresses.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written out in full (not imported from the models) so that it keeps meaning what it meant when
later revisions change the models. Datetimes and decimals are plain TEXT here; the models add
the Python types.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Contentless: the index holds only trigrams and the account's rowid; the text it was built from
# is the accent- and case-folded copy made by ebill_desktop.storage.search_text.fold.
SEARCH_TABLE_CREATE = (
    "CREATE VIRTUAL TABLE account_search USING fts5(name, address, content='', tokenize='trigram')"
)
SEARCH_TABLE_DROP = "DROP TABLE account_search"

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create every table, then the full-text index."""
    op.create_table(
        "categories",
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("tariff_code", sa.String(), nullable=False),
        sa.Column("exactness", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_categories")),
    )
    op.create_table(
        "consumers",
        sa.Column("consumer_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("mobile", sa.String(), nullable=True),
        sa.Column("mobile_key", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("consumer_id", name=op.f("pk_consumers")),
    )
    with op.batch_alter_table("consumers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consumers_mobile_key"), ["mobile_key"], unique=False)

    op.create_table(
        "offices",
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_offices")),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "tariffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tariffs")),
        sa.UniqueConstraint("code", "version", name=op.f("uq_tariffs_code_version")),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_no", sa.String(), nullable=False),
        sa.Column("legacy_no", sa.String(collation="NOCASE"), nullable=True),
        sa.Column("consumer_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("category_code", sa.String(), nullable=False),
        sa.Column("tariff_code", sa.String(), nullable=False),
        sa.Column("supply_type", sa.String(), nullable=False),
        sa.Column("voltage_v", sa.Integer(), nullable=False),
        sa.Column("sanctioned_load_w", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(), nullable=False),
        sa.Column("pole", sa.String(), nullable=True),
        sa.Column("connected_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("currency", sa.String(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("account_no", name=op.f("uq_accounts_account_no")),
        sa.UniqueConstraint("legacy_no", name=op.f("uq_accounts_legacy_no")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_consumer_id"), ["consumer_id"], unique=False)

    op.create_table(
        "operators",
        sa.Column("login", sa.String(collation="NOCASE"), nullable=False),
        sa.Column("full_name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("password_hash", sa.String(), nullable=False),
        sa.Column("office_code", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_code"], ["offices.code"], name=op.f("fk_operators_office_code_offices")
        ),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_operators")),
    )
    op.create_table(
        "bills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bill_no", sa.String(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("bill_date", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("cheque_due_date", sa.Date(), nullable=False),
        sa.Column("disconnection_date", sa.Date(), nullable=True),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("current_charges_minor", sa.Integer(), nullable=False),
        sa.Column("arrears_minor", sa.Integer(), nullable=False),
        sa.Column("surcharge_minor", sa.Integer(), nullable=False),
        sa.Column("net_payable_minor", sa.Integer(), nullable=False),
        sa.Column("payable_after_due_minor", sa.Integer(), nullable=False),
        sa.Column("amount_paid_minor", sa.Integer(), nullable=False),
        sa.Column("rounding_carried_minor", sa.Integer(), nullable=True),
        sa.Column("early_payment_rebate_minor", sa.Integer(), nullable=True),
        sa.Column("rebate_by", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_bills_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bills")),
        sa.UniqueConstraint("bill_no", name=op.f("uq_bills_bill_no")),
    )
    with op.batch_alter_table("bills", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bills_account_id_bill_date"), ["account_id", "bill_date"], unique=False
        )

    op.create_table(
        "consumption",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_consumption_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "period_end", name=op.f("pk_consumption")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "meters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meter_no", sa.String(collation="NOCASE"), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("multiplying_factor", sa.Integer(), nullable=False),
        sa.Column("digits", sa.Integer(), nullable=False),
        sa.Column("registers_json", sa.String(), nullable=False),
        sa.Column("installed_on", sa.Date(), nullable=True),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_meters_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meters")),
        sa.UniqueConstraint("meter_no", name=op.f("uq_meters_meter_no")),
    )
    with op.batch_alter_table("meters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meters_account_id"), ["account_id"], unique=False)

    op.create_table(
        "payment_postings",
        sa.Column("payment_id", sa.String(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("paid_at", sa.String(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("receipt_no", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_payment_postings_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_payment_postings")),
    )
    with op.batch_alter_table("payment_postings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_postings_account_id_paid_at"),
            ["account_id", "paid_at"],
            unique=False,
        )

    op.create_table(
        "bill_lines",
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("quantity", sa.String(), nullable=True),
        sa.Column("rate", sa.String(), nullable=True),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bill_id"], ["bills.id"], name=op.f("fk_bill_lines_bill_id_bills"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("bill_id", "seq", name=op.f("pk_bill_lines")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "bill_registers",
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("meter_no", sa.String(), nullable=False),
        sa.Column("register", sa.String(), nullable=False),
        sa.Column("previous", sa.Integer(), nullable=False),
        sa.Column("previous_on", sa.Date(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("present_on", sa.Date(), nullable=False),
        sa.Column("multiplying_factor", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bill_id"],
            ["bills.id"],
            name=op.f("fk_bill_registers_bill_id_bills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bill_id", "seq", name=op.f("pk_bill_registers")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meter_id", sa.Integer(), nullable=False),
        sa.Column("register", sa.String(), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meter_id"],
            ["meters.id"],
            name=op.f("fk_readings_meter_id_meters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readings")),
    )
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readings_meter_id_read_on"), ["meter_id", "read_on"], unique=False
        )

    op.execute(SEARCH_TABLE_CREATE)


def downgrade() -> None:
    """Drop everything (used by the migration tests)."""
    op.execute(SEARCH_TABLE_DROP)
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_readings_meter_id_read_on"))

    op.drop_table("readings")
    op.drop_table("bill_registers")
    op.drop_table("bill_lines")
    with op.batch_alter_table("payment_postings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_postings_account_id_paid_at"))

    op.drop_table("payment_postings")
    with op.batch_alter_table("meters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meters_account_id"))

    op.drop_table("meters")
    op.drop_table("consumption")
    with op.batch_alter_table("bills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bills_account_id_bill_date"))

    op.drop_table("bills")
    op.drop_table("operators")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_consumer_id"))

    op.drop_table("accounts")
    op.drop_table("tariffs")
    op.drop_table("sync_state")
    op.drop_table("offices")
    with op.batch_alter_table("consumers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consumers_mobile_key"))

    op.drop_table("consumers")
    op.drop_table("categories")
