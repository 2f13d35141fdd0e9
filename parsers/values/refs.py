"""What an action reference looks like: "1.4", "2.1a", "A03", "Ofsted 1.2", "LIP 3.1"."""
from __future__ import annotations

import re

_REF = r"(?:[A-Z][A-Za-z]{0,9}\s?)?\d{1,2}(?:\.\d{1,2}){1,3}[a-z]?|[A-Z]{1,3}\d{1,3}"

#: a reference printed at the start of the action text, followed by the text
INLINE_REF = re.compile(r"^((?:[A-Z]{1,3}\s?)?\d{1,2}(?:\.\d{1,2}){1,3}[a-z]?)[.:)]?\s+(?=\S)")

#: a ref-column cell that opens a new row
REF_START = re.compile(rf"^({_REF})\b")
