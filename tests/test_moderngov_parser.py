"""ingest.moderngov: ModernGov web-service XML -> dataclasses, no I/O."""
from __future__ import annotations

from datetime import date

import pytest

from council_plans.parsers.errors import PlanError
from council_plans.ingest.moderngov.agenda import (
    ModernGovXMLError, parse_committees, parse_date, parse_meeting, parse_meetings,
)
from tests.fake_moderngov import Doc, FakeMeeting, FakeModernGov

COMMITTEES = b"""<?xml version="1.0" encoding="utf-8"?>
<committees>
  <committeescount> 2</committeescount>
  <committee><committeeid>12</committeeid>
    <committeetitle>Children&amp;amp;#39;s Services Improvement Board</committeetitle></committee>
  <committee><committeeid> 40</committeeid>
    <committeetitle>Cabinet &amp;amp; Scrutiny</committeetitle></committee>
</committees>"""

ONE_MEETING = b"""<?xml version="1.0" encoding="utf-8"?>
<getmeetings><committee><committeeid>12</committeeid>
 <committeemeetings><meetingcount> 1</meetingcount>
  <meeting><meetingid>901</meetingid><meetingdate>07/03/2017</meetingdate>
   <meetingstatus>confirmed</meetingstatus></meeting>
 </committeemeetings></committee></getmeetings>"""

MEETING = b"""<?xml version="1.0"?>
<meeting><meetingid>901</meetingid><committeeid>12</committeeid>
 <committeetitle>Children&amp;amp;#39;s Board</committeetitle>
 <meetingdate>07/03/2017</meetingdate><meetingstatus>confirmed</meetingstatus>
 <agendapublished>True</agendapublished>
 <agendaitems><agendaitemcount> 2</agendaitemcount>
  <agendaitem><agendaitemtitle>Apologies</agendaitemtitle></agendaitem>
  <agendaitem><agendaitemtitle>Improvement Plan &amp;amp; progress</agendaitemtitle>
   <linkeddocuments><linkeddocumentcount> 1</linkeddocumentcount>
    <linkeddoc><attachmentid> 5501</attachmentid><title>Plan &amp;amp;#8211; March</title>
     <url>https://democracy.example.gov.uk/documents/s5501/Plan.pdf?a=1&amp;b=2</url>
     <publicationdate>28/02/2017 17:02:11</publicationdate></linkeddoc>
   </linkeddocuments></agendaitem>
 </agendaitems>
 <linkeddocuments><linkeddoc><attachmentid>5400</attachmentid><title>Agenda frontsheet</title>
  <url>https://democracy.example.gov.uk/documents/g901/Agenda.pdf</url>
  <publicationdate>27/02/2017</publicationdate></linkeddoc></linkeddocuments>
</meeting>"""


def test_committee_titles_escaped_twice_come_out_as_plain_text():
    got = parse_committees(COMMITTEES)
    assert [(c.id, c.title) for c in got] == [
        (12, "Children's Services Improvement Board"), (40, "Cabinet & Scrutiny")]


def test_a_single_meeting_is_read_as_a_one_element_list_with_its_committee():
    (m,) = parse_meetings(ONE_MEETING)
    assert (m.id, m.committee_id, m.date, m.status) == (901, 12, date(2017, 3, 7), "confirmed")


def test_meeting_documents_carry_agenda_item_ids_dates_and_unescaped_urls():
    m = parse_meeting(MEETING)
    assert m.agenda_published is True
    assert m.committee_title == "Children's Board"
    assert m.agenda_items == ["Apologies", "Improvement Plan & progress"]
    plan, front = m.documents
    assert (plan.attachment_id, plan.title) == (5501, "Plan \u2013 March")
    assert plan.url.endswith("Plan.pdf?a=1&b=2")
    assert plan.publication_date == date(2017, 2, 28)
    assert plan.agenda_item == "Improvement Plan & progress"
    assert (front.attachment_id, front.agenda_item) == (5400, None)


def test_agenda_published_false_is_false_not_truthy_text():
    m = parse_meeting(MEETING.replace(b"<agendapublished>True", b"<agendapublished>False"))
    assert m.agenda_published is False


def test_what_the_fake_server_serves_round_trips_through_the_parser():
    with FakeModernGov({3: "Schools' Forum & Board"}) as fake:
        fake.meetings[7] = FakeMeeting(7, 3, date(2017, 5, 1))
        fake.add_doc(7, "Item <1>", Doc(70, "Plan \"A\"", "/documents/s70/a.pdf",
                                        date(2017, 4, 20)), b"%PDF-1.4")
        site = fake.site
        assert parse_committees(fake.committees_xml())[0].title == "Schools' Forum & Board"
        (summary,) = parse_meetings(fake.meetings_xml(3, date(2017, 1, 1), date(2017, 12, 31)))
        meeting = parse_meeting(fake.meeting_xml(7, site))
    assert summary.id == 7 and summary.committee_id == 3
    (doc,) = meeting.documents
    assert (doc.title, doc.agenda_item, doc.url) == ('Plan "A"', "Item <1>",
                                                     site + "/documents/s70/a.pdf")


@pytest.mark.parametrize("body, why", [
    (b"", "empty"),
    (b"<!DOCTYPE html><html><body>Server Error</body>", "HTML"),
    (b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x "boom">]><committees>&x;</committees>',
     "refused"),
    (b'<?xml version="1.0"?><!DOCTYPE c SYSTEM "http://example.invalid/x.dtd"><committees/>',
     "refused"),
    (b"<committees><committee><committeeid>abc</committeeid></committee></committees>",
     "not a number"),
    (b"<meetings_wrong/>", "root element"),
])
def test_bad_replies_raise_a_named_one_line_error_naming_the_source(body, why):
    with pytest.raises(ModernGovXMLError) as err:
        parse_committees(body, "https://x.example/GetCommittees")
    msg = str(err.value)
    assert isinstance(err.value, PlanError)
    assert msg.startswith("https://x.example/GetCommittees: ") and why in msg
    assert "\n" not in msg


def test_asmx_string_wrapper_holding_escaped_xml_is_unwrapped():
    wrapped = (b'<?xml version="1.0"?><string xmlns="http://tempuri.org/">'
               b"&lt;committees&gt;&lt;committee&gt;&lt;committeeid&gt;5&lt;/committeeid&gt;"
               b"&lt;committeetitle&gt;Cabinet&lt;/committeetitle&gt;&lt;/committee&gt;"
               b"&lt;/committees&gt;</string>")
    assert [(c.id, c.title) for c in parse_committees(wrapped)] == [(5, "Cabinet")]


@pytest.mark.parametrize("text, want", [
    ("07/03/2017", date(2017, 3, 7)), ("7/3/2017 10:00:00", date(2017, 3, 7)),
    ("2017-03-07", date(2017, 3, 7)), ("31/02/2017", None), ("", None), ("soon", None),
])
def test_dates_are_day_first_and_impossible_dates_are_none(text, want):
    assert parse_date(text) == want
