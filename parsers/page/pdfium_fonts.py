"""Font facts as pdfminer reads them, for the pdfium page model.

A character box depends on the font's descent, and pdfium and pdfminer
disagree on where it comes from: pdfminer takes the descriptor's
``/Descent`` as written (0 when it says 0, as many generated PDFs do) and
the AFM tables for a simple font whose ``/BaseFont`` is a standard name;
pdfium falls back to the font program's own metrics and reports names
without their subset prefix.  pdfium exposes no font dictionary, so the
facts are read from the dictionaries themselves with pdfminer's object
parser (which has the file open anyway): resources only, no content stream
is interpreted.  Fonts are keyed by the name pdfium reports; a name that
means two different fonts in one document gives no fact (pdfium's own
metrics are used then).
"""
from __future__ import annotations

from typing import Any, Iterable, NamedTuple

from pdfminer.encodingdb import EncodingDB
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

#: PDF glyph metrics are in thousandths of the font size
GLYPH_UNITS = 1000.0
#: simple font types pdfminer reads by the AFM tables when the name is standard
AFM_TYPES = ("Type1", "MMType1", "TrueType")
#: forms nested deeper than this are not searched for fonts
MAX_FORM_DEPTH = 4
#: "ABCDEF+Name": the subset tag pdfium leaves out of the name
SUBSET_TAG = 6


class FontFacts(NamedTuple):
    name: str  # the font name pdfminer gives characters
    descent: float  # per unit of font size, <= 0
    afm: bool  # pdfminer reads advances and descent from its AFM tables
    #: (text, advance per unit of size) from ``/Widths`` through the encoding, for a
    #: simple font without ``/ToUnicode`` (pdfium may draw a font it does not
    #: have with its substitute's widths); empty when unknown
    advances: tuple[tuple[str, float], ...] = ()


def _name(value: Any) -> str:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value or "")


def untagged(name: str) -> str:
    """``name`` without a subset tag, as pdfium reports it."""
    head, plus, rest = name.partition("+")
    return rest if plus and len(head) == SUBSET_TAG and head.isupper() else name


def _number(value: Any) -> float:
    value = resolve1(value)
    return float(value) if isinstance(value, (int, float)) else 0.0


def facts_of(spec: dict) -> FontFacts | None:
    """pdfminer's view of the font dictionary ``spec`` (``None``: Type3 and
    other fonts whose boxes pdfminer derives otherwise)."""
    subtype, base = _name(spec.get("Subtype")), _name(spec.get("BaseFont"))
    if subtype in AFM_TYPES and base in FONT_METRICS:
        descriptor = FONT_METRICS[base][0]
        return FontFacts(str(descriptor.get("FontName", base)),
                         -abs(_number(descriptor.get("Descent", 0))) / GLYPH_UNITS, True)
    if subtype == "Type0":
        kids = resolve1(spec.get("DescendantFonts")) or []
        spec = resolve1(kids[0]) if kids else {}
        if not isinstance(spec, dict):
            return None
    elif subtype not in AFM_TYPES:
        return None
    descriptor = resolve1(spec.get("FontDescriptor")) or {}
    if not isinstance(descriptor, dict):
        descriptor = {}
    name = _name(descriptor.get("FontName")) or "unknown"  # pdfminer names characters' fonts so
    advances = simple_advances(spec) if subtype in AFM_TYPES else ()
    return FontFacts(name, -abs(_number(descriptor.get("Descent", 0))) / GLYPH_UNITS, False, advances)


def simple_advances(spec: dict) -> tuple[tuple[str, float], ...]:
    """Advances by character text of a simple font, as pdfminer maps codes
    to text (its encoding and ``/Differences``; TrueType defaults to
    WinAnsi) and reads their widths; empty when a ``/ToUnicode`` decides
    the text instead."""
    widths = resolve1(spec.get("Widths"))
    if not isinstance(widths, list) or "ToUnicode" in spec:
        return ()
    first = int(_number(spec.get("FirstChar", 0)))
    default = "WinAnsiEncoding" if _name(spec.get("Subtype")) == "TrueType" else "StandardEncoding"
    encoding = resolve1(spec.get("Encoding", None))
    try:
        if isinstance(encoding, dict):
            codes = EncodingDB.get_encoding(_name(encoding.get("BaseEncoding")) or default,
                                            resolve1(encoding.get("Differences")) or None)
        else:
            codes = EncodingDB.get_encoding(_name(encoding) or default)
    except Exception:  # an encoding pdfminer does not know: no advances
        return ()
    out: dict[str, float] = {}
    for code, text in sorted(codes.items()):
        if first <= code < first + len(widths):
            out.setdefault(text, _number(widths[code - first]) / GLYPH_UNITS)
    return tuple(sorted(out.items()))


class DocumentFonts:
    """The fonts of a document's pages as pdfminer reads them, loaded page by
    page as the pages are read."""

    def __init__(self, pages: Any) -> None:
        self.pages = pages  # pdfplumber's pages (each has ``page_obj.resources``)
        self.loaded: set[int] = set()
        self.seen: set[int] = set()
        self.by_name: dict[str, set[FontFacts | None]] = {}

    def facts(self, number: int, name: str) -> FontFacts | None:
        """The facts of the font pdfium calls ``name`` on page ``number``."""
        if number not in self.loaded:
            self.loaded.add(number)
            try:
                self._load(resolve1(self.pages[number - 1].page_obj.resources), 0)
            except Exception:  # a broken dictionary: pdfium's metrics are used
                pass
        found = self.by_name.get(name, set())
        return next(iter(found)) if len(found) == 1 else None

    def _load(self, resources: Any, depth: int) -> None:
        if not isinstance(resources, dict) or id(resources) in self.seen or depth > MAX_FORM_DEPTH:
            return
        self.seen.add(id(resources))
        for spec in _values(resources.get("Font")):
            if isinstance(spec, dict):
                self._add(spec)
        for xobject in _values(resources.get("XObject")):
            attrs = getattr(xobject, "attrs", None)
            if isinstance(attrs, dict) and _name(attrs.get("Subtype")) == "Form":
                self._load(resolve1(attrs.get("Resources")), depth + 1)

    def _add(self, spec: dict) -> None:
        facts = facts_of(spec)
        names = {untagged(_name(spec.get("BaseFont")))}
        if _name(spec.get("Subtype")) == "Type0":
            kids = resolve1(spec.get("DescendantFonts")) or []
            kid = resolve1(kids[0]) if kids else None
            if isinstance(kid, dict):
                names.add(untagged(_name(kid.get("BaseFont"))))
        for name in names:
            self.by_name.setdefault(name, set()).add(facts)


def _values(value: Any) -> Iterable[Any]:
    value = resolve1(value)
    return (resolve1(v) for v in value.values()) if isinstance(value, dict) else ()


__all__ = ["DocumentFonts", "FontFacts", "facts_of", "untagged"]
