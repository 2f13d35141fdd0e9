"""``plans review``, ``plans fix`` and ``plans profiles``: thin wrappers over
the API's :class:`~council_plans.api.Database` review methods (library:
:mod:`council_plans.review`), registered on the ``plans`` group by :mod:`cli`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from council_plans.commands.options import db_option, format_option, print_rows


def _pairs(values: tuple[str, ...], what: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r} is not {what}=VALUE")
        out[key.strip()] = rest
    return out


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


@click.command("review")
@db_option
@format_option
@click.option("--limit", type=click.IntRange(1), help="Show only the first N lines.")
def review_command(db_url: str | None, fmt: str, limit: int | None) -> None:
    """List what needs a person's eye, most doubtful first, with the plans serve page that shows it."""
    from council_plans.api import Database
    from council_plans.review.queue import COLUMNS

    print_rows(COLUMNS, [e.as_row() for e in Database(db_url).review(limit)], fmt)


@click.command("fix")
@click.argument("target")
@db_option
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", help="Set a field of item TARGET.")
@click.option("--drop", is_flag=True, help="Item TARGET is not an action: leave it out.")
@click.option("--page", type=click.IntRange(1), help="With --role / --profile: the table's page.")
@click.option("--table", type=click.IntRange(1), help="With --role / --profile: the table's order on the page.")
@click.option("--role", "roles", multiple=True, metavar="COLUMN=ROLE",
              help="Give a column (header text or number) of document TARGET's table a role.")
@click.option("--profile", help="Save the table's roles (after any --role) as this layout profile.")
@click.option("--council-only", is_flag=True, help="With --profile: only for this document's council.")
@click.option("--undo", is_flag=True, help="Withdraw correction TARGET (an id in correction_history).")
@click.option("--by", "author", help="Who is correcting (default: $PLANS_USER, else your login).")
@click.option("--why", "reason", help="Why (kept with the correction).")
def fix_command(target: str, db_url: str | None, sets: tuple[str, ...], drop: bool,
                page: int | None, table: int | None, roles: tuple[str, ...], profile: str | None,
                undo: bool, council_only: bool, author: str | None, reason: str | None) -> None:
    """Correct item TARGET (--set, --drop) or the column roles of a table of
    document TARGET (--page N --table K --role COLUMN=ROLE [--profile NAME]);
    --undo withdraws correction TARGET."""
    from council_plans.api import Database
    from council_plans.review.corrections import CorrectionError

    db = Database(db_url)
    try:
        result = None
        if undo:
            if not target.isdigit():
                raise CorrectionError(f"{target}: --undo takes a correction id")
            result = db.undo(int(target))
        elif roles:
            result = db.fix(document=target, page=page, table=table,
                            roles=_pairs(roles, "COLUMN"), author=author, reason=reason)
        elif target.isdigit():
            result = db.fix(int(target), values=_pairs(sets, "FIELD"), drop=drop,
                            author=author, reason=reason)
        elif not profile:
            raise CorrectionError(f"{target}: give an item id with --set/--drop, or --role/--profile")
        if result is not None:
            click.echo(f"correction {', '.join(map(str, result.corrections))}: {result.message}")
        if profile:
            saved, docs = db.save_profile(profile, target, page or 0, table or 0,
                                          authority=council_only, author=author, note=reason)
            click.echo(f"profile {saved.name}: {saved.signature} -> {', '.join(saved.roles)}"
                       f" (documents read again: {len(docs)})")
    except CorrectionError as exc:
        _fail(exc)


@click.group("profiles")
def profiles() -> None:
    """Layout profiles: column roles kept per header signature (list, show, remove, export, import)."""


@profiles.command("list")
@db_option
@format_option
def profiles_list(db_url: str | None, fmt: str) -> None:
    """List the layout profiles."""
    from council_plans.api import Database

    rows = [(p.name, p.authority, ", ".join(p.roles), p.signature, p.author)
            for p in Database(db_url).profiles()]
    print_rows(["name", "authority", "roles", "signature", "author"], rows, fmt)


@profiles.command("show")
@click.argument("name")
@db_option
def profiles_show(name: str, db_url: str | None) -> None:
    """Print one profile as TOML."""
    from council_plans.api import Database
    from council_plans.review.corrections import CorrectionError

    db = Database(db_url)
    try:
        db.profile(name)
        click.echo(db.export_profiles([name]), nl=False)
    except CorrectionError as exc:
        _fail(exc)


@profiles.command("remove")
@click.argument("name")
@db_option
def profiles_remove(name: str, db_url: str | None) -> None:
    """Forget a profile."""
    from council_plans.api import Database
    from council_plans.review.corrections import CorrectionError

    try:
        removed = Database(db_url).remove_profile(name)
    except CorrectionError as exc:
        _fail(exc)
    click.echo(f"removed profile {removed.name}")


@profiles.command("export")
@click.argument("output", type=click.Path(dir_okay=False, allow_dash=True), default="-")
@db_option
def profiles_export(output: str, db_url: str | None) -> None:
    """Write every profile to OUTPUT as TOML (default: stdout)."""
    from council_plans.api import Database

    text = Database(db_url).export_profiles()
    if output == "-":
        click.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")


@profiles.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@db_option
def profiles_import(source: str, db_url: str | None) -> None:
    """Add the profiles of a TOML file (same names are replaced)."""
    from council_plans.api import Database
    from council_plans.review.corrections import CorrectionError

    try:
        done = Database(db_url).import_profiles(Path(source).read_text(encoding="utf-8"), source)
    except CorrectionError as exc:
        _fail(exc)
    click.echo(f"imported {len(done)} profile(s): {', '.join(p.name for p in done)}")


COMMANDS = (review_command, fix_command, profiles)
