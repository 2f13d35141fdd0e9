"""Initial schema: the normalised store and the analysts' views.

Revision ID: 0001_initial
Revises:
Create Date: 2025-11-22
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


#: one flat row per extracted item (milestone row), joins done for analysts
ACTION_ITEMS = """
CREATE VIEW action_items AS
SELECT m.id AS item_id,
       a_u.name AS authority,
       p.id AS plan_id,
       p.title AS plan_title,
       p.period AS period,
       p.start_date AS period_start,
       p.end_date AS period_end,
       s.name AS section,
       a.ref AS ref,
       a.text AS action,
       m.text AS milestone,
       m.timescale AS timescale,
       m.due_date AS due_date,
       m.lead_raw AS lead,
       ({leads}) AS leads,
       pu.progress AS progress,
       pu.rag AS rag,
       pu.as_at AS as_at,
       m.success_measure AS success_measure,
       m.outcome AS outcome,
       d.id AS document_id,
       d.file_name AS document,
       d.title AS document_title,
       d.committee AS committee,
       d.meeting_date AS meeting_date,
       m.page_first AS page_first,
       m.page_last AS page_last,
       m.position AS position,
       m.parser_version AS parser_version
FROM milestone m
JOIN action a ON a.id = m.action_id
JOIN plan p ON p.id = a.plan_id
JOIN document d ON d.id = m.document_id
LEFT JOIN authority a_u ON a_u.id = d.authority_id
LEFT JOIN section s ON s.id = a.section_id
LEFT JOIN progress_update pu ON pu.milestone_id = m.id
"""

LEADS_SQLITE = ("SELECT group_concat(name, '; ') FROM (SELECT pe.name AS name FROM lead l "
                "JOIN person pe ON pe.id = l.person_id WHERE l.milestone_id = m.id "
                "ORDER BY l.position)")
LEADS_POSTGRESQL = ("SELECT string_agg(pe.name, '; ' ORDER BY l.position) FROM lead l "
                    "JOIN person pe ON pe.id = l.person_id WHERE l.milestone_id = m.id")

#: RAG mix per authority and plan
RAG_SUMMARY = """
CREATE VIEW rag_summary AS
SELECT authority, plan_id, plan_title, period, document_id, document,
       COUNT(*) AS items,
       SUM(CASE WHEN rag = 'red' THEN 1 ELSE 0 END) AS red,
       SUM(CASE WHEN rag = 'amber' THEN 1 ELSE 0 END) AS amber,
       SUM(CASE WHEN rag = 'green' THEN 1 ELSE 0 END) AS green,
       SUM(CASE WHEN rag = 'blue' THEN 1 ELSE 0 END) AS blue,
       SUM(CASE WHEN rag IS NULL THEN 1 ELSE 0 END) AS no_rag
