"""Every kind of bad file fails with its own named error and a one-line
message naming the file and the reason: through the library, through
``plans extract`` and through the worker process that enforces the limits."""
from __future__ import annotations

import json
import multiprocessing
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from council_plans.cli import main
from council_plans.ingest.worker import run_extraction
from council_plans.parsers import extract, extract_bytes
from council_plans.parsers.errors import (ERROR_CLASSES, CorruptPDF, EncryptedPDF, InternalError, NotAPDF,
                            OutOfMemory, ParseTimeout, PlanError)
from council_plans.parsers.page.load import classify, sniff
from council_plans.parsers.settings import ExtractSettings
from samples import make_bad

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "samples" / "bad"
GOOD = ROOT / "samples" / "pdfs" / "ruled-rag-fill.pdf"
MANIFEST = json.loads((BAD / "expected.json").read_text())
LIMITS = ExtractSettings(**MANIFEST["limits"])
FAILING = {name: cls for name, cls in MANIFEST["files"].items() if cls}
IN_PROCESS = {name: cls for name, cls in FAILING.items() if cls != "ParseTimeout"}


def _assert_one_line(err: BaseException, path: Path) -> None:
    text = str(err)
    assert "\n" not in text
    assert text.startswith(f"{path}: ")
    assert type(err).reason in text


def test_the_bad_corpus_has_a_file_for_every_failure_class_of_the_issue():
    wanted = {"NotAPDF", "EmptyFile", "CorruptPDF", "EncryptedPDF", "NoTextLayer", "TooLarge",
              "TooManyPages", "ParseTimeout"}
    assert wanted <= set(FAILING.values())
    assert all((BAD / name).is_file() for name in MANIFEST["files"])


def test_regenerating_the_bad_corpus_gives_the_same_files_and_classes(tmp_path):
    expected = make_bad.generate(tmp_path)
    assert expected == MANIFEST["files"]
    for name in expected:
        regenerated, committed = (tmp_path / name).read_bytes(), (BAD / name).read_bytes()
        if "encrypted" not in name and "owner" not in name:  # encryption salts are random
            assert regenerated == committed, name


@pytest.mark.parametrize("name", sorted(IN_PROCESS))
def test_library_raises_the_named_error_for_each_bad_file(name):
    path = BAD / name
    with pytest.raises(PlanError) as info:
        extract(path, LIMITS)
    assert type(info.value).__name__ == IN_PROCESS[name]
    _assert_one_line(info.value, path)


@pytest.mark.parametrize("name", ["broken-xref.pdf", "owner-password-only.pdf"])
def test_damaged_but_readable_files_extract_the_same_items_as_the_original(name):
    original = extract(GOOD)
    repaired = extract(BAD / name, LIMITS)
    assert [i.action for i in repaired.items] == [i.action for i in original.items]
    assert repaired.items


