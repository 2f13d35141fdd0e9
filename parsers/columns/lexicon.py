"""Header-text evidence for column roles: how strongly a header's words say
"this column is the lead / the timescale / the action ...".

A header cell is normalised first (:func:`normalise`): lower case, single
spaces, trailing "?:.*" dropped, "(s)" plurals folded, a word broken by a
hyphen at a line end joined, and - for words wrapped mid-word without a
hyphen ("Timescal e", "Respon sible") - its space-free form is tried when
the header as printed matches nothing. Then three tiers:

=====  ========  ============================================================
tier   score     what matches
=====  ========  ============================================================
1      1.0       the whole header is one of the known wordings
                 (:data:`EXACT`); nothing else is scored for that header
2      0.75-0.8  a distinctive phrase or stem of the role anywhere in the
                 header (:data:`PHRASES`: "led by", "committed to", "finish",
                 "owner"); 0.05 less the later it starts, so the first-named
                 stem wins ("Progress against milestones" is progress)
3      0.3-0.6   a weak or shared word (:data:`WEAK`) for roles tier 2 did not
                 name: "status" is 0.6 rag and 0.55 progress, "target" 0.4
                 timescale and 0.3 measure, so the column's content decides
=====  ========  ============================================================

Role ``extra`` is scored too (resources, costs, start dates, notes), so that a
"Start date" column does not drift into ``timescale`` on content alone.
Stems, not whole words, are matched so that new wordings ("Responsible
Manager", "Accountable body", "Key deliverables") work without listing each.
"""
from __future__ import annotations

import re
from functools import lru_cache

ROLES = ("ref", "action", "milestone", "timescale", "lead", "progress", "rag",
         "success_measure", "outcome", "extra")

#: tier 1: whole known wordings, in order; the first pattern that matches wins,
#: so specific wordings ("Action number", "Status update") come before the
#: general ones ("Action", "Status")
_PATTERNS: list[tuple[str, str]] = [
    ("ref", r"^(ref|ref no|reference|ref number|no|number|item|item no|action (no|number|ref|reference)|"
            r"rec(ommendation)? (no|number|ref)|id|#)$"),
    ("lead", r"^(action owner|owner|owned by|lead|leads|lead officers?|lead\(s\)|lead officer\(s\)|"
             r"lead person|lead manager|lead role|responsible( officers?| person| lead| manager)?|"
             r"who is responsible|who|accountable( officer| lead)?|by whom|lead responsibility)$"),
    ("progress", r"^(progress( to date| update| made| report| and impact| comments?| so far)?|"
                 r"update|updates|latest update|status update|current (status|position|progress)|"
                 r"comments?|commentary|performance.*|position statement|evidence of progress|"
                 r"progress/evidence|impact to date|evidence and impact|impact and evidence|impact (so far|achieved)|(status|position) (at|as at|as of) .*)$"),
    ("rag", r"^(rag|rag rating|rag status|rag rated|rating|rag\s*\(.*\)|overall rag|"
            r"b?rag)$"),
    ("milestone", r"^(key )?milestones?( and key tasks)?$|^key tasks$|^interim milestones$"),
    ("timescale", r"^(timescales?|time ?frame|timeline|date due|due date|due|by when|when|"
                  r"deadline|target date|target completion date|completion date|date|"
                  r"target timescale|by date|end date|implementation date)$"),
    ("success_measure", r"^(success measures?|measures? of success|success criteria|"
                        r"how will we (know|measure).*|what success looks like|"
                        r"measurable outcomes?|evidence of impact|impact measures?|kpis?)$"),
    ("outcome", r"^((expected |intended |desired )?outcomes?|what difference will it make.*)$"),
    ("action", r"^((key |specific |improvement |planned |agreed )?actions?( required| to be taken|"
               r" planned)?|tasks?|what (we will|will we|are we going to) do|"
               r"what needs to happen|activity|activities|action description)$"),
]
EXACT = [(f, re.compile(rx)) for f, rx in _PATTERNS]

