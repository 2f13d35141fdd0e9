"""Options and output shared by the ``plans`` command modules (``cli.py``,
``cli_manage.py``, ``cli_series.py``), so every command spells ``--db`` and
``--format`` the same way and prints tables through one renderer."""
from __future__ import annotations

from typing import Any, Sequence

import click

DB_HELP = "SQLAlchemy database URL (default: $PLANS_DATABASE_URL, else ./plans.db)."

#: ``--db URL`` as every database command takes it
db_option = click.option("--db", "db_url", help=DB_HELP)

#: ``--format table|csv|json`` for commands that print rows
format_option = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]),
                             default="table", show_default=True, help="Output format.")

#: ``--allow-unsafe-role`` for the commands that run SQL as the connected PostgreSQL role
allow_unsafe_role_option = click.option(
    "--allow-unsafe-role", is_flag=True,
    help="PostgreSQL: run even as a superuser or a role that may write (refused by default: "
         "SQL text cannot be made safe for such a role).")


def print_rows(cols: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> None:
    """Print rows as a terminal table, CSV or JSON (:func:`ingest.export.render`)."""
    from council_plans.commands.export import render

    click.echo(render(cols, rows, fmt), nl=False)


def warn_unregistered(authority: str | None) -> None:
    """One warning line when ``--authority`` names a council the register of UK
    local authorities does not know (a typo would otherwise split a council in two)."""
    if not authority:
        return
    from council_plans.parsers.metadata.register import lookup

    if lookup(authority) is None:
        click.echo(f"warning: {authority!r} is not in the register of UK local authorities: "
                   "recorded as given (check the spelling)", err=True)
