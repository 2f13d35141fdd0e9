"""parsers.metadata: page texts -> DocumentInfo; parsers.metadata.authorities: council names.

Authorities come only from the register of UK local authorities (or the
caller): the Kent agenda excerpt used to end mid-line ("Kent County Council
Integrated C") and still gave Kent because any "X Council" counted; it now
carries the rest of that printed line ("... (KCC ICS) Delivery Plan"), as one
passing mention is no longer enough.

Page texts are short excerpts of the opening pages of real council papers
(copied here; the tests read no files): Wolverhampton's 2016/17 improvement
plan, two Wolverhampton scrutiny agenda packs (2017, 2022), an agenda pack
carrying the 2017-18 plan update (2018), Telford & Wrekin's 2016-17 plan as
an appendix to a 2018 scrutiny committee, and a Kent cabinet agenda.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from council_plans.parsers.metadata.authorities import council_names
from council_plans.parsers.metadata.detect import canonical_authority, detect_document_info
from council_plans.parsers.metadata.lines import lines_from_text
from council_plans.parsers.metadata.text import running_cells
from council_plans.parsers.metadata.register import all_records

WOLVERHAMPTON_PLAN = [
    """City of Wolverhampton Council
Wolverhampton Children's
Services

Improvement Plan 2016/17

Author of Document: Sara Roach

Version: 12

Updated by: Sara Roach
Date: 22nd August 2016
Authorised by: Emma Bennett
Date Authorised: 31st August 2016

Review Date:

CITY OF WOLVERHAMPTON C O U N C I L

wolverhampton.gov.uk""",
    """CONTENTS

Introduction from the Strategic Director

Section 1: Governance and Context

Section 2: Performance Management

Section 3: Behaviours and Guiding Principles

Section 4: Action Plan""",
]

SCRUTINY_PACK_2022 = [
    """

**Strong Families, Children, and Young
People Scrutiny Panel Meeting**
Wednesday, 13 July 2022

Dear Councillor

**STRONG FAMILIES, CHILDREN, AND YOUNG PEOPLE SCRUTINY PANEL - WEDNESDAY,
13TH JULY, 2022**

I am now able to enclose, for consideration at next Wednesday, 13th July, 2022 meeting of the \
Strong Families, Children, and Young People Scrutiny Panel, the following reports that were \
unavailable when the agenda was printed.""",
    """CITY OF WOLVERHAMPTON COUNCIL\tAgenda Item No: 7 Strong Families, Children, and Young \
People Scrutiny Panel 13 July 2022
--\t--

Report title\tChildren's Service Self-Evaluation 2022-2023\t
Cabinet member with lead responsibility\tCouncillor Beverley Momenabadi\t
Wards affected\tAll\t
Accountable Director\tEmma Bennett\t""",
]

SCRUTINY_PACK_2017 = [
    """CITY OF WOLVERHAMPTON COUNCIL

Children, Young People and Families Scrutiny Panel

Cllr Malcolm Gwinnett

14 June 2017

Time 6.00 pm Public Meeting? YES Type of meeting Scrutiny

Venue Committee Room 3 - Civic Centre, St Peter's Square, Wolverhampton WV1 1SH""",
    """Agenda Item No: 5

CITY OF WOLVERHAMPTON COUNCIL

Children, Young People and Families Scrutiny Panel

14 June 2017

Report title Children and Young People Service Plan and

Priorities for 2017-2018

Cabinet member with lead

responsibility

Councillor Val Gibson""",
]

PLAN_UPDATE_PACK_2018 = [
    """ Information for the Public
If you have any queries about this meeting, please contact the Democratic Services team:

Contact Earl Piggott-Smith""",
    """ Agenda
Part 1 – items open to the press and public
5 Children, Young People and Families Scrutiny Panel - draft work programme
(Pages 7 - 10)
6 Children and Young People's Improvement Plan: 2017-2018 (Pages 11 - 120)
[Emma Bennett, Director for Children's Services,to present report]""",
    """ Minutes

Children,Young People and
Families Scrutiny Panel
Minutes - 11 April 2018

Attendance

Members of the Children,Young People and Families Scrutiny Panel""",
    """ Early Help Strategy
2018-2022

Denise
Williams -
Head of
Service Early

 Children’s Trust Board
14.11.2018  Wolverhampton""",
    """ Children, Young People and
Families Scrutiny Panel
20 June 2018

Report title Children and Young People Service
Improvement Plan: 2017-2018 - Update on
Progress and 2018-2019 Improvement Plan

Referring body City of Wolverhampton Council
Councillor to present
report""",
]

