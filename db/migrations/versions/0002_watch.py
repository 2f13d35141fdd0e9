"""State of the scheduled ModernGov watcher (``plans watch``): sources,
meetings seen, attachments seen. Models in ``schema/watch.py``.

Revision ID: 0002_watch
Revises: 0001_initial
Create Date: 2025-11-22
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0002_watch'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('watch_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('site', sa.Text(), nullable=False),
    sa.Column('authority', sa.Text(), nullable=False),
    sa.Column('committees', sa.Text(), nullable=True),
    sa.Column('contact', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_run_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'site', 'authority')
    )
    op.create_table('watch_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('committee_id', sa.BigInteger(), nullable=True),
    sa.Column('committee', sa.Text(), nullable=True),
    sa.Column('meeting_date', sa.Date(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('agenda_published', sa.Boolean(), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['watch_source.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_id', 'meeting_id')
    )
    op.create_index('ix_watch_meeting_source_id', 'watch_meeting', ['source_id'], unique=False)
    op.create_table('watch_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('meeting_row_id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.BigInteger(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('agenda_item', sa.Text(), nullable=True),
    sa.Column('publication_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('size_bytes', sa.BigInteger(), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['meeting_row_id'], ['watch_meeting.id'], ),
    sa.ForeignKeyConstraint(['source_id'], ['watch_source.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_id', 'attachment_id')
    )
    op.create_index('ix_watch_attachment_document_id', 'watch_attachment', ['document_id'], unique=False)
    op.create_index('ix_watch_attachment_meeting_row_id', 'watch_attachment', ['meeting_row_id'], unique=False)
    op.create_index('ix_watch_attachment_sha256', 'watch_attachment', ['sha256'], unique=False)
    op.create_index('ix_watch_attachment_source_id', 'watch_attachment', ['source_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_watch_attachment_source_id', table_name='watch_attachment')
    op.drop_index('ix_watch_attachment_sha256', table_name='watch_attachment')
    op.drop_index('ix_watch_attachment_meeting_row_id', table_name='watch_attachment')
    op.drop_index('ix_watch_attachment_document_id', table_name='watch_attachment')
    op.drop_table('watch_attachment')
    op.drop_index('ix_watch_meeting_source_id', table_name='watch_meeting')
    op.drop_table('watch_meeting')
    op.drop_table('watch_source')
