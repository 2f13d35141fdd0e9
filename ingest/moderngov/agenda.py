"""Parse replies of ModernGov's web service (``mgWebService.asmx``) into
dataclasses.

Bytes in, dataclasses out, no I/O: :mod:`ingest.watch` fetches, this module
only reads. The XML comes from servers we do not control, so it is parsed
with defusedxml with DTDs, entity declarations and external references all
forbidden (billion-laughs and XXE cannot reach us), and every oddity seen
in the wild is absorbed here rather than in the run logic:

* element names are lower case, sometimes inside a namespace or inside an
  ASMX ``<string>`` wrapper that holds the real document as escaped text;
* counts carry a leading space (``<committeescount> 12</...>``);
* booleans are the strings ``True`` / ``False``;
* a single child is just one element, not a list;
* titles can be HTML-escaped twice (``Children&amp;#39;s``).
"""
from __future__ import annotations

import html
import re
from typing import overload
from dataclasses import dataclass, field
from datetime import date
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from council_plans.parsers.errors import PlanError

__all__ = [
    "Committee", "LinkedDoc", "Meeting", "MeetingSummary", "ModernGovXMLError",
    "parse_committees", "parse_date", "parse_meeting", "parse_meetings",
]


class ModernGovXMLError(PlanError):
    """A reply that is not the ModernGov XML we asked for (an HTML error page,
    a truncated body, a DTD or entity declaration, a missing element)."""

    reason = "not a ModernGov web-service reply"


@dataclass(frozen=True)
class Committee:
    id: int
    title: str


@dataclass(frozen=True)
class MeetingSummary:
    """One row of ``GetMeetings``: enough to decide whether to ask for more."""

    id: int
    committee_id: int | None
    date: date | None
    status: str


@dataclass(frozen=True)
class LinkedDoc:
    """One paper linked to a meeting or to one of its agenda items."""

    attachment_id: int
    title: str
    url: str
    publication_date: date | None
    agenda_item: str | None = None


@dataclass
class Meeting:
    """``GetMeeting``: the meeting and every linked document, agenda-item
    documents first in agenda order, then meeting-level ones."""

    id: int
    committee_id: int | None
    committee_title: str | None
    date: date | None
    status: str
    agenda_published: bool
    documents: list[LinkedDoc] = field(default_factory=list)
    agenda_items: list[str] = field(default_factory=list)


_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\b")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\b")


def parse_date(text: str | None) -> date | None:
    """``dd/mm/yyyy`` (optionally followed by a time) or ISO; None if neither."""
    if not text:
        return None
    m = _DMY.match(text)
    if m:
        d, mth, y = (int(g) for g in m.groups())
    else:
        m = _ISO.match(text)
        if not m:
            return None
        y, mth, d = (int(g) for g in m.groups())
    try:
        return date(y, mth, d)
    except ValueError:
        return None


def _clean(text: str | None) -> str:
    """Undo up to two rounds of HTML escaping and tidy whitespace."""
    out = text or ""
    for _ in range(2):
        if "&" not in out:
            break
        out = html.unescape(out)
    return " ".join(out.split())


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _kids(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name]


def _kid(el: Element, name: str) -> Element | None:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _text(el: Element, name: str) -> str:
    child = _kid(el, name)
    return (child.text or "").strip() if child is not None else ""


@overload
def _int(el: Element, name: str, source: str) -> int: ...
@overload
def _int(el: Element, name: str, source: str, *, required: bool) -> int | None: ...
def _int(el: Element, name: str, source: str, *, required: bool = True) -> int | None:
    """The integer in ``<name>``; a missing one is an error unless not ``required``."""
    raw = _text(el, name)
    if not raw and not required:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ModernGovXMLError(source, f"<{name}> is {raw!r}, not a number") from None


def _bool(el: Element, name: str) -> bool:
    return _text(el, name).lower() in ("true", "1", "yes")


