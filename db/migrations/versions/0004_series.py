"""Plan series, tracked actions and the comparison views (``db.series``,
models in ``schema/series.py``): action_history, action_changes,
latest_actions, authority_summary (README: Comparing versions).

Revision ID: 0004_series
Revises: 0003_cascade
Create Date: 2026-12-01
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0004_series'
down_revision = '0003_cascade'
branch_labels = None
depends_on = None

#: days from date b to date a, per dialect (SQLite keeps dates as ISO text)
DAYS = {"sqlite": "CAST(julianday({a}) - julianday({b}) AS INTEGER)",
        "postgresql": "({a} - {b})"}

ACTION_HISTORY = """
CREATE VIEW action_history AS
SELECT t.track_id AS track_id,
       t.series_id AS series_id,
       au.name AS authority,
       au.code AS authority_code,
       au.gss_code AS gss_code,
       ps.title AS plan_title,
       ps.period AS period,
       v.id AS version_id,
       v.ordinal AS version_no,
       CASE WHEN v.ordinal = (SELECT MAX(v2.ordinal) FROM series_version v2
                              WHERE v2.series_id = v.series_id) THEN 1 ELSE 0 END AS is_latest,
       d.id AS document_id,
       d.file_name AS file_name,
       v.document_count AS source_documents,
       v.version_date AS as_at,
       s.name AS section,
       COALESCE(s.theme, 'other') AS theme,
       a.ref AS ref,
       a.text AS action,
       m.text AS milestone,
       m.timescale AS timescale,
       (SELECT MAX(m2.due_date) FROM milestone m2 WHERE m2.action_id = a.id) AS due_date,
       pu.rag AS rag,
       pu.progress AS progress,
       m.lead_raw AS lead,
       m.lead_role AS lead_role,
       a.page_first AS page_first,
       a.page_last AS page_last,
       a.id AS action_id,
       t.prev_action_id AS prev_action_id,
       t.link_method AS link_method,
       t.link_score AS link_score
FROM tracked_action t
JOIN series_version v ON v.id = t.version_id
JOIN plan_series ps ON ps.id = t.series_id
JOIN action a ON a.id = t.action_id
JOIN document d ON d.id = v.document_id
LEFT JOIN authority au ON au.id = ps.authority_id
LEFT JOIN section s ON s.id = a.section_id
LEFT JOIN milestone m ON m.id = t.milestone_id
LEFT JOIN progress_update pu ON pu.milestone_id = m.id
"""

_CHANGE_COLUMNS = """
       {h}.track_id AS track_id, {h}.series_id AS series_id, {h}.authority AS authority,
       {h}.plan_title AS plan_title, {h}.period AS period,
       {before}.version_no AS version_before, {after}.version_no AS version_after,
       {before}.as_at AS as_at_before, {after}.as_at AS as_at_after,
       {before}.document_id AS document_before, {after}.document_id AS document_after,
       {before}.action_id AS action_before, {after}.action_id AS action_after,
       {before}.ref AS ref_before, {after}.ref AS ref_after,
       {h}.action AS action,
       {before}.rag AS rag_before, {after}.rag AS rag_after,
       {before}.due_date AS due_date_before, {after}.due_date AS due_date_after"""

ACTION_CHANGES = """
CREATE VIEW action_changes AS
SELECT """ + _CHANGE_COLUMNS.format(h="c", before="p", after="c") + """,
       {slip} AS slipped_days,
       CASE WHEN c.action <> p.action THEN 1 ELSE 0 END AS text_changed,
       CASE WHEN COALESCE(c.ref, '') <> COALESCE(p.ref, '') THEN 1 ELSE 0 END AS ref_changed,
       CASE WHEN COALESCE(c.progress, '') <> COALESCE(p.progress, '') THEN 1 ELSE 0 END
           AS progress_changed,
       0 AS new, 0 AS dropped,
       CASE WHEN c.rag = 'blue' AND COALESCE(p.rag, '') <> 'blue' THEN 1 ELSE 0 END AS completed,
       c.link_method AS link_method, c.link_score AS link_score,
       c.page_first AS page_after
