"""council_plans: turn council improvement and action plan PDFs into a normalised SQL database.

    import council_plans as cp
    result = cp.extract("plan.pdf")                 # Extraction: items, document, warnings
    db = cp.Database("sqlite:///plans.db")
    db.ingest(["papers/"]); db.query("SELECT count(*) FROM action_items")

The public names are listed in ``__all__`` and documented in the README's
"Python" section; everything else is internal. The repository keeps one folder
per concern (``parsers/``, ``db/``, ``ingest/``, ``compare/``, ``review/``,
``commands/``) and ``cli.py`` at its top level; installing maps them all under this
one import name, so the package never shadows another distribution's modules.
Names are imported on first use, so ``import council_plans`` stays cheap.
"""
from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("council-plans")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

#: public name -> module it lives in
_EXPORTS = {
    "extract": "council_plans.api",
    "Database": "council_plans.api",
    "ExtractSettings": "council_plans.parsers.settings",
    "PARSER_VERSION": "council_plans.parsers",
    "Extraction": "council_plans.schema.items",
    "ActionItem": "council_plans.schema.items",
    "DocumentInfo": "council_plans.schema.items",
    "TableReading": "council_plans.schema.items",
    "CouncilPlansError": "council_plans.schema.errors",
    "PlanError": "council_plans.parsers.errors",
    "DatabaseUnavailable": "council_plans.db.errors",
    "QueryError": "council_plans.db.query",
}

__all__ = [
    "__version__", "extract", "Database", "ExtractSettings", "PARSER_VERSION", "Extraction", "ActionItem",
    "DocumentInfo", "TableReading", "CouncilPlansError", "PlanError", "DatabaseUnavailable", "QueryError",
]

if TYPE_CHECKING:
    from council_plans.api import Database, extract
    from council_plans.db.errors import DatabaseUnavailable
    from council_plans.db.query import QueryError
    from council_plans.parsers import PARSER_VERSION
    from council_plans.parsers.errors import PlanError
    from council_plans.parsers.settings import ExtractSettings
    from council_plans.schema.errors import CouncilPlansError
    from council_plans.schema.items import ActionItem, DocumentInfo, Extraction, TableReading


def __getattr__(name: str) -> Any:
    """Import a public name's module the first time the name is used (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'council_plans' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
