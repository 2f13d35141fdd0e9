"""``plans documents``, ``show``, ``errors`` and ``remove``: looking after what
was imported. Thin wrappers over :class:`council_plans.Database`, registered on the ``plans``
group by :mod:`cli` (which also turns an unusable database into one line, exit 2).
"""
from __future__ import annotations

import sys

import click

from council_plans.commands.options import db_option, format_option, print_rows



@click.command()
@db_option
@format_option
def documents(db_url: str | None, fmt: str) -> None:
    """List imported documents: id, file, authority, plan, as-at date, items, imported."""
    from council_plans.api import Database

    print_rows(*Database(db_url).documents(), fmt)


@click.command()
@click.argument("doc")
@db_option
@format_option
def show(doc: str, db_url: str | None, fmt: str) -> None:
    """Print the items of one document (DOC: id, sha256 prefix, file name or path)."""
    from council_plans.api import Database
    from council_plans.db.manage import UnknownDocument

    try:
        found, table = Database(db_url).document(doc)
    except UnknownDocument as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if fmt == "table":
        click.echo(f"document {found.id}: {found.file_name} ({found.item_count} items, "
                   f"{found.page_count} pages, sha256 {found.sha256[:12]})")
    print_rows(*table, fmt)


@click.command()
@db_option
@format_option
def errors(db_url: str | None, fmt: str) -> None:
    """List files that failed to import, newest first (cleared once a file imports)."""
    from council_plans.api import Database

    cols, rows = Database(db_url).errors()
    if fmt == "table":  # the file is its own column: the message need not repeat its path
        rows = [_without_path(cols, row) for row in rows]
    print_rows(cols, rows, fmt)


def _without_path(cols: list[str], row: tuple) -> tuple:
    """The row with the message's leading "path/to/FILE: " cut when FILE is the row's file."""
    values = dict(zip(cols, row))
    head, sep, rest = str(values["message"] or "").partition(": ")
    if sep and values["file"] and head.rsplit("/", 1)[-1] == values["file"]:
        values["message"] = rest
    return tuple(values[c] for c in cols)


@click.command()
@click.argument("docs", nargs=-1, required=True)
@db_option
def remove(docs: tuple[str, ...], db_url: str | None) -> None:
    """Delete documents and every row extracted from them, in one transaction.

    DOC: id, sha256 prefix, file name or path. If any DOC is unknown, nothing is removed.
    """
    from council_plans.api import Database
    from council_plans.db.manage import UnknownDocument

    try:
        removed = Database(db_url).remove(docs)
    except UnknownDocument as exc:
        click.echo(f"error: {exc}; nothing removed", err=True)
        sys.exit(2)
    for doc in removed:
        click.echo(f"removed document {doc.id}: {doc.file_name} ({doc.items} items)")


COMMANDS = (documents, show, errors, remove)
