"""Every line of the header wordings file is a test case: its example header,
normalised, scores the line's role at the line's tier and score, with the
matchers compiled from the file. A broken line (a typo in the pattern, the
wrong role) or a broken compiler fails the line's own case."""
from __future__ import annotations

import re

import pytest

from council_plans.parsers.columns.lexicon import (
    MAX_HEADER_CHARS, POSITION_PENALTY, LexiconError, Wording, compile_lexicon, header_scores, normalise,
    parse_wordings, read_wordings, score_header,
)

WORDINGS = read_wordings()


def _id(w: Wording) -> str:
    return f"t{w.tier}-{w.role}-{w.header()}"


def _own_match(w: Wording) -> tuple[str, re.Match[str]]:
    """The normalised example and where the line's own pattern matches it."""
    text = normalise(w.header())
    m = re.fullmatch(w.wording, text) if w.tier == 1 else re.search(w.wording, text)
    assert m is not None, f"{w.wording!r} does not match its example {text!r}"
    return text, m


@pytest.mark.parametrize("w", [w for w in WORDINGS if w.tier == 1], ids=_id)
def test_a_whole_wording_names_its_role_and_nothing_else(w: Wording) -> None:
    _own_match(w)
    assert header_scores(w.header()) == {w.role: w.score}


@pytest.mark.parametrize("w", [w for w in WORDINGS if w.tier == 2], ids=_id)
def test_a_phrase_scores_its_role_less_the_later_it_starts(w: Wording) -> None:
    text, m = _own_match(w)
    scores = header_scores(w.header())
    assert max(scores.values(), default=0.0) < 1.0, f"{text!r} is a whole wording (tier 1): {scores}"
    assert scores.get(w.role) == pytest.approx(w.score - POSITION_PENALTY * m.start() / len(text))


@pytest.mark.parametrize("w", [w for w in WORDINGS if w.tier == 3], ids=_id)
def test_a_weak_word_scores_its_role_when_no_phrase_named_it(w: Wording) -> None:
    _own_match(w)
    assert header_scores(w.header()).get(w.role) == w.score


def test_every_line_of_the_wordings_file_is_a_distinct_wording_of_a_tier() -> None:
    keys = [(w.tier, w.role, w.wording) for w in WORDINGS]
    assert len(keys) == len(set(keys))
    assert {w.tier for w in WORDINGS} == {1, 2, 3}


def test_the_first_whole_wording_in_the_file_wins() -> None:
    text = ('wordings = [{tier = 1, role = "ref", score = 1.0, wording = "action no"},\n'
            '  {tier = 1, role = "action", score = 1.0, wording = "action( no)?", example = "action"}]')
    lex = compile_lexicon(parse_wordings(text))
    assert score_header(lex, "Action No.") == {"ref": 1.0}
    assert score_header(lex, "Action") == {"action": 1.0}
    swapped = compile_lexicon(tuple(reversed(parse_wordings(text))))
    assert score_header(swapped, "Action No.") == {"action": 1.0}


def test_weak_words_score_only_roles_no_phrase_named_and_keep_the_best_score() -> None:
    text = ('wordings = [{tier = 2, role = "lead", score = 0.8, wording = "owner", example = "owner x"},\n'
            '  {tier = 3, role = "lead", score = 0.45, wording = "team", example = "team x"},\n'
            '  {tier = 3, role = "rag", score = 0.6, wording = "status", example = "status x"},\n'
            '  {tier = 3, role = "rag", score = 0.3, wording = "team", example = "team y"}]')
    lex = compile_lexicon(parse_wordings(text))
    assert score_header(lex, "Team owner") == {"lead": pytest.approx(0.8 - POSITION_PENALTY * 5 / 10), "rag": 0.3}
    assert score_header(lex, "Team status") == {"lead": 0.45, "rag": 0.6}
    assert score_header(lex, "x" * (MAX_HEADER_CHARS + 1) + " team") == {}


@pytest.mark.parametrize("line, why", [
    ('{tier = 1, role = "owner", score = 1.0, wording = "owner"}', "role"),
    ('{tier = 4, role = "lead", score = 1.0, wording = "owner"}', "tier"),
    ('{tier = 1, role = "lead", score = 1.5, wording = "owner"}', "score"),
    ('{tier = 1, role = "lead", score = 1.0, wording = "owners?"}', "example"),
    ('{tier = 1, role = "lead", score = 1.0, wording = "owner", weight = 2}', "unknown keys"),
    ('{tier = 1, role = "lead", score = 1.0, wording = "own(er"}', "not a pattern"),
    ('{tier = 1, role = "lead", score = 1.0}', "wording"),
])
def test_a_bad_line_is_refused_with_its_number_and_reason(line: str, why: str) -> None:
    with pytest.raises(LexiconError, match=rf"entry 1: .*{why}"):
        parse_wordings(f"wordings = [{line}]")
