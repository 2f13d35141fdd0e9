"""Column roles from header text and column content together, and the
evidence test that says whether a table is an action plan.

Score of column *k* for role *r*::

    score = W_HEADER * header(k, r) + w * content(k, r)
    W_HEADER = 1.0
    w = W_CONFIRM = 0.15  when the header words name role r at all
    w = W_CONTENT = 0.6   when they do not

``header`` is the lexicon evidence in [0, 1] (:mod:`.lexicon`: 1.0 a known
wording, 0.8 a distinctive stem or phrase, 0.3-0.6 a weak or shared word) and
``content`` the share of the column's non-empty cells that look like the role
(:mod:`.content`). Header tiers are 0.2 apart and confirming content weighs
0.15, so content orders columns within a tier ("Objectives" and "Actions to be
taken" both read as actions; the exact wording wins, whatever the cells say)
but never across one; for a role the header does not name, content weighs
0.6, so a column whose cells clearly hold dates or initials is named by them.
Two vetoes come before scoring: a column of figures takes no text role, a
column of narrative no short-value role (timescale, rag, ref).

Roles are then given out greedily, best score first, each role to one column
at most (``extra`` to any number), a column only when its score reaches
``ASSIGN`` = 0.5. So a header word alone is enough ("Lead"), a
weak word needs content to agree ("Status" over narrative -> progress, over
coloured blanks -> rag; "Target" over dates -> timescale), and content alone
(0.6 at most) names a column only when nearly all its cells agree - the case
of an unlabelled number column or a table printed without a header row.

A table qualifies as an action plan (:func:`qualifies`) when it has an action
column and at least ``min_fields - 1`` (default 2) other plan roles. A header
row must also read as labels: at least two plan roles carry header evidence
of ``LABEL`` = 0.5 or more, and its cells are shorter than the cells under
them (see :func:`council_plans.parsers.columns.headers.header_map`), so a data
row is never taken for a header because the cells under it look right. A table with no header row (:func:`content_map`)
needs stronger content: action and two of lead / timescale / rag / progress,
each with content score >= ``CONTENT_ONLY`` = 0.6 (so a combined score of
at least 0.36).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from council_plans.parsers.columns.content import Cell, content_scores
from council_plans.parsers.columns.lexicon import ROLES, header_scores
from council_plans.parsers.columns.scoring import SCORING

W_HEADER = SCORING.w_header
W_CONTENT = SCORING.w_content
W_CONFIRM = SCORING.w_confirm
ASSIGN = SCORING.assign
LABEL = SCORING.label
CONTENT_ONLY = SCORING.content_only
#: roles whose cells are words; a column of figures cannot hold them
TEXT_ROLES = ("action", "milestone", "lead", "progress", "outcome", "success_measure")
#: roles whose cells are short values; a column of narrative cannot hold them
SHORT_ROLES = ("timescale", "rag", "ref")


@dataclass
class RoleMap:
    """Which column holds which field; ``extra`` columns keep their header text."""

    fields: list[str | None]  # per column: contract field or None
    labels: list[str]  # per column: header text as printed (single-spaced)
    evidence: dict[str, str] = field(default_factory=dict)  # role -> "header"/"content"/"both"
    #: column of status words read as progress, whose RAG comes from fill or a RAG word
    status: int | None = None
    #: quarterly commentary columns: a row's latest filled one is its progress
    quarters: list[int] = field(default_factory=list)

    def role_label(self, k: int) -> str:
        """Column ``k``'s role as shown to users: its field, "progress" for a
        quarterly commentary column (its latest filled quarter is), else "extra"."""
        return self.fields[k] or ("progress" if k in self.quarters else "extra")

    def column_of(self, name: str) -> int | None:
        return self.fields.index(name) if name in self.fields else None

    @property
    def width(self) -> int:
        return len(self.fields)

    @property
    def roles(self) -> set[str]:
        return {f for f in self.fields if f}


def assign(header: list[dict[str, float]], content: list[dict[str, float]],
           threshold: float = ASSIGN) -> tuple[list[str | None], dict[str, str]]:
    """Give each column at most one role, best combined score first."""
    pairs = [(-s, ROLES.index(role), k, role) for k, scores in enumerate(column_scores(header, content))
             for role, s in scores.items() if s >= threshold]
    pairs.sort()
    fields: list[str | None] = [None] * len(header)
    taken: set[int] = set()
    used: set[str] = set()
    evidence: dict[str, str] = {}
    for _, _, k, role in pairs:
        if k in taken or (role in used and role != "extra"):
            continue
        taken.add(k)
        used.add(role)
        if role != "extra":
            fields[k] = role
            hs, cs = header[k].get(role, 0.0), content[k].get(role, 0.0)
            evidence[role] = "both" if hs and cs else ("header" if hs else "content")
    return fields, evidence


def column_scores(header: list[dict[str, float]], content: list[dict[str, float]]) -> list[dict[str, float]]:
    """Per column, the combined score of every role it may hold (see module
    doc: header evidence plus content, after the figure and narrative vetoes)."""
    out = []
    for h, c in zip(header, content):
        scores = {}
        for role in ROLES:
            if c.get("figures") and role in TEXT_ROLES or c.get("narrative") and role in SHORT_ROLES:
                continue
            hs = h.get(role, 0.0)
            s = W_HEADER * hs + (W_CONFIRM if hs else W_CONTENT) * c.get(role, 0.0)
            if s > 0:
                scores[role] = s
        out.append(scores)
    return out


def qualifies(fields: list[str | None], min_fields: int = 3) -> bool:
    """An action column plus at least ``min_fields - 1`` other plan roles."""
    roles = {f for f in fields if f}
    return "action" in roles and len(roles) >= min_fields


def _labels(cells: list[str | None]) -> list[str]:
    return [re.sub(r"\s+", " ", c or "").strip() for c in cells]


def _best(*scores: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for sc in scores:
        for r, s in sc.items():
            out[r] = max(out.get(r, 0.0), s)
    return out


def role_map(cells: list[str | None], columns: list[list[Cell]] | None = None,
             groups: list[str | None] | None = None) -> tuple[RoleMap, int]:
    """Roles for a header row ``cells`` (with the cells under each column, if
    known, and the group names printed over them in a two-row header: a
    column's header evidence is the better of its own label and group name +
    label); also returns how many plan roles the header words alone carry."""
    header = header_evidence(cells, groups)
    content = [content_scores(col) for col in columns] if columns else [{} for _ in cells]
    content += [{}] * (len(cells) - len(content))
    fields, evidence = assign(header, content)
    k = unlabelled_action(cells, fields, columns or [], content)
    if k is not None:
        fields[k], evidence["action"] = "action", "unlabelled"
    return RoleMap(fields, _labels(cells), evidence), labelled_roles(header)


#: an unlabelled column is the action only when its cells average this many words
UNLABELLED_ACTION_WORDS = 4.0


def unlabelled_action(cells: list[str | None], fields: list[str | None], columns: list[list[Cell]],
                      content: list[dict[str, float]]) -> int | None:
    """The column of a header row that prints no label over the actions
    ("ITEM | | BY WHOM | BY WHEN"): when no column reads as the action, the
    unlabelled, unassigned column of the longest text (not figures), if its
    cells average ``UNLABELLED_ACTION_WORDS`` words or more."""
    if "action" in fields:
        return None
    best, best_words = None, UNLABELLED_ACTION_WORDS
    for k, (label, col) in enumerate(zip(cells, columns)):
        if label is None or label.strip() or fields[k] is not None or content[k].get("figures"):
            continue  # None: a cell covered by its neighbour's merged label, not an empty label
        words = [len(t.split()) for t, _ in col if t and t.strip()]
        mean = sum(words) / len(words) if words else 0.0
        if mean >= best_words:
            best, best_words = k, mean
    return best


def header_evidence(cells: list[str | None], groups: list[str | None] | None = None) -> list[dict[str, float]]:
    """Header-word evidence per column: the better of its label's and its
    group name + label's, a role named by the group alone counting
    ``GROUP_DISCOUNT`` less where the label names a role of its own, so that
    the label wins a tie: under "Timescale", "Start" is a start date (extra)
    and "Finish" the timescale."""
    header = [header_scores(c) for c in cells]
    if groups:
        header = [_best(h, _group_scores(h, g, c)) if g else h for h, g, c in zip(header, groups, cells)]
    return header


#: how much less a role counts when only the group name over a labelled column says it
GROUP_DISCOUNT = 0.05


def _group_scores(own: dict[str, float], group: str, label: str | None) -> dict[str, float]:
    scores = header_scores(f"{group} {label or ''}")
    if max(own.values(), default=0.0) < LABEL:
        return scores
    return {r: s if r in own else s - GROUP_DISCOUNT for r, s in scores.items()}


def labelled_roles(header: list[dict[str, float]]) -> int:
    """How many plan roles the header words name with at least ``LABEL``."""
    return len({r for h in header for r, s in h.items() if s >= LABEL and r != "extra"})


def content_map(columns: list[list[Cell]], min_fields: int = 3) -> RoleMap | None:
    """Roles of a table printed without a header row, from content alone."""
    content = [content_scores(col) for col in columns]
    content = [{r: s for r, s in c.items() if s >= CONTENT_ONLY} for c in content]
    fields, evidence = assign([{} for _ in columns], content, threshold=W_CONTENT * CONTENT_ONLY)
    k = first_narrative_action(fields, columns, content)
    if k is not None:
        fields[k], evidence["action"] = "action", "first narrative"
    others = {f for f in fields if f in ("lead", "timescale", "rag", "progress")}
    if "action" not in fields or len(others) < max(2, min_fields - 1):
        return None
    return RoleMap(fields, [f"column {k + 1}" for k in range(len(columns))], evidence)


def describe_shortfall(rm: RoleMap, min_fields: int = 3) -> str:
    """Why a plan-looking table was not read as an action plan (for warnings)."""
    roles = sorted(rm.roles - {"action"})
    if "action" not in rm.roles:
        return f"no column reads as the action (found {', '.join(roles) or 'no plan roles'})"
    return (f"only {len(roles)} plan column(s) besides the action ({', '.join(roles) or 'none'}); "
            f"an action plan needs {min_fields - 1}")


#: short-value roles a headerless row must show beside narrative for that narrative to be its action
HEADERLESS_SHORT_ROLES = ("lead", "timescale", "rag")


def first_narrative_action(fields: list[str | None], columns: list[list[Cell]],
                           content: list[dict[str, float]]) -> int | None:
    """In a table with no header, when no column reads as the action (its
    sentences do not open with verbs: "Missing Children Operational Group to
    ..."), but two short-value columns (owner, date, status) stand to its
    right and every other column has a role: the first column of words
    (averaging ``UNLABELLED_ACTION_WORDS`` words with letters) is the action,
    as a log states what will be done before who and when. A table with
    columns nobody can name (figures, codes) is no action log."""
    short = [k for k, f in enumerate(fields) if f in HEADERLESS_SHORT_ROLES]
    if "action" in fields or len({fields[k] for k in short}) < 2:
        return None
    for k, col in enumerate(columns[:min(short)]):
        if fields[k] not in (None, "progress") or content[k].get("figures"):
            continue
        words = [sum(any(ch.isalpha() for ch in w) for w in t.split()) for t, _ in col if t and t.strip()]
        named = all(f is not None for j, f in enumerate(fields) if j != k)
        if named and words and sum(words) / len(words) >= UNLABELLED_ACTION_WORDS:
            return k
    return None
