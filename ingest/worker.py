"""Run one extraction with the limits enforced.

First version: runs in-process. To be hardened: a child process that is
killed after ``settings.timeout_seconds`` and raises ParseTimeout.
"""
from __future__ import annotations

from pathlib import Path

from parsers import ExtractSettings, extract
from schema.items import Extraction


def run_extraction(path: str | Path, settings: ExtractSettings) -> Extraction:
    """Extract ``path`` under the limits in ``settings``; named errors only."""
    return extract(path, settings)
