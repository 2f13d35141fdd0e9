"""``samples/make_bad.py`` is deterministic: regenerating the bad-file corpus
reproduces the committed files byte for byte (encrypted ones included), so a
run leaves no spurious diff behind."""
from __future__ import annotations

import hashlib
from pathlib import Path

from samples.make_bad import CORPUS, generate

COMMITTED = Path(__file__).resolve().parent.parent / "samples" / "bad"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_regenerating_the_bad_corpus_reproduces_the_committed_files(tmp_path):
    generate(tmp_path)
    changed = [name for name in CORPUS if digest(tmp_path / name) != digest(COMMITTED / name)]
    assert changed == []
    assert (tmp_path / "expected.json").read_text() == (COMMITTED / "expected.json").read_text()


def test_two_runs_encrypt_with_the_same_ids_and_salts(tmp_path):
    generate(tmp_path / "a")
    generate(tmp_path / "b")
    for name in ("encrypted-rc4.pdf", "encrypted-aes128.pdf", "encrypted-aes256.pdf",
                 "owner-password-only.pdf"):
        assert digest(tmp_path / "a" / name) == digest(tmp_path / "b" / name), name
