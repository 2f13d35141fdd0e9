"""Counting words in messages: "1 item", "2 items", never "1 items" or "item(s)"."""
from __future__ import annotations

_IRREGULAR = {"entry": "entries", "query": "queries"}


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun`` in the singular for exactly one, else the plural
    (``plural`` when given, else an irregular form we know, else ``noun + "s"``)."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {plural or _IRREGULAR.get(noun, noun + 's')}"


__all__ = ["counted"]
