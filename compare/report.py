"""A self-contained HTML report of plan series (``plans report``).

Charts are drawn with matplotlib (optional extra ``report``) and embedded as
PNG data, so the one file opens anywhere: RAG mix over time per series,
overdue share per authority at its latest version, and the distribution of
slipped due dates. Tables list each authority's summary and what changed in
every series' latest version, each action linked to its page in the source
PDF (``file#page=N``). Data comes from the comparison views (read-only).
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import io
from pathlib import Path
from typing import Any

import pandas as pd

from council_plans.compare.compare import latest_changes
from council_plans.db.query import run_query
from council_plans.compare.frames import view_frame
from council_plans.schema.errors import CouncilPlansError

RAG_COLOURS = {"red": "#c00000", "amber": "#ffc000", "green": "#00b050", "blue": "#5b9bd5",
               "none": "#bfbfbf"}


class ReportError(CouncilPlansError):
    """The report cannot be drawn (no series, or matplotlib missing)."""


def _pyplot():  # -> matplotlib.pyplot
    try:
        import matplotlib
    except ImportError:
        raise ReportError("plans report needs matplotlib: pip install 'council-plans[report]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    _pyplot().close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def rag_mix_chart(history: pd.DataFrame) -> str:
    """Stacked bars of RAG counts per version, one panel per series."""
    plt = _pyplot()
    series = sorted(history["series_id"].unique())
    fig, axes = plt.subplots(len(series), 1, figsize=(8, 2.6 * len(series)), squeeze=False)
    for ax, sid in zip(axes[:, 0], series):
        part = history[history["series_id"] == sid]
        counts = (part.assign(rag=part["rag"].fillna("none"))
                  .pivot_table(index="version_no", columns="rag", values="track_id",
                               aggfunc="count", fill_value=0))
        labels = [f"v{v}\n{d:%d %b %Y}" if pd.notna(d) else f"v{v}" for v, d in
                  part.groupby("version_no")["as_at"].first().items()]
        bottom = pd.Series(0, index=counts.index)
        for rag in [r for r in RAG_COLOURS if r in counts.columns]:
            ax.bar(range(len(counts)), counts[rag], bottom=bottom, color=RAG_COLOURS[rag],
                   label=rag)
            bottom += counts[rag]
        ax.set_xticks(range(len(counts)), labels, fontsize=8)
        first = part.iloc[0]
        ax.set_title(f"Series {sid}: {first['authority'] or '(unknown)'} - {first['plan_title']}",
                     fontsize=9)
        ax.set_ylabel("actions")
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1, 1))
    fig.tight_layout()
    return _png(fig)


def overdue_chart(summary: pd.DataFrame) -> str:
    """Horizontal bars: share of actions overdue at each authority's latest version."""
    plt = _pyplot()
    labels = [f"{a} ({p})" for a, p in zip(summary["authority"], summary["period"])]
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(summary) + 1.2))
    ax.barh(labels, summary["share_overdue"].astype(float) * 100, color="#c00000")
    ax.set_xlabel("% of actions overdue at the latest version")
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    fig.tight_layout()
    return _png(fig)


def slippage_chart(changes: pd.DataFrame) -> str:
    """Histogram of due-date moves between consecutive versions (0 left out)."""
    plt = _pyplot()
    moved = changes["slipped_days"].dropna().astype(int)
    moved = moved[moved != 0]
    fig, ax = plt.subplots(figsize=(8, 2.8))
    from matplotlib.ticker import MaxNLocator

    ax.hist(moved, bins=max(5, min(30, len(moved))), color="#ed7d31")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("days a due date moved between consecutive versions (positive = slipped)")
    ax.set_ylabel("changes")
    ax.set_title(f"{len(moved)} due-date changes", fontsize=9)
    fig.tight_layout()
    return _png(fig)


