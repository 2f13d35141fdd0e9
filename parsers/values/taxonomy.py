"""Labels that make plans of different councils comparable: a theme for each
printed section, a role level for each printed lead. Pure functions; the
printed text is always kept beside the label (``section.name`` /
``section.theme``, ``milestone.lead_raw`` / ``milestone.lead_role``).

Themes (README: Comparing versions) follow the judgement areas of Ofsted's
inspections of local authority children's services (ILACS) and the areas of
the joint area SEND inspection framework:

============================  ==================================================
``leadership``                impact of leaders on social work practice
                              (governance, workforce, quality assurance, practice)
``help_and_protection``       children who need help and protection (early help,
                              front door, child protection, exploitation, missing)
``children_in_care``          children in care (placements, permanence, fostering,
                              adoption, corporate parenting)
``care_leavers``              care leavers
``send_identification``       SEND: needs identified and assessed (EHC plans)
``send_support``              SEND: the right help at the right time
``send_outcomes``             SEND: preparation for adulthood and next steps
``other``                     anything else (or no section printed)
============================  ==================================================

Rules are ordered keyword patterns on the section text; the first family that
matches wins (SEND first, so "assessment" in a SEND section is not child
protection; children in care before care leavers, as ILACS before 2023 judged
them together).

Role levels, most senior first: ``director``, ``assistant_director``,
``head_of_service``, ``manager``, then ``partner_body`` and ``board`` when no
council officer is named; ``None`` when the cell names only people.
"""
from __future__ import annotations

import re

THEMES = ("leadership", "help_and_protection", "children_in_care", "care_leavers",
          "send_identification", "send_support", "send_outcomes", "other")
ROLE_LEVELS = ("director", "assistant_director", "head_of_service", "manager",
               "partner_body", "board")


def _rx(*words: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")", re.I)


_SEND = _rx(r"send\b", "special educational", r"ehc", "disabilit", r"sen\b")
_SEND_PARTS = [
    ("send_identification", _rx("identif", "assess", r"ehc ?plans?\b", "ehcp", "timel")),
    ("send_outcomes", _rx("adulthood", "transition", "outcome", "next steps", "employment",
                          "independen")),
]
_THEME_RULES = [
    ("children_in_care", _rx("children in care", "looked after", r"lac\b", r"cla\b",
                             "corporate parent", "permanen", "foster", "adopt", "placement",
                             "sufficiency", "stability", "stable homes", "children we care for")),
    ("care_leavers", _rx("care leaver", "leaving care", "care experienced", "pathway plan")),
    ("help_and_protection", _rx("help and protection", "protection", "safeguard", "early help",
                                "front door", "mash", "child(?:ren)? in need", r"cin\b",
                                "exploitation", r"cse\b", "missing", "domestic", "threshold",
                                "neglect", "edge of care", "contact")),
    ("leadership", _rx("leader", "management", "governance", "workforce", "quality",
                       "performance", "practice", "scrutiny", "oversight", "strateg",
                       "recruit", "supervision", "training", "partnership")),
]


def section_theme(section: str | None) -> str:
    """Theme code of a printed section or theme heading (see module doc)."""
    text = section or ""
    if _SEND.search(text):
        return next((code for code, rx in _SEND_PARTS if rx.search(text)), "send_support")
    return next((code for code, rx in _THEME_RULES if rx.search(text)), "other")


_ASSISTANT = _rx("assistant director", "deputy director", r"ad\s+(?:for|of)\b",
                 r"interim assistant director")
_ROLE_RULES = [
    ("director", _rx(r"director", r"dcs\b", "chief executive", r"ceo\b")),
    ("head_of_service", _rx("head of", "heads of", r"hos\b", "hofs", "principal social worker",
                            r"psw\b", "virtual school head")),
    ("manager", _rx("manager", "team leader", "coordinator", "co-ordinator", r"lead\b",
                    r"leads\b", "officer", "practitioner", "adviser", "advisor")),
    ("board", _rx("board", "panel", "committee", r"lscb\b", r"lscp\b",
                  "safeguarding partnership")),
    ("partner_body", _rx("police", r"nhs\b", "health", r"icb\b", r"ccg\b", "camhs", "school",
                         "partners", "probation", "college", "constabulary", "trust")),
]


def role_level(lead: str | None) -> str | None:
    """Most senior role level named in a printed lead cell (see module doc)."""
    if not lead:
        return None
    if _ASSISTANT.search(lead) or re.search(r"\bAD\b", lead):
        rest = _ASSISTANT.sub(" ", lead)
        if not _ROLE_RULES[0][1].search(rest):
            return "assistant_director"
        return "director"
    return next((level for level, rx in _ROLE_RULES if rx.search(lead)), None)