TELFORD_APPENDIX = [
    """



“Getting to Good”
Children and Family Services
Improvement Plan
2016 – 17
December 2016
V1.4

Updated with progress at end March 2018

Introduction

This improvement plan was developed in response to the recommendations from the Ofsted single \
inspection of services for children in need of help and protection.

Children’s services in Telford and Wrekin require improvement to be good""",
    """SCRUTINY COMMITTEE 16 MAY 2018 APPENDIX 1

The inspection provided us with valuable learning, and has confirmed out areas of strength.""",
    """SCRUTINY COMMITTEE 16 MAY 2018 APPENDIX 1

The improvement plan will be led by the DCAS and Assistant Directors and monitored quarterly \
by Senior Leadership Team.""",
]

KENT_CABINET_AGENDA = [
    """AGENDA
CABINET
Thursday, 30th January, 2025, at 10.00 am Ask for: Georgina Little
Council Chamber, Sessions House, Telephone: Tel: 03000 414043
County Hall, Maidstone Email:
UNRESTRICTED ITEMS
1. Apologies
8. 24/00115 - Kent County Council Integrated Care Strategy (KCC ICS) Delivery Plan""",
]


def test_a_plan_cover_gives_authority_title_period_version_and_version_date():
    info = detect_document_info(WOLVERHAMPTON_PLAN)
    assert info.authority == "City of Wolverhampton Council"
    assert info.title == "Wolverhampton Children's Services Improvement Plan 2016/17"
    assert info.plan_title == info.title
    assert (info.period, info.period_start, info.period_end) == (
        "2016/17", "2016-04-01", "2017-03-31")
    assert info.version == "12"
    assert info.as_at == "2016-08-22"  # "Date:", not "Date Authorised:"
    assert (info.committee, info.meeting_date) == (None, None)


def test_a_report_title_field_names_the_document_and_its_period():
    info = detect_document_info(SCRUTINY_PACK_2022)
    assert info.title == "Children's Service Self-Evaluation 2022-2023"
    assert info.period == "2022/23"
    assert info.plan_title is None  # a self-evaluation is not a plan
    assert info.committee == "Strong Families, Children, and Young People Scrutiny Panel"
    assert info.meeting_date == "2022-07-13"
    assert info.authority == "City of Wolverhampton Council"


def test_an_agenda_cover_gives_committee_and_meeting_date():
    info = detect_document_info(SCRUTINY_PACK_2017)
    assert info.committee == "Children, Young People and Families Scrutiny Panel"
    assert info.meeting_date == "2017-06-14"
    assert info.title == "Children and Young People Service Plan and Priorities for 2017-2018"
    assert info.plan_title == "Children and Young People Service Plan"
    assert info.period == "2017/18"
    assert info.as_at is None


def test_in_an_agenda_pack_minutes_dates_and_other_boards_do_not_set_the_meeting():
    info = detect_document_info(PLAN_UPDATE_PACK_2018)
    assert info.committee == "Children, Young People and Families Scrutiny Panel"
    assert info.meeting_date == "2018-06-20"  # not the minutes' 11 April, not 14.11.2018
    assert info.authority == "City of Wolverhampton Council"
    assert info.plan_title == "Children and Young People Service Improvement Plan: 2017-2018"
    assert info.period == "2017/18"


def test_a_running_header_names_the_committee_and_progress_date_is_as_at():
    info = detect_document_info(TELFORD_APPENDIX, running=["SCRUTINY COMMITTEE 16 MAY 2018\tAPPENDIX 1"])
    assert info.committee == "Scrutiny Committee"
    assert info.meeting_date == "2018-05-16"
    assert info.title == ("“Getting to Good” Children and Family Services Improvement Plan "
                          "2016 – 17")
    assert (info.period, info.period_end) == ("2016/17", "2017-03-31")
    assert info.version == "1.4"
    assert info.as_at == "2018-03-31"