def _table(frame: pd.DataFrame, links: dict[int, str] | None = None) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for i, row in frame.iterrows():
        cells = []
        for col, value in row.items():
            text = "" if value is None or value is pd.NA or (
                isinstance(value, float) and pd.isna(value)) else value
            if isinstance(text, pd.Timestamp):
                text = f"{text:%Y-%m-%d}"
            elif isinstance(text, float):
                text = f"{text:g}"
            cell = html.escape(str(text))
            if links and col == "page" and i in links:
                cell = f'<a href="{html.escape(links[i])}">{cell}</a>'
            cells.append(f"<td>{cell}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _sources(url: str | None) -> dict[int, str]:
    _, rows = run_query("SELECT id, source_url, source_path, file_name FROM document", url)
    return {i: (web or (Path(path).resolve().as_uri() if path else name))
            for i, web, path, name in rows}


def _latest_changes(url: str | None) -> tuple[pd.DataFrame, dict[int, str], list[str]]:
    """What changed in each series' latest version: the rows and words of
    ``plans compare SERIES`` (``db.compare.latest_changes``), with links to pages."""
    sources = _sources(url)
    records, links, compared = [], {}, {}
    for i, (pair, row) in enumerate(latest_changes(url)):
        compared[pair.series_id] = pair.line()
        records.append({"series": pair.series_id, "authority": pair.authority,
                        "change": row["change"], "ref": row["ref_after"] or row["ref_before"],
                        "action": (f"{row['action_before']} -> {row['action']}"
                                   if row["action_before"] else row["action"]),
                        "RAG": f"{row['rag_before'] or '-'} -> {row['rag_after'] or '-'}",
                        "slipped days": row["slipped_days"], "page": row["page_after"]})
        if row["page_after"] is not None:
            links[i] = f"{sources.get(pair.after['document_id'], '')}#page={int(row['page_after'])}"
    table = pd.DataFrame.from_records(records, columns=[
        "series", "authority", "change", "ref", "action", "RAG", "slipped days", "page"])
    return table.astype({"slipped days": "Int64", "page": "Int64"}), links, list(compared.values())


STYLE = """body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;
font-size:12px;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#eee}img{max-width:100%;display:block;margin:1em 0}"""
CHECK = """<script>window.addEventListener('load',function(){var n=0;
document.querySelectorAll('img.chart').forEach(function(i){if(i.complete&&i.naturalWidth>0)n++;});
document.body.setAttribute('data-charts-drawn',String(n));});</script>"""


def build_report(url: str | None) -> str:
    """The report's HTML for the database at ``url``."""
    history = view_frame("action_history", url)
    if history.empty:
        raise ReportError("no plan series in the database: import some plans first")
    changes, summary = view_frame("action_changes", url), view_frame("authority_summary", url)
    charts = [("RAG mix over time, per series", rag_mix_chart(history)),
              ("Overdue share per authority (latest version)", overdue_chart(summary)),
              ("Slippage distribution", slippage_chart(changes))]
    latest, links, compared = _latest_changes(url)
    methods = history["link_method"].fillna("first or new").value_counts()
    parts = [f"<h1>Council plan series</h1><p>Generated {dt.date.today():%d %B %Y}: "
             f"{history['series_id'].nunique()} series, {history['version_id'].nunique()} "
             f"versions, {history['track_id'].nunique()} tracked actions.</p>"]
    for title, png in charts:
        parts.append(f'<h2>{html.escape(title)}</h2><img class="chart" alt="{html.escape(title)}" '
                     f'src="data:image/png;base64,{png}">')
    parts.append("<h2>Per authority and period (latest versions)</h2>" + _table(summary))
    parts.append("<h2>What changed in each series' latest version</h2><ul>"
                 + "".join(f"<li>{html.escape(line)}</li>" for line in compared) + "</ul>"
                 + _table(latest, links))
    parts.append("<h2>How actions were linked</h2>" + _table(
        methods.rename_axis("link method").reset_index(name="actions")))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Council plan series</title>"
            f"<style>{STYLE}</style>{CHECK}</head><body>{''.join(parts)}</body></html>")


HTML_SUFFIXES = (".html", ".htm")


def report_path(out: Path) -> Path:
    """Where the report goes: ``out``, with ``.html`` added when it has no
    extension; another extension or a missing directory is a ReportError."""
    if not out.suffix:
        out = out.with_name(out.name + ".html")
    if out.suffix.lower() not in HTML_SUFFIXES:
        raise ReportError(f"{out}: the report is one HTML file: name it .html")
    if not out.parent.is_dir():
        raise ReportError(f"{out}: directory {out.parent} does not exist (mkdir -p {out.parent})")
    return out


def write_report(url: str | None, out: Path) -> dict[str, Any]:
    """Write the report to ``out`` (see :func:`report_path`); returns what it holds."""
    out = report_path(out)
    text = build_report(url)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{out}: {exc.strerror or exc}") from None
    return {"path": str(out), "bytes": len(text.encode()), "charts": text.count('class="chart"')}
