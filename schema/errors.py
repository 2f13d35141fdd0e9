"""The one base class of every error this package raises on purpose.

``except council_plans.CouncilPlansError`` catches a bad PDF, a database that
cannot be opened, a refused query, a failed fetch ... each still its own named
class (``PlanError``, ``DatabaseUnavailable``, ``QueryError``, ``FetchError`` ...)
so a caller can be as specific as it needs. It lives in the lowest layer so every
layer can derive from it.
"""
from __future__ import annotations


class CouncilPlansError(Exception):
    """Base class of the package's named errors."""


__all__ = ["CouncilPlansError"]
