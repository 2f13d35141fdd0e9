"""Exact, reversible storage of arbitrary Python text on every backend.

PostgreSQL ``text`` cannot hold NUL, and no database driver can encode lone
surrogates (which :func:`os.fsdecode` produces for file names that are not
valid UTF-8). Both occur in untrusted PDFs and file names, so every text
column of the store goes through :class:`SafeText`, which applies the same
escape on SQLite and PostgreSQL (so raw SQL sees the same strings on both):

* ``U+2400`` (SYMBOL FOR NULL, the escape character) is stored as ``U+2400 U+2400``;
* NUL is stored as ``U+2400 0``;
* a lone surrogate ``U+DCxx`` is stored as ``U+2400 s`` plus four hex digits.

Every other character is stored as is (quotes, emoji, right-to-left marks).
It is a prefix code, so decoding is unambiguous and ``decode(encode(s)) == s``.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy.types import Text, TypeDecorator

ESCAPE = "\u2400"
_NEEDS_ESCAPE = re.compile("[\u2400\x00\ud800-\udfff]")
_ESCAPED = re.compile("\u2400(\u2400|0|s[0-9a-f]{4})")


def _encode_char(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch == ESCAPE:
        return ESCAPE + ESCAPE
    if ch == "\x00":
        return ESCAPE + "0"
    return f"{ESCAPE}s{ord(ch):04x}"


def _decode_seq(match: re.Match[str]) -> str:
    code = match.group(1)
    if code == ESCAPE:
        return ESCAPE
    if code == "0":
        return "\x00"
    return chr(int(code[1:], 16))


def encode_text(value: str | None) -> str | None:
    """Escape ``value`` for storage (see module docstring); ``None`` stays ``None``."""
    if value is None or not _NEEDS_ESCAPE.search(value):
        return value
    return _NEEDS_ESCAPE.sub(_encode_char, value)


def decode_text(value: str | None) -> str | None:
    """Undo :func:`encode_text`."""
    if value is None or ESCAPE not in value:
        return value
    return _ESCAPED.sub(_decode_seq, value)


def decode_value(value: Any) -> Any:
    """Decode ``value`` if it is a string (for rows read with raw SQL)."""
    return decode_text(value) if isinstance(value, str) else value


class SafeText(TypeDecorator):
    """``Text`` column that stores any Python ``str`` exactly (see module doc)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return encode_text(value)

    def process_result_value(self, value: Any, dialect: Any) -> str | None:
        return decode_text(value)
