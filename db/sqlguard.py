"""What a SQL text says, read the way PostgreSQL reads it, for ``plans query``.

PostgreSQL runs ``COPY ... TO '/file'``, ``COPY ... TO PROGRAM`` and
``lo_export(...)`` even inside a read-only transaction (for a superuser or a
member of ``pg_write_server_files``), so the read-only session alone does not
keep ``plans query`` from writing files on the server. :func:`postgres_refusal`
lets through only statements that read (``SELECT``, ``WITH``, ``VALUES``,
``TABLE``, ``EXPLAIN``, ``SHOW``) and refuses any mention of the server's
file, large-object and dynamic-SQL functions. Comments, string literals
(``'...'``, ``E'...'``, ``$tag$...$tag$``) are skipped and quoted identifiers
unquoted, so ``/* COPY */ SELECT 'lo_export'`` passes and
``SELECT "lo_export"(...)`` does not. It is a guard for an analyst's typing,
not a sandbox: on a shared server give analysts a role that can only SELECT.
"""
from __future__ import annotations

import re

#: first words of statements that only read
READING_STATEMENTS = frozenset({"select", "with", "values", "table", "explain", "show"})

#: functions that read or write files on the server, run SQL given as text,
#: or act on other sessions / the server itself
SERVER_FUNCTIONS = frozenset({
    "lo_export", "lo_import", "lo_from_bytea", "lo_put", "lo_create", "lo_creat", "lo_unlink",
    "lowrite", "lo_truncate", "lo_truncate64",
    "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_ls_logdir",
    "pg_ls_waldir", "pg_ls_tmpdir", "pg_ls_archive_statusdir",
    "pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_file_sync", "pg_logdir_ls",
    "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "cursor_to_xml",
    "cursor_to_xmlschema", "dblink", "dblink_exec", "dblink_connect", "dblink_send_query",
    "set_config", "pg_reload_conf", "pg_rotate_logfile", "pg_terminate_backend",
    "pg_cancel_backend", "pg_promote", "pg_switch_wal", "pg_create_restore_point",
    "pg_backup_start", "pg_backup_stop", "pg_start_backup", "pg_stop_backup",
    "pg_log_backend_memory_contexts", "pg_advisory_lock", "pg_advisory_xact_lock"})

_TOKEN = re.compile(r"""
      (?P<space>\s+)
    | (?P<line_comment>--[^\n]*)
    | (?P<block_comment>/\*)
    | (?P<estring>[eE]'(?:[^'\\]|\\.|'')*'?)
    | (?P<uident>[uU]&")
    | (?P<string>'(?:[^']|'')*'?)
    | (?P<dollar>\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$)
    | (?P<qident>"(?:[^"]|"")*"?)
    | (?P<word>[A-Za-z_\u0080-\uffff][A-Za-z_0-9$\u0080-\uffff]*)
    | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


def _skip_block_comment(sql: str, pos: int) -> int:
    """End of a (nested) ``/* ... */`` comment that starts at ``pos``."""
    depth, i = 0, pos
    while i < len(sql):
        if sql.startswith("/*", i):
            depth, i = depth + 1, i + 2
        elif sql.startswith("*/", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    return len(sql)


def words(sql: str) -> list[str]:
    """The words of ``sql`` in order, lower-cased: keywords, names (quoted
    names unquoted, exact) and punctuation; comments and literals left out
    (a literal counts as the word ``'``, so a statement of literals is not empty)."""
    out: list[str] = []
    pos = 0
    while pos < len(sql):
        m = _TOKEN.match(sql, pos)
        assert m is not None, "the 'other' alternative matches any one character"
        kind, text = m.lastgroup, m.group()
        pos = m.end()
        if kind == "block_comment":
            pos = _skip_block_comment(sql, m.start())
        elif kind == "dollar":
            end = sql.find(text, pos)
            pos = len(sql) if end < 0 else end + len(text)
            out.append("'")
        elif kind in ("string", "estring"):
            out.append("'")
        elif kind == "qident":
            out.append(text[1:-1].replace('""', '"'))
        elif kind == "uident":
            out.append('u&"')  # escapes could spell any name: refused by the caller
        elif kind == "word":
            out.append(text.lower())
        elif kind == "other" and text != ";":
            out.append(text)
    return out


def is_empty(sql: str) -> bool:
    """True when ``sql`` holds no statement: only whitespace, comments and ``;``."""
    return not words(sql)


def postgres_refusal(sql: str) -> str | None:
    """Why ``sql`` may not run in ``plans query`` on PostgreSQL (``None``: it may)."""
    found = words(sql)
    if not found:
        return None
    first = found[0]
    if first == "(":  # "(SELECT ...) UNION (SELECT ...)"
        first = next((w for w in found if w != "("), "")
    if first not in READING_STATEMENTS:
        return f"{first.upper()} is not a reading statement (only SELECT, WITH, VALUES, " \
               "TABLE, EXPLAIN, SHOW)"
    if 'u&"' in found:
        return 'U&"..." identifiers are not accepted'
    named = sorted(SERVER_FUNCTIONS.intersection(found))
    if named:
        return f"{named[0]}() reaches files or the server outside the database"
    return None