def test_a_committee_named_without_a_date_counts_only_when_it_runs_in_the_page_margins():
    pages = ["Improvement Plan 2017/18\nIntroduction",
             "Children and Families Scrutiny Panel\nThe plan is monitored quarterly.",
             "Children and Families Scrutiny Panel\nThe plan is reviewed yearly."]
    assert detect_document_info(pages).committee is None
    running = ["Children and Families Scrutiny Panel", "Page 2"]
    assert detect_document_info(pages, running=running).committee == "Children and Families Scrutiny Panel"


def test_the_running_cells_leave_out_page_furniture_too_short_to_name_anything():
    assert running_cells(lines_from_text("Cabinet Report\t3\n- 12 -\nii\nPage")) == ["Cabinet Report"]


def test_a_place_mentioned_in_prose_is_not_taken_as_the_council():
    assert detect_document_info(TELFORD_APPENDIX).authority is None


def test_a_capitalised_committee_and_comma_date_are_read():
    info = detect_document_info(KENT_CABINET_AGENDA)
    assert (info.committee, info.meeting_date) == ("Cabinet", "2025-01-30")
    assert info.authority == "Kent County Council"


def test_a_meeting_date_printed_as_date_label_is_not_taken_as_the_progress_date():
    info = detect_document_info(["Children, Young People and Families Scrutiny Panel\n"
                                 "Date: 14 June 2017\nVenue: Committee Room 3"])
    assert info.meeting_date == "2017-06-14"
    assert info.as_at is None


def test_an_explicit_progress_date_beats_the_cover_date():
    info = detect_document_info(["Improvement Plan 2017/18\nDate: 1 May 2017\n"
                                 "Progress as at 30 September 2017"])
    assert info.as_at == "2017-09-30"


def test_a_plan_inside_an_agenda_pack_is_titled_by_the_plan_not_the_agenda():
    pages = ["Children, Young People and Families Scrutiny Panel\nDate: 14 June 2017\n"
             "Agenda\n1 Apologies\n4 Improvement Plan update [Director to present report]\n"
             "901\negaP",
             "Children and Young People's Improvement Plan\n2017-18\n"
             "Social workers, young people's advisors, family support workers and mentors "
             "facilitate excellent joint working arrangements to support young people."]
    info = detect_document_info(pages)
    assert info.title == "Children and Young People's Improvement Plan 2017-18"
    assert info.period == "2017/18"


def test_no_pages_give_an_empty_description():
    assert detect_document_info([]).to_dict() == {k: None for k in detect_document_info([""])
                                                  .to_dict()}


@pytest.mark.parametrize("spelling", [
    "Wolverhampton", "City of Wolverhampton Council", "Wolverhampton City Council",
    "CITY OF WOLVERHAMPTON COUNCIL", "CITY OF WOLVERHAMPTON C O U N C I L",
    "the City of Wolverhampton Council", "city of wolverhampton",
])
def test_every_spelling_of_wolverhampton_is_one_canonical_authority(spelling):
    assert canonical_authority(spelling) == "City of Wolverhampton Council"


def test_and_and_ampersand_spellings_share_an_alias():
    assert canonical_authority("TELFORD AND WREKIN COUNCIL") == "Telford & Wrekin Council"
    assert canonical_authority("Telford & Wrekin") == "Telford & Wrekin Council"


def test_every_official_name_in_the_register_is_its_own_canonical_spelling():
    names = [r.official_name for r in all_records()]
    assert names and all(canonical_authority(name) == name for name in names)


@pytest.mark.parametrize(("name", "canonical"), [
    ("BURTON-CUM-WALDEN PARISH COUNCIL", "Burton-cum-Walden Parish Council"),
    ("north east lincolnshire council", "North East Lincolnshire Council"),
    ("Sandwell MBC", "Sandwell Metropolitan Borough Council"),
    ("Tunbridge Wells B.C.", "Tunbridge Wells Borough Council"),
    ("ROYAL BOROUGH OF KENSINGTON AND CHELSEA", "Royal Borough of Kensington and Chelsea"),
    ("  London   Borough of Camden. ", "London Borough of Camden"),
])
def test_councils_are_spelled_as_the_register_or_else_title_cased(name, canonical):
    assert canonical_authority(name) == canonical