FROM action_history c
JOIN action_history p ON p.track_id = c.track_id AND p.version_no = c.version_no - 1
UNION ALL
SELECT """ + _CHANGE_COLUMNS.format(h="c", before="pv", after="c") + """,
       NULL, 0, 0, 0, 1, 0,
       CASE WHEN c.rag = 'blue' THEN 1 ELSE 0 END,
       c.link_method, c.link_score, c.page_first
FROM action_history c
JOIN (SELECT series_id, ordinal AS version_no, version_date AS as_at, document_id,
             CAST(NULL AS INTEGER) AS action_id, CAST(NULL AS TEXT) AS ref,
             CAST(NULL AS TEXT) AS rag, CAST(NULL AS DATE) AS due_date
      FROM series_version) pv
  ON pv.series_id = c.series_id AND pv.version_no = c.version_no - 1
WHERE NOT EXISTS (SELECT 1 FROM tracked_action x JOIN series_version xv ON xv.id = x.version_id
                  WHERE x.track_id = c.track_id AND xv.ordinal = c.version_no - 1)
UNION ALL
SELECT """ + _CHANGE_COLUMNS.format(h="p", before="p", after="nv") + """,
       NULL, 0, 0, 0, 0, 1, 0, NULL, NULL, NULL
FROM action_history p
JOIN (SELECT series_id, ordinal AS version_no, version_date AS as_at, document_id,
             CAST(NULL AS INTEGER) AS action_id, CAST(NULL AS TEXT) AS ref,
             CAST(NULL AS TEXT) AS rag, CAST(NULL AS DATE) AS due_date
      FROM series_version) nv
  ON nv.series_id = p.series_id AND nv.version_no = p.version_no + 1
WHERE NOT EXISTS (SELECT 1 FROM tracked_action x JOIN series_version xv ON xv.id = x.version_id
                  WHERE x.track_id = p.track_id AND xv.ordinal = p.version_no + 1)
"""

LATEST_ACTIONS = """
CREATE VIEW latest_actions AS
SELECT h.*,
       CASE WHEN h.due_date < h.as_at AND COALESCE(h.rag, '') <> 'blue' THEN 1 ELSE 0 END
           AS overdue,
       CASE WHEN h.due_date < h.as_at AND COALESCE(h.rag, '') <> 'blue' THEN {days} END
           AS days_overdue
FROM action_history h
WHERE h.is_latest = 1
"""

AUTHORITY_SUMMARY = """
CREATE VIEW authority_summary AS
WITH latest AS (
    SELECT l.*, COALESCE(l.authority, '(unknown)') AS auth, COALESCE(l.period, '(none)') AS per
    FROM latest_actions l),
first_due AS (
    SELECT h.track_id, h.due_date FROM action_history h
    WHERE h.version_no = (SELECT MIN(h2.version_no) FROM action_history h2
                          WHERE h2.track_id = h.track_id)),
slip AS (
    SELECT l.auth, l.per, {slip} AS days FROM latest l JOIN first_due f ON f.track_id = l.track_id
    WHERE l.due_date IS NOT NULL AND f.due_date IS NOT NULL),
ranked AS (
    SELECT auth, per, days, ROW_NUMBER() OVER (PARTITION BY auth, per ORDER BY days) AS rn,
           COUNT(*) OVER (PARTITION BY auth, per) AS n FROM slip),
median AS (
    SELECT auth, per, AVG(days * 1.0) AS days FROM ranked
    WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2 GROUP BY auth, per),
dropped AS (
    SELECT COALESCE(authority, '(unknown)') AS auth, COALESCE(period, '(none)') AS per,
           COUNT(*) AS n
    FROM action_changes WHERE dropped = 1 AND COALESCE(rag_before, '') <> 'blue'
    GROUP BY COALESCE(authority, '(unknown)'), COALESCE(period, '(none)'))
