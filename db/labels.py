"""Comparability labels on stored rows: register codes on authorities, a
theme on sections, a role level on lead cells (``parsers.values.taxonomy``,
``parsers.metadata.register``).

New documents get them as they are stored; :func:`backfill` fills rows
stored before (``plans series rebuild``).
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from council_plans.parsers.values.taxonomy import role_level, section_theme
from council_plans.schema.models import Authority, Milestone, Section


def register_fields(name: str) -> dict[str, str | None] | None:
    """Register columns for an authority name, or None when the register does not know it."""
    from council_plans.parsers.metadata.register import lookup

    record = lookup(name)
    if record is None:
        return None
    return {"code": record.code, "gss_code": record.gss_code, "nation": record.nation,
            "region": record.region, "la_type": record.la_type}


def label_authority(session: Session, auth_id: int, name: str) -> None:
    """Fill an authority's register codes once (a no-op when already there)."""
    fields = register_fields(name)
    if fields:
        session.execute(update(Authority).where(Authority.id == auth_id, Authority.code.is_(None))
                        .values(**fields))


def backfill(session: Session) -> None:
    """Fill every missing code, theme and role level."""
    for auth_id, name in session.execute(select(Authority.id, Authority.name)
                                         .where(Authority.code.is_(None))).all():
        label_authority(session, auth_id, name)
    for sec_id, name in session.execute(select(Section.id, Section.name)
                                        .where(Section.theme.is_(None))).all():
        session.execute(update(Section).where(Section.id == sec_id)
                        .values(theme=section_theme(name)))
    for mid, lead in session.execute(select(Milestone.id, Milestone.lead_raw)
                                     .where(Milestone.lead_role.is_(None),
                                            Milestone.lead_raw.is_not(None))).all():
        level = role_level(lead)
        if level:
            session.execute(update(Milestone).where(Milestone.id == mid).values(lead_role=level))
