"""Plain dataclasses that parsers return.

Parsers never touch the database or the network; they hand these objects to
whoever called them (the CLI prints them, the ingest pipeline stores them).
Field names follow the extraction contract, so ``to_dict`` is the JSON that
``plans extract --format json`` prints.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Contract fields of an action item, in output order.
TEXT_FIELDS = (
    "section", "ref", "action", "milestone", "timescale", "lead", "progress",
    "rag", "success_measure", "outcome",
)


@dataclass(frozen=True)
class Box:
    """Where a value was printed: 1-based page number and a PDF-point
    rectangle measured from the page's top-left corner (pdfplumber's frame)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def to_dict(self) -> dict[str, float]:
        return {"page": self.page, "x0": round(self.x0, 2), "top": round(self.top, 2),
                "x1": round(self.x1, 2), "bottom": round(self.bottom, 2)}


@dataclass
class ActionItem:
    """One row of an action plan (one milestone where actions span several)."""

    action: str
    section: str | None = None
    ref: str | None = None
    milestone: str | None = None
    timescale: str | None = None
    due_date: str | None = None  # ISO date normalised from ``timescale``
    lead: str | None = None
    progress: str | None = None
    rag: str | None = None  # red / amber / green / blue
    success_measure: str | None = None
    outcome: str | None = None
    page_first: int = 0
    page_last: int = 0
    extra: dict[str, str] = field(default_factory=dict)
    #: provenance: field name (or extra header) -> boxes it was read from
    boxes: dict[str, list[Box]] = field(default_factory=dict)
    #: index of the table the item came from within the document (0-based)
    table_index: int = 0

    def to_dict(self, provenance: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name) for name in TEXT_FIELDS}
        out["due_date"] = self.due_date
        out["page_first"] = self.page_first
        out["page_last"] = self.page_last
        out["extra"] = dict(self.extra)
        if provenance:
            out["boxes"] = {k: [b.to_dict() for b in v] for k, v in self.boxes.items()}
        return out


@dataclass(frozen=True)
class SourceMeta:
    """What the caller knows about a file beyond its bytes (the batch ingest, the
    ModernGov watcher): each field that is set is stored instead of what the parser
    detected. One record from the caller to the database row of the document."""

    #: name to record instead of the file's own (e.g. the title a download was listed under)
    file_name: str | None = None
    source_path: str | None = None  # absolute path of a local file
    source_url: str | None = None
    authority: str | None = None
    committee: str | None = None
    meeting_id: str | None = None
    meeting_date: str | None = None  # ISO date
    published_date: str | None = None  # ISO date


@dataclass
class SourceInfo:
    path: str
    sha256: str
    pages: int
    size: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "pages": self.pages, "size": self.size}


@dataclass
class DocumentInfo:
    """What the document says about itself (cover page, running headers)."""

    title: str | None = None
    authority: str | None = None
    committee: str | None = None
    meeting_date: str | None = None  # ISO date
    plan_title: str | None = None
    period: str | None = None  # e.g. "2016/17"
    period_start: str | None = None
    period_end: str | None = None
    version: str | None = None
    as_at: str | None = None  # ISO date the progress is reported at

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TableReading:
    """How one table was read as an action plan: where it is, which role each
    column was given, and how sure the reading is. One per qualified table, in
    document order; ``ActionItem.table_index`` points into the list.

    ``signature`` is the table's header signature (normalised header texts and
    the column count) that layout profiles are keyed by; ``profile`` names the
    saved profile whose roles were applied instead of the scored ones, if any.
    """

    page: int  # 1-based page of the table's first row
    index: int  # 1-based order of the table on its page
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom on ``page``
    headers: tuple[str, ...]  # header text per column as printed ('' for none)
    roles: tuple[str, ...]  # role per column (contract field, 'extra', 'ignore')
    confidence: float = 1.0  # 0..1: how clearly the roles won
    reasons: tuple[str, ...] = ()  # why confidence is below 1, one phrase each
    signature: str = ""
    profile: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "index": self.index,
                "bbox": [round(v, 2) for v in self.bbox], "headers": list(self.headers),
                "roles": list(self.roles), "confidence": round(self.confidence, 3),
                "reasons": list(self.reasons), "signature": self.signature,
                "profile": self.profile}


@dataclass
class Extraction:
    """Everything one parse of one PDF produced."""

    source: SourceInfo
    document: DocumentInfo
    items: list[ActionItem]
    warnings: list[str] = field(default_factory=list)
    parser_version: str = ""
    #: 1-based numbers of pages with no text layer (scanned images)
    pages_without_text: list[int] = field(default_factory=list)
    #: every table read as a plan (see :class:`TableReading`)
    tables: list[TableReading] = field(default_factory=list)

    def to_dict(self, provenance: bool = True) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "document": self.document.to_dict(),
            "parser_version": self.parser_version,
            "items": [it.to_dict(provenance) for it in self.items],
            "tables": [t.to_dict() for t in self.tables],
            "warnings": list(self.warnings),
        }
