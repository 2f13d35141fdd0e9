"""Looking at what was read and putting it right: a page drawn with the boxes
the parsers found (``plans inspect``), page images, the read-only browser view
(``plans serve``); the review queue of what needs a person's eye
(:func:`review`), corrections that survive re-imports and parser versions
(:func:`fix`), and layout profiles that carry a column-role correction to
every later table with the same headers (:mod:`.profiles`).

Every review function takes a database as an Engine or a URL (``None``: the
default database, as the ``plans`` command resolves it); the ``plans
review``, ``fix`` and ``profiles`` commands only parse arguments. Names are
imported on first use (PEP 562), so ``plans inspect`` does not load them.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from council_plans.review.corrections import FixResult
    from council_plans.review.queue import ReviewEntry

#: public name -> module that defines it
_LAZY = {
    "CorrectionError": "corrections", "FixResult": "corrections", "ReviewEntry": "queue",
    "Profile": "profiles", "export_profiles": "profiles", "get_profile": "profiles",
    "import_profiles": "profiles", "list_profiles": "profiles", "remove_profile": "profiles",
    "save_profile": "profiles",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def engine_of(db: Engine | str | None) -> Engine:
    """An Engine for ``db`` (an Engine is used as it is), schema up to date."""
    from sqlalchemy import Engine

    if isinstance(db, Engine):
        return db
    from council_plans.db.engine import existing_engine

    return existing_engine(db)


def review(db: Engine | str | None = None, limit: int | None = None) -> list[ReviewEntry]:
    """What needs a person's eye, most doubtful first (see :mod:`.queue`)."""
    from council_plans.review.queue import review as queue

    return queue(engine_of(db), limit)


def fix(db: Engine | str | None = None, item: int | None = None, *,
        values: Mapping[str, str | None] | None = None, drop: bool = False,
        document: str | None = None, page: int | None = None, table: int | None = None,
        roles: Mapping[str, str] | None = None, author: str | None = None,
        reason: str | None = None) -> FixResult:
    """Correct one item (``item``: set ``values``, or ``drop`` it as not an
    action) or the column roles of one table (``document``, ``page``,
    ``table``, ``roles``: column header or number -> role)."""
    from council_plans.review.corrections import CorrectionError, fix_item, fix_table

    engine = engine_of(db)
    if item is not None:
        return fix_item(engine, item, values, drop=drop, author=author, reason=reason)
    if document is None or page is None or table is None:
        raise CorrectionError("give an item id, or a document with --page and --table")
    return fix_table(engine, document, page, table, roles or {}, author=author, reason=reason)


__all__ = ["CorrectionError", "FixResult", "Profile", "ReviewEntry", "engine_of", "export_profiles",
           "fix", "get_profile", "import_profiles", "list_profiles", "remove_profile", "review",
           "save_profile"]
