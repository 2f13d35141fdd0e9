"""What ``plans watch add`` and ``plans watch remove`` check before they change
the list of watched sources, and the names papers are stored under.

* **authority**: a source is one site and one council. "Wolverhampton",
  "City of Wolverhampton Council" and "Wolverhampton City Council" are one
  council (the register of UK local authorities), so adding any of them again
  for the same site updates the source instead of adding a second one; a
  name the register does not know is kept as given, with a warning;
* **committees**: a committee to follow must be on the site's own list
  (``GetCommittees``), checked when the source is added; an unknown title is
  refused with the closest titles the site has, so a typo is caught at the
  terminal rather than night after night in a cron log;
* **paper names**: a downloaded paper is stored by its sha256 but recorded
  under the title the agenda gives it ("Improvement Plan Q3 Update.pdf"),
  the name a user sees on the site, so ``plans show`` finds it by that name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from sqlalchemy import Engine, delete, select

from council_plans.db.engine import ensure_schema, session_scope
from council_plans.db.names import canonical_authority
from council_plans.schema.errors import CouncilPlansError
from council_plans.schema.watch import WatchAttachment, WatchMeeting, WatchSource

if TYPE_CHECKING:
    from council_plans.ingest.moderngov.http import HttpSettings

#: committee titles at least this similar (rapidfuzz WRatio) are offered as near matches
NEAR_MATCH_MIN = 60.0
NEAR_MATCHES = 3
#: committees named in the error when none is near
LISTED = 10
#: longest recorded paper name, in characters (before ".pdf")
MAX_NAME = 120
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")


class SourceCheckError(CouncilPlansError):
    """A source cannot be added or removed as asked (one line)."""


def same_authority(a: str, b: str) -> bool:
    """Two spellings of one council (register names, else case and spaces ignored)."""
    return canonical_authority(a).casefold() == canonical_authority(b).casefold()


def matching_source(sources: list[WatchSource], site: str, authority: str) -> WatchSource | None:
    """The stored source for this site and council, however the council was spelled."""
    return next((s for s in sources if s.site == site and same_authority(s.authority, authority)),
                None)


@dataclass(frozen=True)
class CommitteeCheck:
    """Committee names resolved against a site's list."""

    titles: tuple[str, ...]  #: as the site spells them


def check_committees(wanted: tuple[str, ...], available: list[tuple[int, str]]) -> CommitteeCheck:
    """Each wanted committee (title, any case, or id) as the site names it; raises
    :class:`SourceCheckError` naming the near matches of any the site lacks."""
    by_key = {title.casefold(): title for _, title in available}
    by_key |= {str(cid): title for cid, title in available}
    found, problems = [], []
    for name in wanted:
        clean = " ".join(name.split())
        title = by_key.get(clean.casefold())
        if title is not None:
            found.append(title)
            continue
        near = [t for t, score, _ in process.extract(
            clean, [t for _, t in available], scorer=fuzz.WRatio, limit=NEAR_MATCHES)
            if score >= NEAR_MATCH_MIN]
        listed = "; ".join(t for _, t in available[:LISTED]) + ("; ..." if len(available) > LISTED else "")
        hint = (f"did you mean {' or '.join(repr(t) for t in near)}?" if near
                else f"it lists: {listed}" if available else "it lists no committees")
        problems.append(f"no committee called {clean!r} on the site; {hint}")
    if problems:
        raise SourceCheckError("; ".join(problems))
    return CommitteeCheck(tuple(dict.fromkeys(found)))


def site_committees(site: str, http: "HttpSettings") -> list[tuple[int, str]]:
    """(id, title) of every committee the ModernGov site lists (``GetCommittees``)."""
    from council_plans.ingest.moderngov.http import FetchError, PoliteClient
    from council_plans.ingest.moderngov.agenda import ModernGovXMLError, parse_committees

    try:
        resp = PoliteClient(http).get(f"{site}/mgWebService.asmx/GetCommittees")
        return [(c.id, c.title) for c in parse_committees(resp.body, resp.url)]
    except (FetchError, ModernGovXMLError) as exc:
        raise SourceCheckError(f"cannot check the committees of {site}: {exc} "
                               "(--no-check adds the source unchecked)") from None


def remove_sources(engine: Engine, source_ids: tuple[int, ...]) -> list[WatchSource]:
    """Stop watching these sources: their meeting and attachment records go,
    the documents they brought in stay. All or nothing: an unknown id removes none."""
    ensure_schema(engine)
    with session_scope(engine) as s:
        rows = {r.id: r for r in s.scalars(select(WatchSource).where(WatchSource.id.in_(source_ids)))}
        missing = [str(i) for i in source_ids if i not in rows]
        if missing:
            raise SourceCheckError(f"no watch source with id {', '.join(missing)} "
                                   "(see plans watch list); nothing removed")
        for model in (WatchAttachment, WatchMeeting):
            s.execute(delete(model).where(model.source_id.in_(source_ids)))
        s.execute(delete(WatchSource).where(WatchSource.id.in_(source_ids)))
        return list(rows.values())


def paper_file_name(title: str | None, url: str) -> str:
    """The name a downloaded paper is recorded under: its agenda title, made safe
    for a file name, ending in .pdf; the URL's last part when it has no title."""
    text = " ".join(_UNSAFE.sub(" ", title or "").split())
    if not text:
        from urllib.parse import unquote, urlsplit

        text = " ".join(_UNSAFE.sub(" ", unquote(urlsplit(url).path.rsplit("/", 1)[-1])).split())
    text = text[:MAX_NAME].rstrip(" .") or "paper"
    return text if text.lower().endswith(".pdf") else f"{text}.pdf"
