"""One vocabulary for what changed to an action between two versions of a plan,
shared by ``plans compare``, ``plans history`` and ``plans report`` (and the
words the README uses), so the same change has one name everywhere.

A continued action can change in several ways at once (``"rag; slipped"``):

* ``new``: the track starts in the later version (also an action split off
  another: its link says so); ``dropped``: the track ends in the earlier one;
* ``completed``: the RAG became blue (complete); ``rag``: any other RAG move;
* ``slipped`` / ``brought forward``: the due date moved later / earlier;
* ``reworded``: the action's text changed; ``renumbered``: its ref changed.

Link methods (``tracked_action.link_method``, ``db.tracking``) are described in
words by :func:`describe_link`, naming what matched.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

NEW, DROPPED, COMPLETED, RAG = "new", "dropped", "completed", "rag"
SLIPPED, BROUGHT_FORWARD, REWORDED, RENUMBERED = "slipped", "brought forward", "reworded", "renumbered"
UNCHANGED = "unchanged"
#: every change kind, in the order they are listed
CHANGE_KINDS = (NEW, DROPPED, COMPLETED, RAG, SLIPPED, BROUGHT_FORWARD, REWORDED, RENUMBERED)
BLUE = "blue"
#: score of an identical text
SAME = 100.0

Row = Mapping[str, Any]


def as_date(value: Any) -> dt.date | None:
    """A date from a view's date value (a date, or ISO text on SQLite)."""
    return None if value is None else dt.date.fromisoformat(str(value)[:10])


def change_kinds(before: Row | None, after: Row | None) -> list[str]:
    """What changed from ``before`` to ``after`` (two ``action_history`` rows
    of one track, either missing), in :data:`CHANGE_KINDS` words."""
    if before is None:
        return [NEW]
    if after is None:
        return [DROPPED]
    out = []
    if before["rag"] != after["rag"]:
        out.append(COMPLETED if after["rag"] == BLUE else RAG)
    due_a, due_b = as_date(before["due_date"]), as_date(after["due_date"])
    if due_a and due_b and due_a != due_b:
        out.append(SLIPPED if due_b > due_a else BROUGHT_FORWARD)
    if before["action"] != after["action"]:
        out.append(REWORDED)
    if (before["ref"] or "") != (after["ref"] or ""):
        out.append(RENUMBERED)
    return out


def describe_link(method: str | None, score: float | None, prev_ref: str | None) -> str | None:
    """What matched when an action was linked to the previous version's, in words:
    "same ref and text", "same text", "same ref, text 87", "similar text 94.8",
    "same section, text 78", "split off 2.3 (text 100)", "kept part of 2.3 (text 100)";
    ``prev_ref`` names the earlier action (its ref, or the start of its text)."""
    if not method:
        return None
    value = f"{score:g}" if score is not None else "?"
    parent = prev_ref or "an action"
    if method == "ref":
        return "same ref and text" if score == SAME else f"same ref, text {value}"
    if method == "text":
        return "same text" if score == SAME else f"similar text {value}"
    if method == "section":
        return f"same section, text {value}"
    if method == "split":
        return f"split off {parent} (text {value})"
    if method == "part":
        return f"kept part of {parent} (text {value})"
    return f"{method} {value}"
