"""The scripted history of the two sample plan series (``samples/series.py``).

Each series starts from a list of actions and applies one list of changes per
later version. Every change is recorded, so the generator knows the truth:
which action of each version continues which action of the previous one, and
which RAG moves, slipped dates, rewordings, renumberings, drops, additions and
splits happened. Texts are condensed from published council plans.
"""
from __future__ import annotations

from typing import Any

#: (key, section, ref, action, lead, due, rag); due is printed as written here
WOLVES_START = [
    ("A01", 1, "1.1", "Establish a stable workforce and reduce reliance on agency social workers.",
     "Head of Workforce", "March 2025", "amber"),
    ("A02", 1, "1.2", "Agree and implement a common practice framework across children's services.",
     "Principal Social Worker", "October 2024", "green"),
    ("A03", 1, "1.3", "Review and refresh the supervision policy, including a protocol template.",
     "Service Manager, Quality Assurance", "September 2024", "red"),
    ("A04", 1, "1.4", "Develop a single quality assurance framework which improves practice "
     "standards across children's services.", "Head of Quality Assurance", "December 2024", "amber"),
    ("A05", 2, "2.1", "Improve the timeliness of initial child protection conferences.",
     "Head of Safeguarding", "November 2024", "red"),
    ("A06", 2, "2.2", "Review all child protection plans open for more than 18 months to ensure "
     "drift and delay are addressed.", "Head of Safeguarding", "November 2024", "amber"),
    ("A07", 2, "2.3", "Review and revise the domestic abuse multi-agency screening process, and "
     "deliver refresher training on the revised screening process to all front door staff.",
     "Head of Front Door Services", "January 2025", "amber"),
    ("A08", 2, "2.4", "Embed the use of practice tools in relation to child sexual exploitation.",
     "Exploitation Team Manager", "December 2024", "green"),
    ("A09", 3, "3.1", "Re-launch the placement stability panel to support placements at an early "
     "point.", "Head of Children in Care", "August 2024", "green"),
    ("A10", 3, "3.2", "Improve the quality and timeliness of pathway plans and statutory visits to "
     "care leavers.", "Leaving Care Team Manager", "October 2024", "amber"),
    ("A11", 3, "3.3", "Recruit forever families and long term foster carers to improve the "
     "fostering resource.", "Fostering Service Manager", "March 2025", "green"),
    ("A12", 3, "3.4", "Review return home interview quality controls, focussing on timeliness and "
     "the quality of information shared.", "Missing Children Coordinator", "December 2024",
     "amber"),
]

WOLVES_SECTIONS = {1: "Leadership and management", 2: "Help and protection",
                   3: "Children in care and care leavers"}

#: per later version: list of (op, key, value...) changes
WOLVES_CHANGES: list[list[tuple]] = [
    [  # Q2
        ("rag", "A01", "green"), ("rag", "A05", "amber"), ("rag", "A09", "blue"),
        ("rag", "A12", "red"),
        ("due", "A03", "December 2024"), ("due", "A10", "January 2025"),
        ("text", "A04", "Implement one quality assurance framework, informed by audit and the "
         "voice of children, so that practice standards improve in every team."),
        ("new", "A13", 1, "1.5", "Introduce a management development programme for all team "
         "managers and senior practitioners.", "Head of Workforce", "June 2025", "amber", "A04"),
        ("new", "A14", 2, "2.5", "Review all child in need plans open for more than 6 months to "
         "ensure drift and delay are addressed.", "Head of Early Help", "February 2025",
         "amber", "A08"),
    ],
    [  # Q3
        ("drop", "A08"), ("ref", "A14", "2.4"),
        ("split", "A07", "Review and revise the domestic abuse multi-agency screening process.",
         "A15", "2.5", "Deliver refresher training on the revised screening process to all "
         "front door staff.", "Front Door Training Lead", "March 2025", "amber"),
        ("rag", "A02", "amber"), ("rag", "A12", "amber"), ("rag", "A05", "green"),
        ("due", "A12", "March 2025"), ("due", "A06", "February 2025"),
    ],
    [  # Q4
        ("drop", "A09"), ("ref", "A10", "3.1"), ("ref", "A11", "3.2"), ("ref", "A12", "3.3"),
        ("text", "A11", "Recruit forever families and long term foster carers to increase the "
         "fostering resource."),
        ("new", "A16", 3, "3.4", "Increase day support to 24/7 for care leavers up to the age of "
         "25 who become homeless.", "Leaving Care Team Manager", "September 2025", "red", "A12"),
        ("rag", "A13", "green"), ("rag", "A03", "amber"), ("rag", "A14", "green"),
        ("rag", "A01", "blue"),
        ("due", "A03", "March 2025"),
        # reworded and renumbered in one version
        ("text", "A05", "Make sure initial child protection conferences are held within "
         "timescales."), ("ref", "A05", "2.6"),
    ],
]

