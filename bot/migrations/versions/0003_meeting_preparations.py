"""meeting preparations ("Minun asiani") and their answers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_preparations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_key", sa.String(length=64), nullable=False, unique=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("share_token_hash", sa.String(length=64), nullable=True, unique=True),
        sa.Column("share_expires_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "meeting_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "preparation_id",
            sa.Integer(),
            sa.ForeignKey("meeting_preparations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("preparation_id", "field"),
    )


def downgrade() -> None:
    op.drop_table("meeting_answers")
    op.drop_table("meeting_preparations")
