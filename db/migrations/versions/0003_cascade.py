"""Foreign keys that follow a removed document: ON DELETE CASCADE on every
extracted row (``plans remove`` deletes one ``document`` row and the database
takes its plan, sections, actions, milestones, leads, progress, extra fields
and cell boxes with it), ON DELETE SET NULL on ``watch_attachment.document_id``
(the watcher keeps remembering it fetched the paper, so a removed document is
not downloaded again).

On SQLite the tables are rebuilt (Alembic batch mode; ``db.engine.upgrade``
turns foreign keys off around migrations so the rebuild deletes nothing),
with ``legacy_alter_table`` on so renaming the rebuilt tables leaves the
views that name them alone. The unnamed constraints of 0001/0002 get
PostgreSQL's default names, ``<table>_<column>_fkey``, on both backends.

Revision ID: 0003_cascade
Revises: 0002_watch
Create Date: 2026-12-01
"""
from __future__ import annotations

from alembic import op


revision = '0003_cascade'
down_revision = '0002_watch'
branch_labels = None
depends_on = None

#: table -> [(column, referred table, ON DELETE action after this migration)]
FOREIGN_KEYS = {
    "plan": [("document_id", "document", "CASCADE")],
    "section": [("document_id", "document", "CASCADE"), ("plan_id", "plan", "CASCADE")],
    "action": [("document_id", "document", "CASCADE"), ("plan_id", "plan", "CASCADE"),
               ("section_id", "section", "CASCADE")],
    "milestone": [("document_id", "document", "CASCADE"), ("action_id", "action", "CASCADE")],
    "cell_box": [("document_id", "document", "CASCADE"), ("milestone_id", "milestone", "CASCADE")],
    "extra_field": [("document_id", "document", "CASCADE"),
                    ("milestone_id", "milestone", "CASCADE")],
    "lead": [("document_id", "document", "CASCADE"), ("action_id", "action", "CASCADE"),
             ("milestone_id", "milestone", "CASCADE")],
    "progress_update": [("document_id", "document", "CASCADE"), ("action_id", "action", "CASCADE"),
                        ("milestone_id", "milestone", "CASCADE")],
    "watch_attachment": [("document_id", "document", "SET NULL")],
}

NAMING = {"fk": "%(table_name)s_%(column_0_name)s_fkey"}


def _set_on_delete(cascade: bool) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA legacy_alter_table=ON")
    for table, keys in FOREIGN_KEYS.items():
        with op.batch_alter_table(table, naming_convention=NAMING) as batch:
            for column, referred, action in keys:
                name = f"{table}_{column}_fkey"
                batch.drop_constraint(name, type_="foreignkey")
                batch.create_foreign_key(name, referred, [column], ["id"],
                                         ondelete=action if cascade else None)
    if sqlite:
        op.execute("PRAGMA legacy_alter_table=OFF")


def upgrade() -> None:
    _set_on_delete(cascade=True)


def downgrade() -> None:
    _set_on_delete(cascade=False)
