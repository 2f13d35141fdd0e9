"""Split a lead-officer cell into the people (or posts) it names.

PDF tables lose the line breaks between names, so "Julian Cunningham Dawn
Williams" arrives as one run of capitalised words. The rules, in order:

1. Explicit separators split: "/", ",", ";", and "and"/"&" between names.
   A comma followed by a job title is an apposition and stays with the name
   ("Emma Bennett, Executive Director for Families").
2. A role and a name joined by a dash or colon are one entry: "SEMT Chair –
   Dawn Williams" names the person who holds the role.
3. Roles and titles stay whole ("Head of Service", "Chair of SCR Committee",
   "Children's Services Senior Leadership Team"). A role is a run of role
   words (Head, Director, Chair, Manager, Board ...), the subjects they are
   "of"/"for" (Service, Quality, Children's ...) and acronyms beside them.
   A name printed next to a role without a separator is a separate entry:
   "Heads of Service Louise Haughton" is a group and a person.
4. A run of capitalised words with no separator is paired first+last when it
   has an even length ("Jo Farley Louise Haughton" -> two people). An odd run
   of three or more is ambiguous (a three-part name or a missing surname) and
   is kept whole rather than guessed at. A parenthesis ends a person:
   "Alison Hinds (CFUG) Helena Kucharczyk".
5. Initials ("JM", "DM/JR", "LM GM") are one person each; single letters
   split by the PDF ("L A") are rejoined.
6. Text with ordinary lowercase words ("As per Team Meetings") is not a
   list of names and is returned whole.

Repeats are dropped (a cell spanning several milestones often repeats its
leads), keeping first-seen order.
"""
from __future__ import annotations

import re

__all__ = ["split_leads"]

#: words that make a phrase a post rather than a person
ROLE_WORDS = frozenset("""
    head heads hos director directors chair chairs chairman chairperson vice-chair co-chair
    manager managers officer officers lead leads leader leaders team teams service services
    board committee group panel partnership member members coordinator co-ordinator
    advisor adviser practitioner practitioners principal assistant deputy executive
    strategic senior interim acting all designated consultant commissioner chief secretary
    clerk administrator analyst champion champions network forum unit directorate
    leadership management worker workers supervisor supervisors governor governors
    nurse doctor trustees trust commissioners
""".split())

#: subjects a post is "of" or "for"; they extend a role, never start a person
DOMAIN_WORDS = frozenset("""
    children children's young people people's adult adults family families education
    social care safeguarding quality assurance performance early help youth health
    business finance programme project operations operational corporate school schools
    organisation inclusion send commissioning resources policy strategy improvement
    practice workforce development learning communications hr it legal data
    intelligence insight transformation community communities housing placement
    placements fostering adoption residential standards governance public locality
    localities area city county council leavers leaving disability disabilities needs
    special educational mental wellbeing looked after protection child independent
    reviewing conference emergency duty virtual provision participation engagement
    permanence exploitation missing offending justice early-help multi-agency
""".split())

_CONNECTORS = frozenset({"of", "for", "and", "&", "the", "in", "to", "with", "on"})
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "le", "la",
                        "bin", "al"})
_INITIALS = re.compile(r"[A-Z][A-Z&.]{0,5}")
_ROLE_NAME_JOIN = re.compile(r"\s+[–—-]\s+|:\s+")
_TOP_SEPARATORS = re.compile(r"\s*[/;]\s*")


def _core(token: str) -> str:
    """The word itself, without an attached parenthesis or punctuation."""
    return token.split("(")[0].strip(".,;:?!'\"“”").replace("’", "'")


def _kind(token: str) -> str:
    """Classify a token: conn, role, domain, initials, name or word."""
    core = _core(token)
    low = core.lower()
    if not core:
        return "initials" if token.startswith("(") else "word"
    if low in _CONNECTORS:
        return "conn"
    if low in ROLE_WORDS:
        return "role"
    if low in DOMAIN_WORDS or (low.endswith("'s") and core[0].isupper()):
        return "domain"
    if _INITIALS.fullmatch(core):
        return "initials"
    if low in _PARTICLES or core[0].isupper():
        return "name"
    return "word"


def _tokens(text: str) -> list[str]:
    """Words, with a parenthesised aside glued to the word before it."""
    tokens: list[str] = []
    for part in re.findall(r"\([^)]*\)?|[^\s(]+", text):
        if part.startswith("(") and tokens:
            tokens[-1] = f"{tokens[-1]} {part}"
        else:
            tokens.append(part)
    # rejoin single letters a PDF spread apart ("L A" -> "LA")
    joined: list[str] = []
    for tok in tokens:
        if len(tok) == 1 and tok.isupper() and joined and len(joined[-1]) == 1 \
                and joined[-1].isupper():
            joined[-1] += tok
        else:
            joined.append(tok)
    return joined


