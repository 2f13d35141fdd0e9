"""A batch mixing good plans with every kind of bad file finishes, imports
every good file, records every bad one with the right class and exits
"partial"."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import create_engine, text

from council_plans.cli import main
from council_plans.ingest.pipeline import EXIT_PARTIAL, FAILED, IMPORTED, ingest_paths
from council_plans.parsers.settings import ExtractSettings

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "samples" / "bad"
GOOD = sorted((ROOT / "samples" / "pdfs").glob("*.pdf"))
MANIFEST = json.loads((BAD / "expected.json").read_text())


def test_a_mixed_batch_imports_every_good_file_and_classifies_every_bad_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    bad = [BAD / name for name in MANIFEST["files"]]
    report = ingest_paths([*map(str, GOOD), *map(str, bad)], db_url=url, workers=2,
                          settings=ExtractSettings(**MANIFEST["limits"]))
    outcomes = {Path(o.path).name: o for o in report.outcomes}
    assert len(outcomes) == len(GOOD) + len(bad)
    for path in GOOD:
        o = outcomes[path.name]
        assert o.status == IMPORTED, (path.name, o.error)
        expected = json.loads(path.with_name(path.stem + ".expected.json").read_text())["items"]
        assert (o.items > 0) == bool(expected), path.name
    for name, error_class in MANIFEST["files"].items():
        o = outcomes[name]
        if error_class is None:  # damaged but repairable / no user password
            assert o.status == IMPORTED and o.items > 0, (name, o.error)
        else:
            assert (o.status, o.error_class) == (FAILED, error_class), (name, o.error)
            assert o.error.startswith(f"{BAD / name}: ") and "\n" not in o.error
    assert report.exit_code == EXIT_PARTIAL == 3

    with create_engine(url).connect() as conn:
        recorded = dict(conn.execute(text("SELECT file_name, error_class FROM ingest_error")).all())
    assert recorded == {n: c for n, c in MANIFEST["files"].items() if c}


def test_plans_ingest_exits_partial_and_names_each_failure(tmp_path):
    files = [str(GOOD[0]), *(str(BAD / n) for n in ("not-a-pdf.pdf", "empty.pdf",
                                                    "encrypted-rc4.pdf", "truncated.pdf"))]
    result = CliRunner().invoke(main, ["ingest", *files, "--db", f"sqlite:///{tmp_path / 'p.db'}"])
    assert result.exit_code == 3, result.output
    out = result.output
    for name, cls in [("not-a-pdf.pdf", "NotAPDF"), ("empty.pdf", "EmptyFile"),
                      ("encrypted-rc4.pdf", "EncryptedPDF"), ("truncated.pdf", "CorruptPDF")]:
        assert f"{cls}: {BAD / name}: " in out
