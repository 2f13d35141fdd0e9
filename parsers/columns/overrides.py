"""Column roles a person decided: per-document corrections and layout profiles.

No extractor reads every council's layout right first time. An analyst who
finds a wrong column says once which role it holds (``plans fix DOC --page N
--table K --role COLUMN=ROLE``), and can save that reading as a *layout
profile* keyed by the table's header signature, so every later table printed
with the same headers (next quarter's plan from the same council) is read the
same way. Both reach the parser as plain data in
:class:`~council_plans.parsers.settings.ExtractSettings` (the caller loads
them from wherever it keeps them; the parser does no I/O), and
:func:`override_roles` is the one place they change a table's roles: a
matching profile first, then the document's own column corrections on top.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from council_plans.parsers.columns.lexicon import ROLES, normalise
from council_plans.schema.errors import CouncilPlansError
from council_plans.parsers.columns.roles import RoleMap

#: a column whose cells are neither a contract field nor worth keeping as ``extra``
IGNORE = "ignore"
#: every role a person may give a column
ROLE_CHOICES = tuple(ROLES) + (IGNORE,)


class RoleOverrideError(CouncilPlansError, ValueError):
    """A column role override names an unknown role or no column of the table."""


@dataclass(frozen=True)
class ColumnRole:
    """One column's role in one table of one document, as a person set it.

    ``column`` is the header text as printed (matched after normalising) or
    the column's 1-based number; ``page`` and ``index`` name the table the
    way :class:`~council_plans.schema.items.TableReading` does."""

    sha256: str
    page: int
    index: int
    column: str
    role: str


@dataclass(frozen=True)
class LayoutProfile:
    """Roles for every table whose header signature is ``signature`` (and,
    when ``authority`` is set, only in that council's documents)."""

    name: str
    signature: str
    roles: tuple[str, ...]
    authority: str | None = None


def header_signature(headers: Sequence[str | None]) -> str:
    """The key layout profiles are stored under: the column count and each
    header text normalised (case, spacing, trailing punctuation), so the same
    template printed again (next quarter, a re-typed header) has the same key."""
    texts = [normalise(h).replace("|", "/") for h in headers]
    return f"{len(texts)}:" + "|".join(texts)


def check_role(role: str) -> str:
    """``role`` in lower case, or :class:`RoleOverrideError` naming the choices."""
    role = role.strip().lower()
    if role not in ROLE_CHOICES:
        raise RoleOverrideError(f"unknown role {role!r}; known: {', '.join(ROLE_CHOICES)}")
    return role


def column_number(column: str, labels: Sequence[str]) -> int:
    """0-based index of ``column`` (a 1-based number or a header text)."""
    text = column.strip()
    if text.isdigit() and 1 <= int(text) <= len(labels):
        return int(text) - 1
    wanted = normalise(text)
    for k, label in enumerate(labels):
        if normalise(label) == wanted:
            return k
    shown = ", ".join(f"{k + 1}={label!r}" for k, label in enumerate(labels))
    raise RoleOverrideError(f"no column {column!r} in the table (columns: {shown})")


def _profile_for(signature: str, authority: str | None,
                 profiles: Sequence[LayoutProfile]) -> LayoutProfile | None:
    """The profile for this signature: one saved for the document's council
    wins over one saved for any council."""
    matching = [p for p in profiles if p.signature == signature]
    own = [p for p in matching if p.authority and authority
           and normalise(p.authority) == normalise(authority)]
    general = [p for p in matching if not p.authority]
    found = own or general
    return found[0] if found else None


def _set(fields: list[str | None], k: int, role: str) -> None:
    """Give column ``k`` ``role``, taking it from any other column that had it."""
    field = None if role == "extra" else role
    if field is not None and field != IGNORE:
        fields[:] = [None if f == field else f for f in fields]
    fields[k] = field


def override_roles(roles: RoleMap, *, sha256: str, page: int, index: int,
                   authority: str | None, columns: Sequence[ColumnRole] = (),
                   profiles: Sequence[LayoutProfile] = ()) -> tuple[RoleMap, str | None]:
    """The table's final roles: a matching layout profile's roles instead of
    the scored ones, then this document's column corrections for this table
    (page ``page``, ``index``-th table on it). Returns the roles and the name
    of the profile applied, if any. Unchanged when nothing matches."""
    mine = [c for c in columns if c.sha256 == sha256 and c.page == page and c.index == index]
    profile = _profile_for(header_signature(roles.labels), authority, profiles)
    if profile is not None and len(profile.roles) != roles.width:
        profile = None  # the signature holds the column count; a hand-edited file may not
    if profile is None and not mine:
        return roles, None
    fields = list(roles.fields)
    evidence = dict(roles.evidence)
    if profile is not None:
        fields = [None if r == "extra" else r for r in profile.roles]
        evidence = {f: "profile" for f in fields if f}
    for c in mine:
        k = column_number(c.column, roles.labels)
        _set(fields, k, check_role(c.role))
        given = fields[k]
        if given:
            evidence[given] = "correction"
    return replace(roles, fields=fields, evidence=evidence), profile.name if profile else None


def usable(columns: Sequence[ColumnRole], labels: Sequence[str], *, sha256: str, page: int,
           index: int) -> tuple[list[ColumnRole], list[str]]:
    """This table's column corrections that still fit it, and a warning for
    each that does not (a parser change that reads the header differently must
    not make the document fail: the correction is named, the table read as scored)."""
    fit, warnings = [], []
    for c in columns:
        if c.sha256 != sha256 or c.page != page or c.index != index:
            continue
        try:
            column_number(c.column, labels)
            check_role(c.role)
        except RoleOverrideError as exc:
            warnings.append(f"page {page}: table {index}: correction {c.column}={c.role} not "
                            f"applied: {exc}")
            continue
        fit.append(c)
    return fit, warnings


@dataclass(frozen=True)
class TableContext:
    """What :func:`override_roles` needs to know about the document a table
    is in, gathered once per document by the document pass."""

    sha256: str = ""
    authority: str | None = None
    columns: tuple[ColumnRole, ...] = ()
    profiles: tuple[LayoutProfile, ...] = ()
