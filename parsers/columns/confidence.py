"""How sure a table's reading is, so that nothing is wrong silently.

Two signals, each in [0, 1]:

* role clarity: for every column given a plan role, the margin between the
  score of that role and the best other role the column could hold
  (:func:`~council_plans.parsers.columns.roles.column_scores`), divided by
  ``CLEAR_MARGIN`` and capped at 1; the mean over those columns. A "Status"
  column that beat "progress" by 0.05 is a coin toss; "Lead" over initials
  wins by a mile.
* row support: the share of the table's items that have an action and at
  least one other core field (a list of services one per row, or a column
  read in the wrong place, leaves rows with an action alone).

``confidence = W_ROLES * clarity + (1 - W_ROLES) * support``. A table below
``ExtractSettings.min_table_confidence`` is named in a warning with its page
and the reasons.
"""
from __future__ import annotations

from council_plans.schema.items import ActionItem

from council_plans.parsers.columns.content import Cell, content_scores
from council_plans.parsers.columns.roles import RoleMap, column_scores, header_evidence
from council_plans.parsers.columns.scoring import SCORING

#: a role that wins by this margin (or more) is clear
CLEAR_MARGIN = SCORING.clear_margin
#: weight of role clarity in the confidence (row support has the rest)
W_ROLES = SCORING.w_roles
#: a column whose margin is below this is named in the reasons
WEAK_MARGIN = SCORING.weak_margin
#: fields that count as "one other field" beside the action
OTHER_FIELDS = ("ref", "milestone", "timescale", "lead", "progress", "rag")


def margins(roles: RoleMap, columns: list[list[Cell]]) -> list[float | None]:
    """Per column: how far its role's score is above the next best role's
    (``None`` for a column with no plan role)."""
    header = header_evidence(list(roles.labels))
    content = [content_scores(col) for col in columns] + [{}] * (roles.width - len(columns))
    out: list[float | None] = []
    for field, scores in zip(roles.fields, column_scores(header, content)):
        if field is None:
            out.append(None)
            continue
        own = scores.get(field, 0.0)
        other = max((s for r, s in scores.items() if r != field), default=0.0)
        out.append(max(0.0, own - other))
    return out


def row_support(items: list[ActionItem]) -> float:
    """Share of items with an action and at least one other core field."""
    if not items:
        return 0.0
    good = sum(bool(it.action) and any(getattr(it, f) for f in OTHER_FIELDS) for it in items)
    return good / len(items)


def confidence(roles: RoleMap, columns: list[list[Cell]],
               items: list[ActionItem]) -> tuple[float, tuple[str, ...]]:
    """The table's confidence and the reasons it is below 1 (module doc)."""
    reasons = []
    ms = margins(roles, columns)
    judged = [(k, m) for k, m in enumerate(ms) if m is not None]
    clarity = sum(min(1.0, m / CLEAR_MARGIN) for _, m in judged) / len(judged) if judged else 0.0
    for k, m in judged:
        if m < WEAK_MARGIN:
            label = roles.labels[k] or f"column {k + 1}"
            reasons.append(f"column '{label[:30]}' read as {roles.fields[k]} by a margin of only {m:.2f}")
    support = row_support(items)
    if support < 1.0:
        reasons.append(f"{1 - support:.0%} of rows have no field besides the action")
    return W_ROLES * clarity + (1 - W_ROLES) * support, tuple(reasons)