@pytest.mark.parametrize(("line", "names"), [
    ("Referring body City of Wolverhampton Council", ["City of Wolverhampton Council"]),
    ("KENT COUNTY COUNCIL", ["Kent County Council"]),
    ("Inspection of London Borough of Camden children's services", ["London Borough of Camden"]),
    ("Harnaik Singh Khun-Khun Wolverhampton Youth Council", []),
    ("Ask for: Georgina Little Council Chamber, Sessions House", []),
    ("Wolverhampton City Council and KCC",
     ["City of Wolverhampton Council", "Kent County Council"]),
    ("Participation with our Children in Care Council", []),
    ("the Council is experiencing severe financial pressures", []),
    ("Dear Councillor", []),
    ("Sandwell Metropolitan Borough Council", ["Sandwell Metropolitan Borough Council"]),
])
def test_council_names_are_found_only_where_a_council_is_named(line, names):
    assert council_names(line) == names


def test_spellings_of_one_place_are_pooled_and_the_fullest_kept():
    pages = ["Inspection of looked after children\nSandwell Metropolitan Borough Council\n"
             "Sandwell Council Inspection of looked after children services 1",
             "Contents\nSandwell Council Inspection of looked after children services 2"]
    assert detect_document_info(pages).authority == "Sandwell Metropolitan Borough Council"


@given(st.lists(st.text(), max_size=4))
@settings(max_examples=200, deadline=None)
def test_any_page_texts_give_a_description_without_raising(pages):
    info = detect_document_info(pages)
    assert info.period is None or info.period_start < info.period_end


# --- authorities come from the register, never from other words before "Council" ---

KENT_AGENDA_HEAD = """AGENDA
CABINET
Thursday, 30th January, 2025, at 10.00 am\tAsk for:\tGeorgina Little
Council\tChamber,\tSessions\tHouse,\tTelephone:\tTel: 03000 414043
County Hall, Maidstone\tEmail:
UNRESTRICTED ITEMS
1.\tApologies
2.\tDeclarations of Interest"""


def test_a_persons_name_before_council_chamber_is_never_an_authority():
    info = detect_document_info([KENT_AGENDA_HEAD])
    assert info.authority is None


def test_an_agenda_front_sheet_is_titled_by_its_committee_not_an_agenda_item():
    info = detect_document_info([KENT_AGENDA_HEAD + "\n6.\tDraft Revenue Budget 2025-26, MTFP "
                                 "2025-28, Draft Capital Programme 2025-35"])
    assert (info.committee, info.meeting_date) == ("Cabinet", "2025-01-30")
    assert info.title == "Cabinet agenda"


@pytest.mark.parametrize("heading", ["Wolverhampton City Council", "City of Wolverhampton Council",
                                     "CITY OF WOLVERHAMPTON COUNCIL"])
def test_short_forms_of_a_council_give_its_one_register_name(heading):
    info = detect_document_info([f"{heading}\nChildren's Services Improvement Plan 2016/17"])
    assert info.authority == "City of Wolverhampton Council"


def test_initials_alone_do_not_name_a_council():
    # "FCC" is the Federal Communications Commission here, not Flintshire County Council
    pages = ["Federal Communications Commission\nFCC proposes rules. The FCC seeks comment.\n"
             "Comments to the FCC by 1 May."]
    assert detect_document_info(pages).authority is None


def test_initials_back_a_council_named_in_full():
    pages = ["Cabinet\n8. Kent County Council Integrated Care Strategy (KCC ICS) Delivery Plan"]
    assert detect_document_info(pages).authority == "Kent County Council"


def test_one_passing_mention_of_a_council_is_not_whose_paper_it_is():
    pages = ["Suffolk's Libraries IPS\nThe Industrial & Provident Society Limited enabling "
             "county-wide library services supported by Suffolk County Council\n"
             "BOARD MEETING MINUTES"]
    info = detect_document_info(pages)
    assert info.authority is None
    assert info.title == "Board Meeting Minutes"


def test_a_councils_email_addresses_name_it():
    pages = ["Finance Monitoring Report\nAs at November 2024-25 – Quarter 3\nContact Details\n"
             "Interim Corporate Director Finance\tJohn Betts\tjohn.betts@kent.gov.uk\n"
             "Head of Finance Operations\tCath Head\tcath.head@kent.gov.uk"]
    info = detect_document_info(pages)
    assert info.authority == "Kent County Council"
    assert info.title == "Finance Monitoring Report"