def _root(data: bytes, source: str) -> Element:
    """Parse hardened; unwrap an ASMX ``<string>`` that carries escaped XML."""
    if not data or not data.strip():
        raise ModernGovXMLError(source, "empty reply")
    if data[:200].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        raise ModernGovXMLError(source, "looks like HTML (an error or login page?)")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        if _local(root.tag) == "string" and (root.text or "").lstrip().startswith("<"):
            root = fromstring(root.text.strip().encode("utf-8"), forbid_dtd=True,
                              forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ModernGovXMLError(source, f"refused: {type(exc).__name__}") from None
    except ParseError as exc:
        raise ModernGovXMLError(source, str(exc)[:200]) from None
    return root


def _expect(root: Element, names: tuple[str, ...], source: str) -> None:
    if _local(root.tag) not in names:
        raise ModernGovXMLError(source, f"root element <{_local(root.tag)}>, "
                                        f"expected <{'/'.join(names)}>")


def parse_committees(data: bytes, source: str = "GetCommittees") -> list[Committee]:
    """``GetCommittees`` -> committees in the order the council lists them."""
    root = _root(data, source)
    _expect(root, ("committees",), source)
    return [Committee(id=_int(c, "committeeid", source), title=_clean(_text(c, "committeetitle")))
            for c in _kids(root, "committee")]


def parse_meetings(data: bytes, source: str = "GetMeetings") -> list[MeetingSummary]:
    """``GetMeetings`` -> meetings of every ``<committee>`` block in the reply."""
    root = _root(data, source)
    _expect(root, ("getmeetings", "meetings"), source)
    blocks = _kids(root, "committee") or [root]
    out: list[MeetingSummary] = []
    for block in blocks:
        block_cid = _int(block, "committeeid", source, required=False)
        holders = _kids(block, "committeemeetings") or [block]
        for holder in holders:
            for m in _kids(holder, "meeting"):
                cid = _int(m, "committeeid", source, required=False)
                out.append(MeetingSummary(
                    id=_int(m, "meetingid", source),
                    committee_id=cid if cid is not None else block_cid,
                    date=parse_date(_text(m, "meetingdate")),
                    status=_clean(_text(m, "meetingstatus")),
                ))
    return out


def _linked_docs(holder: Element | None, source: str, item: str | None) -> list[LinkedDoc]:
    if holder is None:
        return []
    docs = []
    for d in _kids(holder, "linkeddoc"):
        url = _text(d, "url")
        if not url:
            continue  # a placeholder row with nothing to fetch
        docs.append(LinkedDoc(
            attachment_id=_int(d, "attachmentid", source),
            title=_clean(_text(d, "title")),
            url=html.unescape(url),
            publication_date=parse_date(_text(d, "publicationdate")),
            agenda_item=item,
        ))
    return docs


def parse_meeting(data: bytes, source: str = "GetMeeting") -> Meeting:
    """``GetMeeting`` -> the meeting with its linked documents."""
    root = _root(data, source)
    if _local(root.tag) != "meeting":
        inner = _kid(root, "meeting")
        if inner is None:
            raise ModernGovXMLError(source, f"root element <{_local(root.tag)}>, expected <meeting>")
        root = inner
    meeting = Meeting(
        id=_int(root, "meetingid", source),
        committee_id=_int(root, "committeeid", source, required=False),
        committee_title=_clean(_text(root, "committeetitle")) or None,
        date=parse_date(_text(root, "meetingdate")),
        status=_clean(_text(root, "meetingstatus")),
        agenda_published=_bool(root, "agendapublished"),
    )
    items = _kid(root, "agendaitems")
    for it in _kids(items, "agendaitem") if items is not None else []:
        title = _clean(_text(it, "agendaitemtitle")) or None
        if title:
            meeting.agenda_items.append(title)
        meeting.documents.extend(_linked_docs(_kid(it, "linkeddocuments"), source, title))
    meeting.documents.extend(_linked_docs(_kid(root, "linkeddocuments"), source, None))
    return meeting
