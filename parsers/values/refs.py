"""What an action reference looks like: "1.4", "2.1a", "A03", "Ofsted 1.2", "LIP 3.1"."""
from __future__ import annotations

import re

from council_plans.parsers.values.vocab import INLINE_REF_SHAPE, REF_SHAPE

_REF = REF_SHAPE

#: a reference printed at the start of the action text, followed by the text
INLINE_REF = re.compile(rf"^({INLINE_REF_SHAPE})[.:)]?\s+(?=\S)")

#: a ref-column cell that opens a new row
REF_START = re.compile(rf"^({_REF})\b")
