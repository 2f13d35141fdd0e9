"""One home for the small vocabularies several rules share: month names,
RAG words and the shapes of action references. Column scoring
(:mod:`parsers.columns.content`), RAG reading (:mod:`.rag`), reference
splitting (:mod:`.refs`) and date normalisation (:mod:`.dates`) all read
them from here, so a new spelling is added once."""
from __future__ import annotations

import re

#: month names and their abbreviations, no groups (wrap as needed)
MONTH_NAMES = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
               r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
#: three-letter month prefix -> month number
MONTH_NUMBERS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7,
                 "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

#: RAG words by the rating they give; the first family whose words open a cell wins
RAG_FAMILIES: tuple[tuple[str, str], ...] = (
    ("blue", r"blue|complete[d]?|closed|achieved|done"),
    ("green", r"green|g|on track"),
    ("amber", r"amber|a|orange|yellow|amber/green|amber-green"),
    ("red", r"red|r|off track|not started"),
)
#: a cell that is nothing but a RAG word or letter ("Green", "A/G", "Complete.")
RAG_WORD_CELL = re.compile(r"^(red|amber|green|blue|complete[d]?|done|closed|r|a|g|b|a/g|r/a"
                           r"|amber[/-]green)\.?$", re.I)
#: a cell that is nothing but a status word of an action log ("New", "Ongoing",
#: "Not started", "On hold"): a status column, read as progress with a derived RAG
STATUS_WORD_CELL = re.compile(r"^(new|ongoing|on-going|open|closed|complete[d]?|done|in progress|on track"
                              r"|not started|delayed|overdue|on hold|carried forward|achieved|pending"
                              r"|superseded|withdrawn)\.?$", re.I)
#: the whole-word colour and completion words a narrative column may hold alone
RAG_WORD_ONLY = re.compile(r"^(red|amber|green|blue|complete[d]?|done)$", re.I)

#: a reference: "1.4", "2.1a", "A03", "Ofsted 1.2", "LIP 3.1"
REF_SHAPE = r"(?:[A-Z][A-Za-z]{0,9}\s?)?\d{1,2}(?:\.\d{1,2}){1,3}[a-z]?|[A-Z]{1,3}\d{1,3}"
#: a reference printed at the start of an action's text ("1.0 To implement ...")
INLINE_REF_SHAPE = r"(?:[A-Z]{1,3}\s?)?\d{1,2}(?:\.\d{1,2}){1,3}[a-z]?"
#: a whole ref-column cell: "1", "1.2.", "A3", "SO1", "(iv)", "B)"
REF_CELL = re.compile(r"^(\(?[A-Za-z]{0,4}\s?\d{1,3}(\.\d{1,3}){0,3}[a-z]?[.)]?|[ivx]{1,5}[.)]|[A-Z][.)])$")

#: typographic ligatures some producers leave in the text layer ("ﬁnance", "eﬀective")
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                           "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})


def unligature(text: str) -> str:
    """``text`` with ligature characters spelled out as their letters."""
    return text.translate(LIGATURES)