SELECT l.auth AS authority, MAX(l.authority_code) AS authority_code,
       MAX(l.gss_code) AS gss_code, l.per AS period,
       COUNT(DISTINCT l.series_id) AS series,
       MAX(l.as_at) AS latest_as_at,
       COUNT(*) AS actions,
       SUM(CASE WHEN l.rag = 'red' THEN 1 ELSE 0 END) AS red,
       SUM(CASE WHEN l.rag = 'amber' THEN 1 ELSE 0 END) AS amber,
       SUM(CASE WHEN l.rag = 'green' THEN 1 ELSE 0 END) AS green,
       SUM(CASE WHEN l.rag = 'blue' THEN 1 ELSE 0 END) AS blue,
       SUM(CASE WHEN l.rag IS NULL THEN 1 ELSE 0 END) AS no_rag,
       SUM(l.overdue) AS overdue,
       ROUND(SUM(l.overdue) * 1.0 / COUNT(*), 4) AS share_overdue,
       MAX(md.days) AS median_slippage_days,
       ROUND(SUM(CASE WHEN l.rag = 'blue' THEN 1 ELSE 0 END) * 1.0 / COUNT(*), 4)
           AS share_completed,
       COALESCE(MAX(dr.n), 0) AS dropped_not_completed
FROM latest l
LEFT JOIN median md ON md.auth = l.auth AND md.per = l.per
LEFT JOIN dropped dr ON dr.auth = l.auth AND dr.per = l.per
GROUP BY l.auth, l.per
"""

VIEWS = ("authority_summary", "latest_actions", "action_changes", "action_history")


def create_views() -> None:
    days = DAYS[op.get_bind().dialect.name]
    op.execute(ACTION_HISTORY)
    op.execute(ACTION_CHANGES.format(slip=days.format(a="c.due_date", b="p.due_date")))
    op.execute(LATEST_ACTIONS.format(days=days.format(a="h.as_at", b="h.due_date")))
    op.execute(AUTHORITY_SUMMARY.format(slip=days.format(a="l.due_date", b="f.due_date")))


#: columns added to existing tables: register codes, section themes, lead role levels
ADDED_COLUMNS = [
    ('authority', sa.Column('code', sa.String(length=8), nullable=True)),
    ('authority', sa.Column('gss_code', sa.String(length=9), nullable=True)),
    ('authority', sa.Column('nation', sa.Text(), nullable=True)),
    ('authority', sa.Column('region', sa.Text(), nullable=True)),
    ('authority', sa.Column('la_type', sa.Text(), nullable=True)),
    ('section', sa.Column('theme', sa.String(length=24), nullable=True)),
    ('milestone', sa.Column('lead_role', sa.String(length=24), nullable=True)),
]


def upgrade() -> None:
    for table, column in ADDED_COLUMNS:
        op.add_column(table, column)
    op.create_table('plan_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('title_key', sa.Text(), nullable=False),
    sa.Column('period', sa.Text(), nullable=True),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['authority.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_plan_series_authority_id', 'plan_series', ['authority_id'], unique=False)
    op.create_table('series_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('version_date', sa.Date(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('document_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['plan_series.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    for col in ('series_id', 'document_id', 'plan_id'):
        op.create_index(f'ix_series_version_{col}', 'series_version', [col], unique=False)
    op.create_table('series_document',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('version_date', sa.Date(), nullable=True),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['plan_series.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['series_version.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('document_id')
    )
    for col in ('series_id', 'version_id', 'plan_id'):
        op.create_index(f'ix_series_document_{col}', 'series_document', [col], unique=False)
    op.create_table('action_track',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['plan_series.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_action_track_series_id', 'action_track', ['series_id'], unique=False)
    op.create_table('tracked_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('prev_action_id', sa.Integer(), nullable=True),
    sa.Column('link_method', sa.String(length=8), nullable=True),
    sa.Column('link_score', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['prev_action_id'], ['action.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['series_id'], ['plan_series.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['track_id'], ['action_track.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['series_version.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('action_id')
    )
    for col in ('track_id', 'series_id', 'version_id', 'prev_action_id'):
        op.create_index(f'ix_tracked_action_{col}', 'tracked_action', [col], unique=False)
    create_views()


def downgrade() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")
    for table in ('tracked_action', 'action_track', 'series_document', 'series_version',
                  'plan_series'):
        op.drop_table(table)
    for table, column in reversed(ADDED_COLUMNS):  # SQLite >= 3.35 drops columns natively
        op.drop_column(table, column.name)