FROM action_items
GROUP BY authority, plan_id, plan_title, period, document_id, document
"""


def _create_views() -> None:
    leads = LEADS_POSTGRESQL if op.get_bind().dialect.name == "postgresql" else LEADS_SQLITE
    op.execute(ACTION_ITEMS.format(leads=leads))
    op.execute(RAG_SUMMARY)


def upgrade() -> None:
    op.create_table('authority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('ingest_error',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('error_class', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_ingest_error_key', 'ingest_error', ['path', 'stage', 'error_class'], unique=False)
    op.create_table('authority_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['authority.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('alias')
    )
    op.create_index('ix_authority_alias_authority_id', 'authority_alias', ['authority_id'], unique=False)
    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('source_path', sa.Text(), nullable=True),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('authority_id', sa.Integer(), nullable=True),
    sa.Column('committee', sa.Text(), nullable=True),
    sa.Column('meeting_id', sa.Text(), nullable=True),
    sa.Column('meeting_date', sa.Date(), nullable=True),
    sa.Column('published_date', sa.Date(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('parser_version', sa.Text(), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('pages_without_text', sa.Text(), nullable=True),
    sa.Column('warnings', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['authority_id'], ['authority.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256')
    )
    op.create_index('ix_document_authority_id', 'document', ['authority_id'], unique=False)
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['authority.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('scope', 'name')
    )
    op.create_index('ix_person_authority_id', 'person', ['authority_id'], unique=False)
    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('period', sa.Text(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('version', sa.Text(), nullable=True),
    sa.Column('as_at', sa.Date(), nullable=True),
    sa.Column('page_first', sa.Integer(), nullable=True),
    sa.Column('page_last', sa.Integer(), nullable=True),
    sa.Column('bbox_x0', sa.Float(), nullable=True),
    sa.Column('bbox_top', sa.Float(), nullable=True),
    sa.Column('bbox_x1', sa.Float(), nullable=True),
    sa.Column('bbox_bottom', sa.Float(), nullable=True),
    sa.Column('parser_version', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_plan_document_id', 'plan', ['document_id'], unique=False)
    op.create_table('section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('page_first', sa.Integer(), nullable=True),
    sa.Column('page_last', sa.Integer(), nullable=True),
    sa.Column('bbox_x0', sa.Float(), nullable=True),
    sa.Column('bbox_top', sa.Float(), nullable=True),
    sa.Column('bbox_x1', sa.Float(), nullable=True),
    sa.Column('bbox_bottom', sa.Float(), nullable=True),
    sa.Column('parser_version', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_section_document_id', 'section', ['document_id'], unique=False)
    op.create_index('ix_section_plan_id', 'section', ['plan_id'], unique=False)
    op.create_table('action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('ref', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('page_first', sa.Integer(), nullable=True),
    sa.Column('page_last', sa.Integer(), nullable=True),
    sa.Column('bbox_x0', sa.Float(), nullable=True),
    sa.Column('bbox_top', sa.Float(), nullable=True),
    sa.Column('bbox_x1', sa.Float(), nullable=True),
    sa.Column('bbox_bottom', sa.Float(), nullable=True),
    sa.Column('parser_version', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.ForeignKeyConstraint(['section_id'], ['section.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_action_document_id', 'action', ['document_id'], unique=False)
    op.create_index('ix_action_plan_id', 'action', ['plan_id'], unique=False)
    op.create_index('ix_action_section_id', 'action', ['section_id'], unique=False)
    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('timescale', sa.Text(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('lead_raw', sa.Text(), nullable=True),
    sa.Column('success_measure', sa.Text(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('table_index', sa.Integer(), nullable=False),
    sa.Column('page_first', sa.Integer(), nullable=True),
    sa.Column('page_last', sa.Integer(), nullable=True),
    sa.Column('bbox_x0', sa.Float(), nullable=True),
    sa.Column('bbox_top', sa.Float(), nullable=True),
    sa.Column('bbox_x1', sa.Float(), nullable=True),
    sa.Column('bbox_bottom', sa.Float(), nullable=True),
    sa.Column('parser_version', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_milestone_action_id', 'milestone', ['action_id'], unique=False)
    op.create_index('ix_milestone_document_id', 'milestone', ['document_id'], unique=False)
    op.create_table('cell_box',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.Text(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('x0', sa.Float(), nullable=False),
    sa.Column('top', sa.Float(), nullable=False),
    sa.Column('x1', sa.Float(), nullable=False),
    sa.Column('bottom', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_cell_box_document_id', 'cell_box', ['document_id'], unique=False)
    op.create_index('ix_cell_box_milestone_id', 'cell_box', ['milestone_id'], unique=False)
    op.create_table('extra_field',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('page_first', sa.Integer(), nullable=True),
    sa.Column('page_last', sa.Integer(), nullable=True),
    sa.Column('bbox_x0', sa.Float(), nullable=True),
    sa.Column('bbox_top', sa.Float(), nullable=True),
    sa.Column('bbox_x1', sa.Float(), nullable=True),
    sa.Column('bbox_bottom', sa.Float(), nullable=True),
    sa.Column('parser_version', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_extra_field_document_id', 'extra_field', ['document_id'], unique=False)
    op.create_index('ix_extra_field_milestone_id', 'extra_field', ['milestone_id'], unique=False)
    op.create_table('lead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('page_first', sa.Integer(), nullable=True),
    sa.Column('page_last', sa.Integer(), nullable=True),
    sa.Column('bbox_x0', sa.Float(), nullable=True),
    sa.Column('bbox_top', sa.Float(), nullable=True),
    sa.Column('bbox_x1', sa.Float(), nullable=True),
    sa.Column('bbox_bottom', sa.Float(), nullable=True),
    sa.Column('parser_version', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_lead_action_id', 'lead', ['action_id'], unique=False)
    op.create_index('ix_lead_document_id', 'lead', ['document_id'], unique=False)
    op.create_index('ix_lead_milestone_id', 'lead', ['milestone_id'], unique=False)
    op.create_index('ix_lead_person_id', 'lead', ['person_id'], unique=False)
    op.create_table('progress_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('progress', sa.Text(), nullable=True),
    sa.Column('rag', sa.String(length=8), nullable=True),
    sa.Column('as_at', sa.Date(), nullable=True),
    sa.Column('page_first', sa.Integer(), nullable=True),
    sa.Column('page_last', sa.Integer(), nullable=True),
    sa.Column('bbox_x0', sa.Float(), nullable=True),
    sa.Column('bbox_top', sa.Float(), nullable=True),
    sa.Column('bbox_x1', sa.Float(), nullable=True),
    sa.Column('bbox_bottom', sa.Float(), nullable=True),
    sa.Column('parser_version', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_progress_update_action_id', 'progress_update', ['action_id'], unique=False)
    op.create_index('ix_progress_update_document_id', 'progress_update', ['document_id'], unique=False)
    op.create_index('ix_progress_update_milestone_id', 'progress_update', ['milestone_id'], unique=False)

    _create_views()


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS rag_summary")
    op.execute("DROP VIEW IF EXISTS action_items")
    op.drop_index('ix_progress_update_milestone_id', table_name='progress_update')
    op.drop_index('ix_progress_update_document_id', table_name='progress_update')
    op.drop_index('ix_progress_update_action_id', table_name='progress_update')
    op.drop_table('progress_update')
    op.drop_index('ix_lead_person_id', table_name='lead')
    op.drop_index('ix_lead_milestone_id', table_name='lead')
    op.drop_index('ix_lead_document_id', table_name='lead')
    op.drop_index('ix_lead_action_id', table_name='lead')
    op.drop_table('lead')
    op.drop_index('ix_extra_field_milestone_id', table_name='extra_field')
    op.drop_index('ix_extra_field_document_id', table_name='extra_field')
    op.drop_table('extra_field')
    op.drop_index('ix_cell_box_milestone_id', table_name='cell_box')
    op.drop_index('ix_cell_box_document_id', table_name='cell_box')
    op.drop_table('cell_box')
    op.drop_index('ix_milestone_document_id', table_name='milestone')
    op.drop_index('ix_milestone_action_id', table_name='milestone')
    op.drop_table('milestone')
    op.drop_index('ix_action_section_id', table_name='action')
    op.drop_index('ix_action_plan_id', table_name='action')
    op.drop_index('ix_action_document_id', table_name='action')
    op.drop_table('action')
    op.drop_index('ix_section_plan_id', table_name='section')
    op.drop_index('ix_section_document_id', table_name='section')
    op.drop_table('section')
    op.drop_index('ix_plan_document_id', table_name='plan')
    op.drop_table('plan')
    op.drop_index('ix_person_authority_id', table_name='person')
    op.drop_table('person')
    op.drop_index('ix_document_authority_id', table_name='document')
    op.drop_table('document')
    op.drop_index('ix_authority_alias_authority_id', table_name='authority_alias')
    op.drop_table('authority_alias')
    op.drop_index('ix_ingest_error_key', table_name='ingest_error')
    op.drop_table('ingest_error')
    op.drop_table('authority')
