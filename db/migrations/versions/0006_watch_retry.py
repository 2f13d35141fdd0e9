"""Watched sources may name other hosts they link to (``watch add --allow-host``):
``watch_source.allow_hosts``, a JSON list of ``host`` or ``host:port``. Every
other host is refused, after every redirect (see ``ingest/netguard.py``).

Revision ID: 0006_watch_retry
Revises: 0004_series
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0006_watch_retry'
down_revision = '0004_series'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('watch_source') as batch:
        batch.add_column(sa.Column('allow_hosts', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('watch_source') as batch:
        batch.drop_column('allow_hosts')
