"""Layout profiles: a table's corrected column roles, saved under its header
signature (and optionally its council) so every later table printed with the
same headers is read the same way - next quarter's plan from the same
template comes out right with no further correction.

Profiles are shared as TOML (one ``[[profile]]`` table each) so a team can
keep them in version control: read with the standard library's ``tomllib``
(``tomli`` before Python 3.11), written with ``tomli-w``.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, select

from council_plans.db.engine import session_scope
from council_plans.parsers.columns.overrides import LayoutProfile as ParserProfile, check_role
from council_plans.review.corrections import CorrectionError, reread, table_reading, who
from council_plans.schema.models import Authority, PlanTable
from council_plans.schema.review import LayoutProfile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the conditional dependency
    import tomli as tomllib

#: the fields of a profile as TOML holds them, in order
FIELDS = ("name", "signature", "authority", "headers", "roles", "author", "note")


@dataclass(frozen=True)
class Profile:
    """A layout profile as the library hands it out."""

    name: str
    signature: str
    headers: list[str]
    roles: list[str]
    authority: str | None = None
    author: str = ""
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Every set field (TOML has no null)."""
        return {f: getattr(self, f) for f in FIELDS if getattr(self, f) is not None}


def _profile(row: LayoutProfile) -> Profile:
    return Profile(row.name, row.signature, json.loads(row.headers), json.loads(row.roles),
                   row.authority, row.author, row.note)


def save_profile(engine: Engine, name: str, doc_ref: str, page: int, table: int, *,
                 authority: bool = False, author: str | None = None, note: str | None = None,
                 apply: bool = True) -> tuple[Profile, list[int]]:
    """Save the roles table ``table`` on ``page`` of ``doc_ref`` is read with
    now (its column corrections included) as profile ``name``; ``authority``
    limits it to that document's council. With ``apply``, the documents that
    hold a table with the same headers are read again; returns the profile
    and their ids."""
    with session_scope(engine) as session:
        doc, reading = table_reading(session, doc_ref, page, table)
        if not reading.signature:
            raise CorrectionError(f"page {page} table {table} has no header row to key a profile on")
        council = session.scalar(select(Authority.name).where(Authority.id == doc.authority_id))
        if authority and not council:
            raise CorrectionError(f"{doc.file_name}: the document's council is not known")
        row = LayoutProfile(name=name, signature=reading.signature, headers=reading.headers,
                            roles=reading.roles, authority=council if authority else None,
                            author=who(author), note=note)
        _replace(session, row)
        profile = _profile(row)
    return profile, (_apply(engine, profile.signature) if apply else [])


def _replace(session, row: LayoutProfile) -> None:
    session.execute(delete(LayoutProfile).where(LayoutProfile.name == row.name))
    session.flush()
    session.add(row)


def _apply(engine: Engine, signature: str) -> list[int]:
    """Read again every document with a table of this signature whose file is at hand."""
    with engine.connect() as conn:
        ids = list(conn.scalars(select(PlanTable.document_id).where(PlanTable.signature == signature)
                                .distinct().order_by(PlanTable.document_id)))
    done = []
    for doc_id in ids:
        try:
            reread(engine, doc_id)
            done.append(doc_id)
        except (OSError, ValueError):
            continue  # file gone: the profile applies at its next ingest
    return done


def list_profiles(engine: Engine) -> list[Profile]:
    with session_scope(engine) as session:
        return [_profile(r) for r in session.scalars(select(LayoutProfile).order_by(LayoutProfile.name))]


def get_profile(engine: Engine, name: str) -> Profile:
    for p in list_profiles(engine):
        if p.name == name:
            return p
    raise CorrectionError(f"{name}: no such profile (see plans profiles list)")


def remove_profile(engine: Engine, name: str) -> Profile:
    """Forget a profile (documents read with it keep their rows until read again)."""
    profile = get_profile(engine, name)
    with session_scope(engine) as session:
        session.execute(delete(LayoutProfile).where(LayoutProfile.name == name))
    return profile


def export_profiles(engine: Engine, names: list[str] | None = None) -> str:
    """The profiles (all, or those named) as TOML text."""
    import tomli_w

    chosen = [p for p in list_profiles(engine) if not names or p.name in names]
    return tomli_w.dumps({"profile": [p.to_dict() for p in chosen]})


def parse_profiles(toml_text: str, source: str = "profiles") -> list[Profile]:
    """Profiles from TOML text; :class:`CorrectionError` names what is wrong."""
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise CorrectionError(f"{source}: not TOML ({exc})") from None
    out = []
    for k, entry in enumerate(data.get("profile", []), 1):
        unknown = sorted(set(entry) - set(FIELDS))
        missing = [f for f in ("name", "signature", "roles") if f not in entry]
        if unknown or missing:
            raise CorrectionError(f"{source}: profile {k}: unknown keys {unknown}, missing {missing}")
        try:
            roles = [check_role(r) for r in entry["roles"]]
        except ValueError as exc:
            raise CorrectionError(f"{source}: profile {entry['name']}: {exc}") from None
        out.append(Profile(entry["name"], entry["signature"], list(entry.get("headers", [])), roles,
                           entry.get("authority"), entry.get("author", ""), entry.get("note")))
    return out


def read_profile_file(path: str) -> tuple[ParserProfile, ...]:
    """The profiles of a TOML file as the parser takes them (``plans extract
    --profiles FILE``: no database needed)."""
    from pathlib import Path

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CorrectionError(f"{path}: {exc.strerror or exc}") from None
    return tuple(ParserProfile(p.name, p.signature, tuple(p.roles), p.authority)
                 for p in parse_profiles(text, path))


def import_profiles(engine: Engine, toml_text: str, source: str = "profiles",
                    author: str | None = None) -> list[Profile]:
    """Add (or replace, by name) the profiles in ``toml_text``, all or none."""
    profiles = parse_profiles(toml_text, source)
    with session_scope(engine) as session:
        for p in profiles:
            _replace(session, LayoutProfile(
                name=p.name, signature=p.signature, authority=p.authority,
                headers=json.dumps(p.headers, ensure_ascii=False), roles=json.dumps(p.roles),
                author=p.author or who(author), note=p.note))
    return profiles


__all__ = ["Profile", "export_profiles", "get_profile", "import_profiles", "list_profiles",
           "parse_profiles", "read_profile_file", "remove_profile", "save_profile"]
