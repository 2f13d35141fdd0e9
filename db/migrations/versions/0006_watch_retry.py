"""Retries of watched papers after transient failures, and the hosts a source may use.

``watch_attachment.retries`` / ``retry_after``: failures in a row and when to
ask again (``ingest/moderngov/retry.py``). ``watch_source.allow_hosts``: a
JSON list of other hosts (``host`` or ``host:port``) the site may link or
redirect to; every other host is refused (``ingest/moderngov/netguard.py``).

Revision ID: 0006_watch_retry
Revises: 0005_review
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0006_watch_retry'
down_revision = '0005_review'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('watch_source') as batch:
        batch.add_column(sa.Column('allow_hosts', sa.Text(), nullable=True))
    with op.batch_alter_table('watch_attachment') as batch:
        batch.add_column(sa.Column('retries', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('retry_after', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('watch_attachment') as batch:
        batch.drop_column('retry_after')
        batch.drop_column('retries')
    with op.batch_alter_table('watch_source') as batch:
        batch.drop_column('allow_hosts')