def _pair_names(run: list[str]) -> list[str]:
    """Split a run of capitalised words into people (rule 4)."""
    people: list[str] = []
    chunk: list[str] = []
    for tok in [*run, ""]:  # "" marks the end of the run
        if tok and _kind(tok) != "initials":
            chunk.append(tok)
            if "(" not in tok:
                continue
        # a chunk ends at initials, a parenthesis, or the end of the run
        words = _glue_particles(chunk)
        if len(words) >= 2 and len(words) % 2 == 0:
            people += [" ".join(words[i:i + 2]) for i in range(0, len(words), 2)]
        elif words:
            people.append(" ".join(words))
        chunk = []
        if tok and _kind(tok) == "initials":
            people.append(tok)
    return people


def _glue_particles(words: list[str]) -> list[str]:
    """"Ludwig van Beethoven" pairs as two words: the particle joins the surname."""
    out: list[str] = []
    pending = ""
    for word in words:
        if _core(word).lower() in _PARTICLES:
            pending += word + " "
        else:
            out.append(pending + word)
            pending = ""
    if pending:
        out.append(pending.strip())
    return out


def _split_segment(segment: str) -> list[str]:
    """People and posts in text with no explicit separators (rules 3-5)."""
    tokens = _tokens(segment)
    kinds = [_kind(t) for t in tokens]
    if "word" in kinds:
        return [segment]
    entries: list[str] = []
    i = 0
    while i < len(tokens):
        if kinds[i] in ("role", "domain") or kinds[i] == "initials" and _role_follows(kinds, i):
            j = i
            while j < len(tokens) and (kinds[j] in ("role", "domain", "conn")
                                       or kinds[j] == "initials" and _role_near(kinds, j)):
                j += 1
            while j > i and kinds[j - 1] == "conn":
                j -= 1
            if "role" in kinds[i:j]:
                entries.append(" ".join(tokens[i:j]))
                i = j
                continue
        j = i
        while j < len(tokens) and not (kinds[j] == "role" or kinds[j] == "initials"
                                       and _role_follows(kinds, j)):
            if kinds[j] == "domain" and "role" in kinds[j:j + 3]:
                break
            j += 1
        j = max(j, i + 1)
        run = [t for t, k in zip(tokens[i:j], kinds[i:j]) if k != "conn"]
        entries += _pair_names(run)
        i = j
    return entries


def _role_follows(kinds: list[str], i: int) -> bool:
    """Acronyms directly before a role word describe it ("SEMT Chair")."""
    j = i
    while j < len(kinds) and kinds[j] in ("initials", "domain"):
        j += 1
    return j < len(kinds) and kinds[j] == "role"


def _role_near(kinds: list[str], j: int) -> bool:
    """An acronym inside a role ("Chair of SCR Committee")."""
    return (j > 0 and kinds[j - 1] in ("conn", "role", "domain")) or _role_follows(kinds, j)


def _has_role(text: str) -> bool:
    return any(_kind(t) == "role" for t in _tokens(text))


def _joined_role_and_name(segment: str) -> bool:
    """Rule 2: "SEMT Chair – Dawn Williams", "Lead: Helen Bakewell"."""
    parts = _ROLE_NAME_JOIN.split(segment)
    if len(parts) != 2:
        return False
    roles = [_has_role(p) for p in parts]
    names = [not r and len(_split_segment(p)) == 1 for p, r in zip(parts, roles)]
    return (roles[0] and names[1]) or (roles[1] and names[0])


def _split_piece(piece: str) -> list[str]:
    """One comma/slash-free piece: rule 2, then "and" between names, then 3-5."""
    if _joined_role_and_name(piece):
        return [piece]
    out: list[str] = []
    for part in _ROLE_NAME_JOIN.split(piece):
        if not _has_role(part):
            for sub in re.split(r"\s+(?:and|&)\s+", part):
                out += _split_segment(sub) if sub else []
        else:
            out += _split_segment(part)
    return out


def _merge_appositions(pieces: list[str]) -> list[str]:
    """Rule 1's exception: "Name, Title" is one person."""
    merged: list[str] = []
    for piece in pieces:
        if merged and _has_role(piece) and not _has_role(merged[-1]) \
                and len(_split_segment(merged[-1])) == 1 and _split_segment(piece) == [piece]:
            merged[-1] = f"{merged[-1]}, {piece}"
        else:
            merged.append(piece)
    return merged


def split_leads(text: str | None) -> list[str]:
    """The people or posts a lead-officer cell names, in printed order,
    without repeats; ``[]`` for an empty cell. See the module notes."""
    if not text:
        return []
    flat = " ".join(text.replace("\u00a0", " ").split()).strip(" .;,•-–")
    people: list[str] = []
    for chunk in _TOP_SEPARATORS.split(flat):
        pieces = [p.strip() for p in chunk.split(",") if p.strip()]
        for piece in _merge_appositions(pieces):
            if "," in piece:
                people.append(piece)
            else:
                people += _split_piece(piece)
    seen: set[str] = set()
    unique = []
    for person in (p.strip(" .;,") for p in people):
        if person and person.lower() not in seen:
            seen.add(person.lower())
            unique.append(person)
    return unique