TELFORD_START = [
    ("B01", 1, None, "Ensure that young people get swift access to appropriate education "
     "provision and reduce delay between placements.", "Virtual School Head", "December 2024",
     "amber"),
    ("B02", 1, None, "Improve the offer for carers in response to the Children and Families Act.",
     "Carers Lead", "November 2024", "amber"),
    ("B03", 1, None, "Increase business support capacity in the Independent Safeguarding and "
     "Quality Service.", "Business Support Manager", "October 2024", "red"),
    ("B04", 1, None, "Raise awareness of the Independent Visitor Service with children in care "
     "and their carers.", "Children's Rights Officer", "September 2024", "green"),
    ("B05", 2, None, "Recruit an additional Consultant Social Worker within Family Connect.",
     "Family Connect Manager", "October 2024", "amber"),
    ("B06", 2, None, "Review special guardianship arrangements to ensure children have the "
     "security and support they need.", "Permanence Manager", "January 2025", "green"),
    ("B07", 2, None, "Complete the move of the contact service into a family friendly building.",
     "Contact Service Manager", "December 2024", "amber"),
    ("B08", 2, None, "Evaluate the effectiveness of current pods and agree actions to ensure they "
     "are used consistently.", "Head of Service, Early Help", "February 2025", "green"),
]

TELFORD_SECTIONS = {1: "Priority 1: Stable homes and education",
                    2: "Priority 2: Help and protection"}

TELFORD_CHANGES: list[list[tuple]] = [
    [  # November
        ("rag", "B02", "green"), ("rag", "B03", "amber"), ("rag", "B04", "blue"),
        ("due", "B05", "January 2025"),
        ("text", "B06", "Review special guardianship arrangements to make sure children have the "
         "security and support they need."),
        ("new", "B09", 2, None, "Increase capacity of the Conference and Reviewing Team by one "
         "full time Independent Reviewing Officer.", "Head of Safeguarding", "April 2025",
         "amber", "B08"),
    ],
    [  # March
        ("drop", "B07"), ("due", "B08", "May 2025"), ("rag", "B01", "red"),
        ("rag", "B09", "green"),
        # split without refs: the first part continues, the second is new
        ("split", "B01", "Ensure that young people get swift access to appropriate education "
         "provision.", "B10", None, "Reduce delay between placements.", "Placements Manager",
         "June 2025", "amber"),
    ],
]

PROGRESS_NOTES = [
    "Work has started and a project group meets monthly.",
    "Actions agreed at the improvement board; delivery is being tracked weekly.",
    "Dip sampling shows improvement in most teams; further audit planned.",
    "Recruitment campaign launched and first appointments made.",
    "Policy drafted and consulted on with practitioners and partners.",
    "Performance reported to the improvement board each month.",
]


def new_action(key: str, section: int, ref: str | None, text: str, lead: str, due: str,
               rag: str) -> dict[str, Any]:
    """One action's state in a version (``parents``: the keys it continues)."""
    return {"key": key, "section": section, "ref": ref, "action": text, "lead": lead,
            "timescale": due, "rag": rag, "parents": []}
