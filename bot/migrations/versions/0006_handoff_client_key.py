"""handoff requests: client key for retries that store a request at most once

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoff_requests") as batch:
        batch.add_column(sa.Column("client_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_handoff_requests_client_key", ["client_key"])


def downgrade() -> None:
    with op.batch_alter_table("handoff_requests") as batch:
        batch.drop_constraint("uq_handoff_requests_client_key", type_="unique")
        batch.drop_column("client_key")
