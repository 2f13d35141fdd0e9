"""Review and correction: the queue of what needs a person's eye
(:func:`review`), corrections that survive re-imports and parser versions
(:func:`fix`), and layout profiles that carry a column-role correction to
every later table with the same headers (:mod:`.profiles`).

Every function takes a database as an Engine or a URL (``None``: the
default database, as the ``plans`` command resolves it); the ``plans
review``, ``fix`` and ``profiles`` commands only parse arguments.
"""
from __future__ import annotations

from typing import Mapping

from sqlalchemy import Engine

from council_plans.review.corrections import CorrectionError, FixResult, fix_item, fix_table
from council_plans.review.profiles import (Profile, export_profiles, get_profile, import_profiles,
                                           list_profiles, remove_profile, save_profile)
from council_plans.review.queue import ReviewEntry
from council_plans.review.queue import review as _review


def engine_of(db: Engine | str | None) -> Engine:
    """An Engine for ``db`` (an Engine is used as it is), schema up to date."""
    if isinstance(db, Engine):
        return db
    from council_plans.db.engine import existing_engine

    return existing_engine(db)


def review(db: Engine | str | None = None, limit: int | None = None) -> list[ReviewEntry]:
    """What needs a person's eye, most doubtful first (see :mod:`.queue`)."""
    return _review(engine_of(db), limit)


def fix(db: Engine | str | None = None, item: int | None = None, *,
        values: Mapping[str, str | None] | None = None, drop: bool = False,
        document: str | None = None, page: int | None = None, table: int | None = None,
        roles: Mapping[str, str] | None = None, author: str | None = None,
        reason: str | None = None) -> FixResult:
    """Correct one item (``item``: set ``values``, or ``drop`` it as not an
    action) or the column roles of one table (``document``, ``page``,
    ``table``, ``roles``: column header or number -> role)."""
    engine = engine_of(db)
    if item is not None:
        return fix_item(engine, item, values, drop=drop, author=author, reason=reason)
    if document is None or page is None or table is None:
        raise CorrectionError("give an item id, or a document with --page and --table")
    return fix_table(engine, document, page, table, roles or {}, author=author, reason=reason)


__all__ = ["CorrectionError", "FixResult", "Profile", "ReviewEntry", "engine_of", "export_profiles",
           "fix", "get_profile", "import_profiles", "list_profiles", "remove_profile", "review",
           "save_profile"]
