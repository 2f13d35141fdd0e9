"""action_changes gains ``change``: what changed, in the words ``plans compare``,
``plans history`` and ``plans report`` use (``compare/changes.py``): new,
dropped, completed, rag, slipped, brought forward, reworded, renumbered
("rag; slipped" when several), or unchanged.

The view is 0004's with one more column (its SQL is read from 0004, not
copied); authority_summary, which reads action_changes, is dropped and made
again around it.

Revision ID: 0007_change_kinds
Revises: 0006_watch_retry
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op

from council_plans.db.engine import revision_module

revision = '0007_change_kinds'
down_revision = '0006_watch_retry'
branch_labels = None
depends_on = None


#: the kinds of a continued action's change, each followed by "; " (SQLite and PostgreSQL)
_KINDS = """CASE WHEN COALESCE(c.rag, '') <> COALESCE(p.rag, '')
         THEN CASE WHEN c.rag = 'blue' THEN 'completed; ' ELSE 'rag; ' END ELSE '' END
 || CASE WHEN c.due_date > p.due_date THEN 'slipped; '
         WHEN c.due_date < p.due_date THEN 'brought forward; ' ELSE '' END
 || CASE WHEN c.action <> p.action THEN 'reworded; ' ELSE '' END
 || CASE WHEN COALESCE(c.ref, '') <> COALESCE(p.ref, '') THEN 'renumbered; ' ELSE '' END"""
CHANGE = f"COALESCE(NULLIF(RTRIM({_KINDS}, '; '), ''), 'unchanged')"

#: where each of the view's three parts (continued, new, dropped) ends its columns
_ENDS = (("c.page_first AS page_after\n", f"c.page_first AS page_after,\n       {CHANGE} AS change\n"),
         ("c.link_method, c.link_score, c.page_first\n",
          "c.link_method, c.link_score, c.page_first, 'new'\n"),
         ("0, 0, 0, 0, 1, 0, NULL, NULL, NULL\n", "0, 0, 0, 0, 1, 0, NULL, NULL, NULL, 'dropped'\n"))


def _with_change(sql: str) -> str:
    for old, new in _ENDS:
        assert sql.count(old) == 1, old
        sql = sql.replace(old, new)
    return sql


def _recreate(with_change: bool) -> None:
    v4 = revision_module("0004_series.py")
    days = v4.DAYS[op.get_bind().dialect.name]
    op.execute("DROP VIEW IF EXISTS authority_summary")
    op.execute("DROP VIEW IF EXISTS action_changes")
    changes = v4.ACTION_CHANGES.format(slip=days.format(a="c.due_date", b="p.due_date"))
    op.execute(_with_change(changes) if with_change else changes)
    op.execute(v4.AUTHORITY_SUMMARY.format(slip=days.format(a="l.due_date", b="f.due_date")))


def upgrade() -> None:
    _recreate(with_change=True)


def downgrade() -> None:
    _recreate(with_change=False)
