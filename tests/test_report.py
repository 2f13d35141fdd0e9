"""plans report: a self-contained HTML file whose charts a real browser draws
(headless Debian chromium)."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from council_plans.cli import main
from samples.series_score import TRUTH, ingest_samples

pytest.importorskip("matplotlib", reason="plans report needs the 'report' extra (matplotlib)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package chromium)")
def test_report_opens_in_chromium_with_every_chart_drawn(tmp_path):
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    ingest_samples(TRUTH.parent, url)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--db", url])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text  # self-contained
    assert re.findall(r'href="file://[^"]+\.pdf#page=\d+"', text)
    dom = _chromium("--dump-dom", out.as_uri()).stdout
    charts = len(re.findall(r'<img class="chart"', dom))
    assert charts == 3 and f'data-charts-drawn="{charts}"' in dom
    shot = tmp_path / "shot.png"
    _chromium("--window-size=1000,1600", f"--screenshot={shot}", out.as_uri())
    assert shot.stat().st_size > 20_000


def test_report_on_an_empty_database_is_one_clear_error(tmp_path):
    from council_plans.db.engine import get_engine, upgrade

    url = f"sqlite:///{tmp_path / 'plans.db'}"
    upgrade(get_engine(url))
    result = CliRunner().invoke(main, ["report", "--out", str(tmp_path / "r.html"), "--db", url])
    assert result.exit_code == 2
    assert result.output == "error: no plan series in the database: import some plans first\n"
