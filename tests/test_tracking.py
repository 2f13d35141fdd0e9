"""The rules that link an action to its previous version (db.tracking)."""
from __future__ import annotations

from council_plans.compare.tracking import ActionRow, match_actions

CPP = "Review all child protection plans open for more than 18 months to ensure drift is addressed."
CIN = "Review all child in need plans open for more than 6 months to ensure drift is addressed."
QA = "Develop a single quality assurance framework which improves practice standards."
QA2 = "Implement one quality assurance framework so that practice standards improve in every team."
WF = "Establish a stable workforce and reduce reliance on agency social workers."
DV = ("Review and revise the domestic abuse screening process, and deliver refresher training "
      "on the revised screening process to all front door staff.")


def rows(*specs: tuple) -> list[ActionRow]:
    return [ActionRow(i, text, ref, None, pos)
            for pos, (i, ref, text) in enumerate(specs)]


def pairs(links) -> set[tuple[int, int, str]]:
    return {(l.prev_id, l.new_id, l.method) for l in links.values()}


def test_near_duplicate_wording_with_another_ref_is_not_linked_even_when_the_original_is_dropped():
    links = match_actions(rows((1, "2.2", CPP), (2, "1.1", WF)), rows((11, "2.5", CIN), (12, "1.1", WF)))
    assert pairs(links) == {(2, 12, "ref")}


def test_near_duplicate_with_the_same_numbers_and_another_ref_needs_the_higher_bar():
    cin18 = CIN.replace("6 months", "18 months")
    links = match_actions(rows((1, "2.2", CPP)), rows((11, "2.5", cin18)))
    assert links == {}


def test_renumbered_action_with_one_word_changed_is_still_linked_by_text():
    a = "Recruit forever families and long term foster carers to improve the fostering resource."
    b = a.replace("improve", "increase")
    assert pairs(match_actions(rows((1, "3.3", a)), rows((11, "3.2", b)))) == {(1, 11, "text")}


def test_near_duplicate_added_beside_its_original_stays_a_new_action():
    links = match_actions(rows((1, "2.2", CPP)), rows((11, "2.2", CPP), (12, "2.3", CIN)))
    assert pairs(links) == {(1, 11, "ref")}


def test_reworded_action_keeping_its_ref_is_linked_by_ref_with_its_score():
    links = match_actions(rows((1, "1.4", QA)), rows((11, "1.4", QA2)))
    assert pairs(links) == {(1, 11, "ref")}
    assert 60 <= links[11].score < 100


def test_ref_reused_for_an_unrelated_action_is_not_a_link():
    links = match_actions(rows((1, "1.1", WF)), rows((11, "1.1", CPP)))
    assert links == {}


def test_renumbering_after_a_drop_follows_the_wording_not_the_ref():
    old = rows((1, "3.1", WF), (2, "3.2", CPP), (3, "3.3", QA))
    new = rows((12, "3.1", CPP), (13, "3.2", QA))
    assert pairs(match_actions(old, new)) == {(2, 12, "text"), (3, 13, "text")}


def test_split_action_links_both_parts_to_the_parent():
    first = "Review and revise the domestic abuse screening process."
    second = "Deliver refresher training on the revised screening process to all front door staff."
    links = match_actions(rows((1, "2.3", DV)), rows((11, "2.3", first), (12, "2.4", second)))
    assert pairs(links) == {(1, 11, "ref"), (1, 12, "split")}


def test_unchanged_action_is_no_split_parent_for_a_shorter_similar_action():
    short = "Review all child protection plans open for more than 18 months."
    links = match_actions(rows((1, "2.2", CPP)), rows((11, "2.2", CPP), (12, "2.6", short)))
    assert pairs(links) == {(1, 11, "ref")}


def test_identical_actions_pair_in_order_within_their_section():
    old = [ActionRow(1, WF, None, "A", 0), ActionRow(2, WF, None, "B", 1)]
    new = [ActionRow(11, WF, None, "B", 0), ActionRow(12, WF, None, "A", 1)]
    assert pairs(match_actions(old, new)) == {(1, 12, "text"), (2, 11, "text")}  # no refs: text


def test_a_split_action_without_refs_continues_in_its_first_part_and_the_rest_is_split():
    first, second = ("Review and revise the domestic abuse screening process.",
                     "Deliver refresher training on the revised screening process to all front door staff.")
    links = match_actions(rows((1, None, DV)), rows((11, None, first), (12, None, second)))
    assert pairs(links) == {(1, 11, "part"), (1, 12, "split")}


def test_the_part_printed_first_continues_whatever_order_the_new_version_prints_them_in():
    first, second = ("Review and revise the domestic abuse screening process.",
                     "Deliver refresher training on the revised screening process to all front door staff.")
    links = match_actions(rows((1, None, DV)), rows((11, None, second), (12, None, first)))
    assert pairs(links) == {(1, 12, "part"), (1, 11, "split")}


def test_an_action_reworded_and_renumbered_is_linked_within_its_section():
    old = [ActionRow(1, "Improve the timeliness of initial child protection conferences.", "2.1",
                     "Help", 0), ActionRow(2, WF, "1.1", "Lead", 1)]
    new = [ActionRow(11, "Make sure initial child protection conferences are held within timescales.",
                     "2.6", "Help", 0), ActionRow(12, WF, "1.1", "Lead", 1)]
    assert pairs(match_actions(old, new)) == {(1, 11, "section"), (2, 12, "ref")}
    elsewhere = [ActionRow(11, new[0].text, "2.6", "Lead", 0), new[1]]
    assert pairs(match_actions(old, elsewhere)) == {(2, 12, "ref")}  # another section: not linked