TORBAY_OFSTED = """Torbay
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board1
Inspection date: 12 October 2015 – 5 November 2015
Report published: 5 January 2016
Children’s services in Torbay are inadequate
1. Children who need help and protection\tInadequate"""


def test_a_place_name_heading_a_cover_names_its_council_and_is_not_in_the_title():
    info = detect_document_info([TORBAY_OFSTED])
    assert info.authority == "Torbay Council"
    assert info.title == ("Inspection of services for children in need of help and protection, "
                          "children looked after and care leavers and Review of the "
                          "effectiveness of the Local Safeguarding Children Board")


def test_an_authority_given_by_the_caller_replaces_the_detected_one():
    assert detect_document_info(WOLVERHAMPTON_PLAN, authority="KCC").authority == \
        "Kent County Council"
    parish = detect_document_info(WOLVERHAMPTON_PLAN, authority="burton-cum-walden parish council")
    assert parish.authority == "Burton-cum-Walden Parish Council"  # not in the register: kept


# --- titles are the document's own heading, never a table cell or a sentence ---

def test_a_table_cell_is_never_the_title_and_a_dated_log_title_is_kept():
    pages = ["UNCLASSIFIED\nTB (8)1.ii\tTransparency Board Action Log as 19 July 2011\n"
             "UNCLASSIFIED",
             "UNCLASSIFIED\n19/05/2011\tCompanies House to discuss licensing\tAugust\t"
             "Plan in place\nAugust Plan in place"]
    assert detect_document_info(pages).title == "Transparency Board Action Log as 19 July 2011"


def test_a_wrapped_sentence_is_never_the_title():
    pages = ["National\nInformation\nInfrastructure\n1",
             "Summary\n2.\tIn his recent review, Stephan\nIn the Government Response to the\n"
             "Shakespeare recommended that\nShakespeare Review of June 2013, the"]
    assert detect_document_info(pages).title == "National Information Infrastructure"
    numbered = ["Objectives\n3.\tThe Panel will report bi-annually to the Secretary of State for\n"
                "Communities and Local Government and Public Sector Transparency\nBoard."]
    assert detect_document_info(numbered).title is None


def test_a_heading_restated_below_the_title_does_not_run_into_it():
    pages = ["COVID-19 Catch-up Premium Report\nCOVID-19 catch-up premium spending: summary\n"
             "\tSUMMARY INFORMATION\t\nTotal catch-up premium budget:\t£31440"]
    assert detect_document_info(pages).title == "COVID-19 Catch-up Premium Report"


def test_minutes_are_titled_by_their_minutes_line_up_to_held():
    pages = ["BURTON-CUM-WALDEN PARISH COUNCIL\nMINUTES OF THE PARISH COUNCIL MEETING HELD ON\n"
             "TUESDAY, 3 SEPTEMBER 2024\nA Parish Council meeting was held in the Village Hall."]
    info = detect_document_info(pages)
    assert info.title == "Minutes of the Parish Council Meeting"
    assert info.authority is None  # a parish council is not in the register of local authorities


def test_an_appendix_label_is_dropped_from_the_title():
    pages = ["Appendix I: Budget Risks Register 2025-26\nTOTAL £m\t334.7\t290.0\n"
             "Directorate\tRisk Title\tSource/Cause of Risk\tRisk Event"]
    assert detect_document_info(pages).title == "Budget Risks Register 2025-26"


def test_extract_command_records_the_authority_it_is_given_by_its_register_name():
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from council_plans.cli import main

    pdf = Path(__file__).resolve().parent.parent / "samples" / "pdfs" / "no-plan.pdf"
    res = CliRunner().invoke(main, ["extract", str(pdf), "--format", "json", "--authority",
                                    "Wolverhampton City Council"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["document"]["authority"] == "City of Wolverhampton Council"


def test_a_body_named_above_the_title_is_not_part_of_it():
    pages = ["Annex A\nBurton-cum-Walden Parish Council\nEnd of year summary as at 31 March 2025\n"
             "INCOME 2023-24 Income 2024-25 £ £ 6,600.00 Precept 6,600.00 26.81 Wayleave payment"]
    info = detect_document_info(pages)
    assert info.title == "End of year summary as at 31 March 2025"
    assert info.authority is None
