"""Layout-aware parsers: PDF bytes in, :class:`schema.items.Extraction` out.

No I/O besides reading the file the caller names; nothing here touches a
database or the network.
"""
from __future__ import annotations

from pathlib import Path

from council_plans.schema.items import Extraction

from council_plans.parsers.errors import PlanError
from council_plans.parsers.settings import ExtractSettings
from council_plans.parsers.trace import Trace

#: bumped whenever a change can alter what is extracted; stored with every row
PARSER_VERSION = "0.1.0"

__all__ = ["PARSER_VERSION", "ExtractSettings", "PlanError", "extract", "extract_bytes"]


def extract(path: str | Path, settings: ExtractSettings | None = None) -> Extraction:
    """Extract action items from the PDF at ``path``."""
    data = Path(path).read_bytes() if Path(path).exists() else None
    if data is None:
        raise FileNotFoundError(f"{path}: no such file")
    return extract_bytes(data, str(path), settings)


def extract_bytes(data: bytes, name: str, settings: ExtractSettings | None = None,
                  trace: Trace | None = None) -> Extraction:
    """Extract action items from PDF ``data``; ``name`` is used in messages;
    a ``trace`` (:mod:`parsers.trace`) records what was seen, for drawing."""
    from council_plans.parsers.document import extract_document  # heavy imports only when used
    from council_plans.parsers.gc_pace import fewer_collections
    from council_plans.parsers.page.load import reading

    with fewer_collections(), reading(name, data=data):  # pdfminer's private exceptions -> named errors
        return extract_document(data, name, settings or ExtractSettings(), trace)