@pytest.mark.parametrize("name", sorted(FAILING))
def test_plans_extract_exits_non_zero_with_a_one_line_message(name):
    path = BAD / name
    args = ["extract", str(path), "--max-mb", str(LIMITS.max_bytes / 2**20),
            "--max-pages", str(LIMITS.max_pages), "--timeout", "4"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1
    reason = ERROR_CLASSES[FAILING[name]].reason
    assert lines[0] == f"error: {path}: {reason}" or lines[0].startswith(f"error: {path}: {reason} (")
    assert result.stdout == ""


def test_the_worker_kills_a_pathological_pdf_at_the_time_limit():
    path = BAD / "parse-timeout.pdf"
    with pytest.raises(ParseTimeout) as info:
        run_extraction(path, LIMITS.with_(timeout_seconds=2))
    _assert_one_line(info.value, path)
    assert "limit 2s" in str(info.value)


def test_the_worker_returns_the_same_extraction_as_the_library():
    direct = extract(GOOD)
    isolated = run_extraction(GOOD, ExtractSettings())
    assert [i.to_dict() for i in isolated.items] == [i.to_dict() for i in direct.items]
    assert isolated.source.sha256 == direct.source.sha256


def test_the_worker_reraises_the_childs_named_error_unchanged():
    path = BAD / "encrypted-aes256.pdf"
    with pytest.raises(EncryptedPDF) as worker:
        run_extraction(path, LIMITS)
    with pytest.raises(EncryptedPDF) as library:
        extract(path, LIMITS)
    assert str(worker.value) == str(library.value)
    assert "AES-256" in str(worker.value)


def test_a_missing_file_is_file_not_found_before_any_child_starts(tmp_path):
    with pytest.raises(FileNotFoundError):
        run_extraction(tmp_path / "nope.pdf", LIMITS)


def _count_items_in_worker(path: str) -> int:
    return len(run_extraction(path, ExtractSettings()).items)


def _error_in_worker(path: str) -> str:
    try:
        run_extraction(path, LIMITS)
    except PlanError as exc:
        return f"{type(exc).__name__}|{exc}"
    return "no error"


def test_the_worker_runs_inside_a_daemonic_multiprocessing_pool_worker():
    # pool workers are daemonic and may not start multiprocessing children
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        n = pool.apply(_count_items_in_worker, (str(GOOD),))
        err = pool.apply(_error_in_worker, (str(BAD / "truncated.pdf"),))
    assert n == len(extract(GOOD).items) > 0
    assert err.startswith("CorruptPDF|")


def test_a_decompression_bomb_stops_at_the_memory_limit(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(make_bad.inflating(96))
    with pytest.raises(OutOfMemory) as info:
        run_extraction(path, ExtractSettings(max_memory_mb=64))
    _assert_one_line(info.value, path)


def test_named_errors_survive_pickling_with_their_message():
    err = CorruptPDF("dir/ä plan\n.pdf", "xref\nbroken")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is CorruptPDF and str(back) == str(err) and back.path == err.path
    assert "\n" not in str(back)


def test_a_word_document_saved_as_pdf_is_named_as_such(tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    with pytest.raises(NotAPDF, match="Word"):
        extract(path)
    assert "HTML" in sniff(b"\n\n  <html><body>Error 500</body></html>")


def test_a_library_failure_is_a_corrupt_file_but_our_own_bug_is_an_internal_error():
    from pdfminer.psparser import PSEOF

    from pdfplumber.utils.exceptions import PdfminerException

    assert isinstance(classify(PdfminerException(PSEOF("Unexpected EOF")), "a.pdf"), CorruptPDF)
    try:
        {}["missing"]  # raised in this (our) module, not in a PDF library
    except KeyError as exc:
        err = classify(exc, "a.pdf")
    assert isinstance(err, InternalError) and "KeyError" in str(err)


def test_ocr_requested_without_ocrmypdf_is_ocr_unavailable(tmp_path, monkeypatch):
    from council_plans.parsers.errors import OCRUnavailable

    monkeypatch.setenv("PATH", str(tmp_path))  # no ocrmypdf, no tesseract
    with pytest.raises(OCRUnavailable, match="ocrmypdf"):
        run_extraction(BAD / "image-only.pdf", LIMITS.with_(ocr=True))


@pytest.mark.skipif(not (shutil.which("ocrmypdf") and shutil.which("tesseract")),
                    reason="ocrmypdf/tesseract not installed (Debian: ocrmypdf tesseract-ocr-eng)")
def test_ocr_turns_a_scanned_plan_back_into_action_items(tmp_path):
    from council_plans.parsers.errors import NoTextLayer

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_bad.image_only(GOOD.read_bytes(), dpi=300, quality=85, pages=1))
    with pytest.raises(NoTextLayer):
        run_extraction(scan, ExtractSettings())
    result = run_extraction(scan, ExtractSettings(ocr=True))
    printed = {i.ref for i in extract_bytes(GOOD.read_bytes(), "good.pdf").items
               if i.page_first == 1}
    found = {i.ref for i in result.items}
    assert len(found & printed) >= len(printed) // 2 > 0
    assert all(i.action for i in result.items)
    assert result.source.sha256 == __import__("hashlib").sha256(scan.read_bytes()).hexdigest()
    assert any("OCR" in w for w in result.warnings)
