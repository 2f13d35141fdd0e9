"""Section themes and lead role levels (parsers.values.taxonomy) on wording
printed in council plans, and the register codes the comparison views carry."""
from __future__ import annotations

import pytest

from council_plans.parsers.values.taxonomy import ROLE_LEVELS, THEMES, role_level, section_theme


@pytest.mark.parametrize("section, theme", [
    ("THEME 1: SCRUTINY, OVERSIGHT AND ADVOCACY", "leadership"),
    ("THEME 2: QUALITY AND EFFECTIVENESS OF FRONT LINE PRACTICE", "leadership"),
    ("THEME 3: PERMANENCE AND STABILITY", "children_in_care"),
    ("Children in Need of Help and Protection", "help_and_protection"),
    ("CHILDREN IN NEED / CHILD PROTECTION", "help_and_protection"),
    ("Early Help", "help_and_protection"),
    ("Looked After Children", "children_in_care"),
    ("Adoption", "children_in_care"),
    ("Care Leavers", "care_leavers"),
    ("Children in care and care leavers", "children_in_care"),
    ("Workforce", "leadership"),
    ("Priority 3: Identifying and assessing SEND needs in a timely way", "send_identification"),
    ("Improving the timeliness and quality of EHC plans", "send_identification"),
    ("SEND: Preparing for adulthood", "send_outcomes"),
    ("Joint commissioning for children with special educational needs", "send_support"),
    ("Youth Offending Team", "other"),
    (None, "other"),
])
def test_printed_sections_map_to_inspection_areas(section, theme):
    assert section_theme(section) == theme
    assert theme in THEMES


@pytest.mark.parametrize("lead, level", [
    ("Director of Children's Services", "director"),
    ("DCS", "director"),
    ("Assistant Director, Safeguarding", "assistant_director"),
    ("AD Early Help", "assistant_director"),
    ("Assistant Director Safeguarding / Director of Children's Services", "director"),
    ("Head of Service - Children in Care", "head_of_service"),
    ("HoS CIN/CP", "head_of_service"),
    ("Principal Social Worker", "head_of_service"),
    ("Team Manager, Fostering", "manager"),
    ("Missing Children Coordinator", "manager"),
    ("West Mercia Police", "partner_body"),
    ("CAMHS / Health partners", "partner_body"),
    ("Improvement Board", "board"),
    ("Safeguarding Partnership Board", "board"),
    ("Sally Nash", None),
    (None, None),
])
def test_printed_leads_map_to_role_levels(lead, level):
    assert role_level(lead) == level
    assert level is None or level in ROLE_LEVELS
