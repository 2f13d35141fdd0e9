"""Review and correction: how each table was read (``plan_table``), people's
corrections (``correction``) and layout profiles (``layout_profile``), the
item's place on its page (``milestone.item_key``, what corrections are keyed
by), ``action_items`` with ``item_key`` and a ``corrected`` flag, and
``correction_history`` (every correction with the item it applies to now and
the value the parser gave: the original, one query away).

Corrections and profiles have no foreign key to ``document``: they are keyed
by sha256 so ``plans remove`` and ``--force`` never take them.

Revision ID: 0005_review
Revises: 0004_series
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from council_plans.db.engine import revision_module


revision = '0005_review'
down_revision = '0004_series'
branch_labels = None
depends_on = None


_LAST = "       m.parser_version AS parser_version\nFROM milestone m"
_ADDED = """       m.parser_version AS parser_version,
       m.item_key AS item_key,
       CASE WHEN EXISTS (SELECT 1 FROM correction c WHERE c.document_sha256 = d.sha256
                         AND c.item_key = m.item_key AND c.kind = 'value' AND c.applied = 1)
              OR EXISTS (SELECT 1 FROM plan_table t WHERE t.document_id = m.document_id
                         AND t.position = m.table_index AND t.corrected = 1)
            THEN 1 ELSE 0 END AS corrected
FROM milestone m"""

CORRECTION_HISTORY = """
CREATE VIEW correction_history AS
SELECT c.id AS correction_id,
       m.id AS item_id,
       d.id AS document_id,
       COALESCE(d.file_name, c.document_sha256) AS document,
       c.kind AS kind,
       c.item_label AS item,
       c.page AS page,
       c.table_index AS table_on_page,
       c.field AS field,
       c.extracted_value AS extracted_value,
       c.old_value AS old_value,
       c.new_value AS new_value,
       c.author AS author,
       c.created_at AS created_at,
       c.reason AS reason,
       c.parser_version AS parser_version,
       c.applied AS applied,
       c.document_sha256 AS document_sha256,
       c.item_key AS item_key
FROM correction c
LEFT JOIN document d ON d.sha256 = c.document_sha256
LEFT JOIN milestone m ON m.document_id = d.id AND m.item_key = c.item_key
"""


def _views(extended: bool) -> None:
    base = revision_module("0001_initial.py")
    op.execute("DROP VIEW IF EXISTS rag_summary")
    op.execute("DROP VIEW IF EXISTS action_items")
    leads = base.LEADS_POSTGRESQL if op.get_bind().dialect.name == "postgresql" else base.LEADS_SQLITE
    items = base.ACTION_ITEMS.format(leads=leads)
    assert _LAST in items, "0001's action_items view no longer ends as expected"
    op.execute(items.replace(_LAST, _ADDED) if extended else items)
    op.execute(base.RAG_SUMMARY)


def _provenance() -> list[sa.Column]:
    return [sa.Column('document_id', sa.Integer(), nullable=False),
            sa.Column('page_first', sa.Integer(), nullable=True),
            sa.Column('page_last', sa.Integer(), nullable=True),
            sa.Column('bbox_x0', sa.Float(), nullable=True),
            sa.Column('bbox_top', sa.Float(), nullable=True),
            sa.Column('bbox_x1', sa.Float(), nullable=True),
            sa.Column('bbox_bottom', sa.Float(), nullable=True),
            sa.Column('parser_version', sa.Text(), nullable=False)]


def upgrade() -> None:
    op.add_column('milestone', sa.Column('item_key', sa.String(length=32), nullable=True))
    op.create_table('plan_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('page_index', sa.Integer(), nullable=False),
    sa.Column('headers', sa.Text(), nullable=False),
    sa.Column('roles', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=True),
    sa.Column('signature', sa.Text(), nullable=False),
    sa.Column('profile', sa.Text(), nullable=True),
    sa.Column('corrected', sa.Integer(), nullable=False),
    *_provenance(),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name='plan_table_document_id_fkey',
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_plan_table_document_id', 'plan_table', ['document_id'], unique=False)
    op.create_table('correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_sha256', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('item_key', sa.String(length=32), nullable=True),
    sa.Column('item_label', sa.Text(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('table_index', sa.Integer(), nullable=True),
    sa.Column('field', sa.Text(), nullable=True),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('parser_version', sa.Text(), nullable=True),
    sa.Column('extracted_value', sa.Text(), nullable=True),
    sa.Column('applied', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_correction_document', 'correction', ['document_sha256', 'item_key'],
                    unique=False)
    op.create_table('layout_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('signature', sa.Text(), nullable=False),
    sa.Column('authority', sa.Text(), nullable=True),
    sa.Column('headers', sa.Text(), nullable=False),
    sa.Column('roles', sa.Text(), nullable=False),
    sa.Column('author', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    _views(extended=True)
    op.execute(CORRECTION_HISTORY)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS correction_history")
    _views(extended=False)
    op.drop_table('layout_profile')
    op.drop_index('ix_correction_document', table_name='correction')
    op.drop_table('correction')
    op.drop_index('ix_plan_table_document_id', table_name='plan_table')
    op.drop_table('plan_table')
    op.drop_column('milestone', 'item_key')