#: tier 2: distinctive stems and phrases, searched anywhere in the header
PHRASES: dict[str, str] = {
    "ref": r"^(ref\b|reference|no\b|number\b|item no|#|id\b)|\b(action|rec\w*|item) (no|number|ref)\b"
           r"|\bnumber$",
    "action": r"^(key |priority |improvement |planned |agreed |specific |proposed )?(actions?|tasks?)\b"
              r"(?! (owner|lead|no|number|ref|by|date))|commit|deliverable|\bwhat (we|will|are|needs|is)\b"
              r"|\bintervention|recommendation|area(s)? (for|of) (improvement|development)|^activit"
              r"|^objectives?$|\binitiative|^focus\b|^steps?\b|^how (we|will)\b|^implementation\b|^description of action"
              r"|^workstream|^project\b",
    "milestone": r"milestone|^key (tasks|steps)$|^interim\b",
    "timescale": r"timescale|time ?frame|timeline|deadline|\bdue\b|by when|^when\b|\bfinish|\bend date"
                 r"|completion|complete by|target date|^date\b|(?<!start )\bdates?$|\bby date|^time$|^q[1-4]\b|^quarter"
                 r"|^(19|20)\d\d|^\d\d/\d\d$",
    "lead": r"\blead\b|\bleads\b|led by|owner|owned by|responsib|accountab|^who\b|by whom|officer"
            r"|actioned by|\bsponsor|\bcontact\b|champion|manager$|^person",
    "progress": r"progress|update|\boutstanding\b|commentary|comments?\b|^position\b|position (at|as at|statement)"
                r"|^current (status|position)|status (at|as at|as of)\b|^review (and|&) impact|impact to date|what has been"
                r"|achieved to date|^notes? on progress",
    "rag": r"\brag\b|\bb?rag\b|rag rating|^rating$|^colour",
    "success_measure": r"success|measures?\b|\bkpis?\b|evidence of impact|^evidence\b|how will we (know|measure)"
                       r"|\bcriteria|performance indicator|^impact measure|^indicators? of success",
    "outcome": r"outcome|\bintent(ion)?s?\b|^objectives?$|^(strategic )?aims?$|^goals?$|difference will it make|^intended result"
               r"|^(desired|expected) (result|impact)|^purpose$",
    "extra": r"^resource|^method|^approach\b|cost|budget|funding|^start\b|start date|date (raised|opened|added)|^notes?$"
             r"|^current (good )?practice|^risk|^dependenc|^links? to|^finance",
}

#: tier 3: weak or shared words, role -> (pattern, score)
WEAK: dict[str, tuple[str, float]] = {
    "rag": (r"\bstatus\b", 0.6),
    "progress": (r"\bstatus\b|\breview\b|\bimpact\b|\bnotes?\b|^q[1-4]\b|^quarter", 0.55),
    "timescale": (r"\btarget\b|\bwhen\b|\bdate\b|\bterm\b|\b(19|20)\d\d", 0.4),
    "success_measure": (r"\btarget\b|\bimpact\b|\bindicator", 0.3),
    "action": (r"\bobjectives?\b|\bpriorit|\bwhat\b|\bplan\b|\bdescription\b|\bactivity", 0.45),
    "outcome": (r"\bpriorit|\bobjective|\baim\b|\bintent\b", 0.45),
    "lead": (r"\bteam\b|\bdept\b|\bdepartment\b|\bservice\b|\bby$", 0.45),
}

_COMPILED = {r: re.compile(rx) for r, rx in PHRASES.items()}
_WEAK = {r: (re.compile(rx), w) for r, (rx, w) in WEAK.items()}


def normalise(text: str | None) -> str:
    """Lower-case, single-spaced, without trailing punctuation or "(s)"."""
    t = re.sub(r"\s+", " ", (text or "")).strip().lower()
    t = re.sub(r"(?<=[a-z])- (?=[a-z])", "", t)  # "Time- scale" wrapped in its cell
    t = t.replace("’", "'").rstrip("?:.*").strip()
    t = re.sub(r"\s*\(s\)", "s", t) if t.endswith("(s)") and not t.startswith("lead") else t
    return t.strip()


def _forms(t: str) -> list[str]:
    """The header, its part before a colon ("Performance: is the action
    making a difference?"), and - tried last - its space-free form, for
    words broken mid-way by a narrow cell ("Timescal e", "Respon sible")."""
    forms = [t]
    head = t.split(":")[0].strip()
    if head and head != t:
        forms.append(head)
    if " " in t:
        forms.append(t.replace(" ", ""))
    return forms


@lru_cache(maxsize=8192)
def header_scores(text: str | None) -> dict[str, float]:
    """Role -> header evidence in [0, 1] for one header cell (see module doc).
    Cached: the same header text recurs on every page of a long plan. The
    returned dict is shared; callers must not change it."""
    t = normalise(text)
    if not t or len(t) > 120:
        return {}
    out: dict[str, float] = {}
    for form in _forms(t):
        for role, rx in EXACT:
            if rx.search(form):
                return {role: 1.0}
        for role, rx in _COMPILED.items():
            m = rx.search(form)
            if m:  # the stem named first is the head: "Progress against milestones"
                out[role] = max(out.get(role, 0.0), 0.8 - 0.05 * m.start() / len(form))
        if out:
            break
    for role, (rx, w) in _WEAK.items():
        if role not in out and rx.search(t):
            out[role] = w
    return out
