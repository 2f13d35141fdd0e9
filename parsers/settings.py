"""Extraction settings: a dataclass with defaults that rejects unknown keys
(the same idea as pdfplumber's ``TableSettings``), so a typo in a config file
or a ``--set`` option is an error rather than silently ignored."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the columns package reads its own settings from this module
    from council_plans.parsers.columns.overrides import ColumnRole, LayoutProfile

#: the engines a page model can be read with (``ExtractSettings.engine``)
ENGINES = ("pdfium", "pdfplumber")


class StrictSettings:
    """Mixin for frozen settings dataclasses: ``from_dict`` refuses keys the
    class does not define, naming the known ones."""

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None = None) -> Any:
        data = dict(data or {})
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        unknown = sorted(set(data) - known)
        if unknown:
            label = cls.__name__.removesuffix("Settings").lower()
            raise ValueError(f"unknown {label} setting(s): {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(known))}")
        return cls(**data)

    def with_(self, **changes: Any) -> Any:
        return replace(self, **changes)  # type: ignore[type-var]


@dataclass(frozen=True)
class ExtractSettings(StrictSettings):
    #: 1-based inclusive page range to read, ``None`` for all pages
    first_page: int | None = None
    last_page: int | None = None
    #: refuse files larger than this many bytes
    max_bytes: int = 200 * 1024 * 1024
    #: refuse documents with more pages than this
    max_pages: int = 2000
    #: seconds one document may take (enforced by the ingest worker process)
    timeout_seconds: float = 300.0
    #: how far (MiB) the worker's address space may grow while it reads one document; None = no limit
    max_memory_mb: int | None = 4096
    #: run OCR (ocrmypdf) first when pages have no text layer
    ocr: bool = False
    #: a header row must name at least this many contract fields
    min_header_fields: int = 3
    #: a table read as a plan with a confidence below this is named in a warning
    #: (``Extraction.tables[].confidence``; see parsers/columns/confidence.py)
    min_table_confidence: float = 0.5
    #: the council the document is from, recorded instead of the detected one
    #: (spelled as the register of UK local authorities spells it, if known)
    authority: str | None = None
    #: sketch pages with pdfium first; parse in full only those that may hold a table
    triage: bool = True
    #: page model: "pdfium" (pypdfium2, C++) or "pdfplumber" (pdfminer, the reference)
    engine: str = "pdfium"

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}; known: {', '.join(ENGINES)}")

    @property
    def uses_pdfium(self) -> bool:
        """True when pdfium reads pages (triage or the page model)."""
        return self.triage or self.engine == "pdfium"

    def without_pdfium(self) -> "ExtractSettings":
        """The same settings read by pdfminer alone: pdfium (C++) aborts the
        process where pdfminer raises MemoryError, so a crashed document is
        read once more this way and its error named as pdfminer names it."""
        return replace(self, triage=False, engine="pdfplumber")

    #: column roles a person set for tables of particular documents (``plans fix --role``)
    column_roles: tuple[ColumnRole, ...] = ()
    #: layout profiles: roles for every table with a given header signature
    profiles: tuple[LayoutProfile, ...] = ()
