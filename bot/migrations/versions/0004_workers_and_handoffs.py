"""workers, young people, invite codes, handoff requests, replies, audit log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False, **kwargs) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, **kwargs)


def upgrade() -> None:
    op.create_table(
        "workers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(length=254), nullable=False, unique=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        _ts("locked_until", nullable=True),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("api_token_hash", sa.String(length=64), nullable=True, unique=True),
        _ts("away_from", nullable=True),
        _ts("away_until", nullable=True),
        sa.Column(
            "substitute_id", sa.Integer(),
            sa.ForeignKey("workers.id", ondelete="SET NULL"), nullable=True,
        ),
        _ts("created_at"),
    )
    op.create_table(
        "youths",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("worker_id", sa.Integer(), sa.ForeignKey("workers.id"), nullable=False, index=True),
        sa.Column("display_name", sa.String(length=60), nullable=False),
        sa.Column("invite_code", sa.String(length=16), nullable=True, unique=True),
        _ts("invite_expires_at", nullable=True),
        sa.Column("sender_id", sa.String(length=128), nullable=True),
        sa.Column("conversation_key", sa.String(length=64), nullable=True, unique=True),
        _ts("linked_at", nullable=True),
        _ts("created_at"),
    )
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "youth_id", sa.Integer(), sa.ForeignKey("youths.id", ondelete="CASCADE"),
            nullable=False, index=True,
        ),
        sa.Column("worker_id", sa.Integer(), sa.ForeignKey("workers.id"), nullable=False, index=True),
        sa.Column("to_substitute", sa.Boolean(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("contact_method", sa.String(length=16), nullable=False),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("meeting_summary", sa.Text(), nullable=True),
        _ts("created_at", index=True),
        _ts("updated_at"),
    )
    op.create_table(
        "handoff_replies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "request_id", sa.Integer(),
            sa.ForeignKey("handoff_requests.id", ondelete="CASCADE"), nullable=False, index=True,
        ),
        sa.Column("worker_id", sa.Integer(), sa.ForeignKey("workers.id"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _ts("created_at"),
        _ts("delivered_at", nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "actor_id", sa.Integer(), sa.ForeignKey("workers.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=True),
        _ts("created_at", index=True),
    )
    op.create_table(
        "code_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_key", sa.String(length=64), nullable=False, index=True),
        _ts("created_at", index=True),
    )


def downgrade() -> None:
    for table in (
        "code_attempts", "audit_log", "handoff_replies", "handoff_requests", "youths", "workers",
    ):
        op.drop_table(table)
