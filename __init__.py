"""council_plans: turn council improvement and action plan PDFs into a normalised SQL database.

The repository keeps one folder per stage (``parsers/``, ``ingest/``, ``schema/``,
``db/``) and ``cli.py`` at its top level; installing maps them all under this one
import name (``council_plans.parsers``, ``council_plans.cli``, ...) so the package
never shadows another distribution's top-level modules (PyPI has a ``schema``).
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("council-plans")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
