"""Names as the store keeps them: canonical authorities and lead officers.

The rules live in ``parsers.metadata`` and ``parsers.values.leads``; this module
only adapts them for storage (imported lazily, with a plain whitespace
fallback while those modules are missing, so the store never depends on them
being importable).
"""
from __future__ import annotations


def _squash(text: str) -> str:
    return " ".join(text.split())


def canonical_authority(name: str) -> str:
    """Canonical name of a council: the register of UK local authorities'
    official name for any spelling it knows ("Wolverhampton City Council",
    "City of Wolverhampton Council" -> one name); other names tidied."""
    try:
        from council_plans.parsers.metadata.authorities import canonical_authority as rule
    except ImportError:
        return _squash(name)
    return _squash(rule(name) or name)


def person_names(lead_text: str | None) -> list[str]:
    """The people a lead cell names, in order, without repeats
    ("Julian Cunningham Dawn Williams" -> two names, "JM/SS" -> two initials)."""
    if not lead_text or not lead_text.strip():
        return []
    try:
        from council_plans.parsers.values.leads import split_leads
    except ImportError:
        names = [lead_text]
    else:
        names = split_leads(lead_text)
    return list(dict.fromkeys(n for n in (_squash(x) for x in names) if n))
