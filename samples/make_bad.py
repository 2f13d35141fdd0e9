"""Generate the bad-file corpus: one file per failure class, plus two damaged
files that must still import.

    python samples/make_bad.py                 # -> samples/bad/
    python samples/make_bad.py --out /tmp/bad

``samples/bad/expected.json`` maps each file to the error class a batch must
record for it (``null``: the file must import) and gives the small limits
the tests run with, so "too large", "too many pages" and "parse timeout"
need no huge files: ``too-large.pdf`` is padded with zeros (which git
compresses to almost nothing) past ``max_bytes``, ``too-many-pages.pdf``
has more pages than ``max_pages``, and ``parse-timeout.pdf`` is a small
valid PDF whose nested form XObjects take pdfminer hours to interpret.
Everything else derives from a committed sample plan, so the corpus stays
small (about 400 KB on disk, a few KB packed).
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import secrets
import sys
import time
import zlib
from pathlib import Path
from typing import Callable, Iterator

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HERE = Path(__file__).resolve().parent
BASE = HERE / "pdfs" / "ruled-rag-fill.pdf"
DEFAULT_OUT = HERE / "bad"

#: limits the robustness tests run with (defaults are far larger)
LIMITS = {"max_bytes": 256 * 1024, "max_pages": 100, "timeout_seconds": 15.0}

HTML_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found - Borough Council</title></head>
<body><h1>Sorry, we can't find that page</h1>
<p>The document you requested (Improvement Plan Appendix A) has moved or is no longer
available. Please search our committee papers or contact Democratic Services.</p>
</body></html>
"""


def base_pdf() -> bytes:
    return BASE.read_bytes()


def truncated(data: bytes) -> bytes:
    """A download cut off part-way: the first 60% of a good file."""
    return data[: int(len(data) * 0.6)]


def corrupt_streams(data: bytes) -> bytes:
    """Every stream's first bytes scrambled: the structure is intact but no
    page can be decoded (bit rot, a bad transfer in ASCII mode)."""
    return re.sub(rb"stream\r?\n(.{40})", lambda m: b"stream\n" + bytes(b ^ 0x5A for b in m.group(1)),
                  data, flags=re.S)


def broken_xref(data: bytes) -> bytes:
    """Every cross-reference offset wrong (a file edited by a careless tool):
    the objects are all there, so a repair must recover the whole plan."""
    i = data.rfind(b"\nxref")
    return data[:i] + re.sub(rb"\d{10} \d{5} n", b"0000000042 00000 n", data[i:])


@contextlib.contextmanager
def fixed_randomness(seed: str) -> Iterator[None]:
    """Make pypdf's file IDs, keys, salts and AES IVs (all drawn from
    ``secrets.token_bytes``) repeatable, so regenerating the corpus leaves
    the committed encrypted files byte for byte unchanged. These are sample
    files locked with published passwords: nothing here needs to be secret."""
    rng = random.Random(seed)
    real = secrets.token_bytes
    secrets.token_bytes = lambda n=32: rng.randbytes(n)
    try:
        yield
    finally:
        secrets.token_bytes = real


def encrypted(data: bytes, algorithm: str, user_password: str = "secret") -> bytes:
    """The file encrypted by pypdf (``RC4-128``, ``AES-128``, ``AES-256``).
    An empty ``user_password`` makes an owner-password-only file, which
    opens without a password and must import. Deterministic: see
    :func:`fixed_randomness`."""
    from pypdf import PdfReader, PdfWriter

    with fixed_randomness(f"{algorithm}:{user_password}"):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(user_password=user_password, owner_password="council-owner",
                       algorithm=algorithm)
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


def image_only(data: bytes, dpi: int = 60, quality: int = 40, pages: int | None = None,
               mode: str = "L") -> bytes:
    """The first ``pages`` pages (all by default) rendered to pictures and put
    back as an image-only PDF: what a scanner produces (no text layer at all).
    ``mode``: ``"L"`` greyscale (JPEG), ``"RGB"`` colour (JPEG), ``"1"``
    black and white (a fax or office scanner's default, and the smallest)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        n = min(len(doc), pages or len(doc))
        images = [_scan_mode(doc[i].render(scale=dpi / 72).to_pil(), mode) for i in range(n)]
    finally:
        doc.close()
    out = io.BytesIO()
    fixed = time.strptime("2017-03-31", "%Y-%m-%d")  # byte-stable output
    jpeg = {} if mode == "1" else {"quality": quality}  # "1" is stored as CCITT G4
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:],
                   creationDate=fixed, modDate=fixed, **jpeg)
    return out.getvalue()


def _scan_mode(picture, mode: str):
    if mode == "1":  # a fixed threshold, no dithering: clean black text and rulings
        return picture.convert("L").point(lambda v: 255 if v > 160 else 0).convert("1")
    return picture.convert(mode)


def padded(data: bytes, size: int) -> bytes:
    """A valid PDF of at least ``size`` bytes: the file with a zero-filled
    attachment (zeros compress to almost nothing in git)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_attachment("padding.bin", b"\0" * size)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def many_pages(n: int) -> bytes:
    """A valid PDF of ``n`` short text pages (a huge agenda pack in miniature)."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    c = Canvas(out, invariant=1, pageCompression=1)
    for i in range(1, n + 1):
        c.setFont("Helvetica", 11)
        c.drawString(72, 760, f"Agenda pack page {i} of {n}")
        c.showPage()
    c.save()
    return out.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    """Serialise numbered objects (1..n, object 1 the catalog) with an xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(dictionary: bytes, content: bytes) -> bytes:
    packed = zlib.compress(content, 9)
    return (b"<< " + dictionary + b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
            + packed + b"\nendstream")


def nested_forms(depth: int = 12, fanout: int = 4) -> bytes:
    """A small, valid, one-page PDF that draws form XObject 1, which draws
    form 2 ``fanout`` times, and so on ``depth`` levels deep: pdfminer
    interprets ``fanout ** depth`` forms (about 55 s at depth 8, hours at
    12) while memory stays flat.  The pathological case for the timeout."""
    first_form = 5
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
               b"<< /F1 4 0 R >> /XObject << /X0 %d 0 R >> >> /Contents %d 0 R >>"
               % (first_form, first_form + depth),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for level in range(depth):
        last = level == depth - 1
        content = b"q 1 0 0 1 0 0 cm Q " * 50 if last else b"/X%d Do " % (level + 1) * fanout
        res = b"<< >>" if last else b"<< /XObject << /X%d %d 0 R >> >>" % (
            level + 1, first_form + level + 1)
        objects.append(_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources "
                               + res, content))
    objects.append(_stream(b"", b"BT /F1 12 Tf 72 720 Td (Action plan) Tj ET /X0 Do"))
    return _pdf(objects)


def inflating(megabytes: int) -> bytes:
    """A ~1000:1 decompression bomb: a page whose content stream inflates to
    ``megabytes`` MiB of blanks (for the memory-limit test; not committed)."""
    content = b"BT /F1 12 Tf 72 720 Td (Action plan) Tj ET\n" + b" " * (megabytes * 2**20)
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
                 b"<< /F1 4 0 R >> >> /Contents 5 0 R >>",
                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                 _stream(b"", content)])


#: file name -> (builder from the base sample's bytes, class a batch records)
CORPUS: dict[str, tuple[Callable[[bytes], bytes], str | None]] = {
    "not-a-pdf.pdf": (lambda d: HTML_PAGE, "NotAPDF"),
    "empty.pdf": (lambda d: b"", "EmptyFile"),
    "truncated.pdf": (truncated, "CorruptPDF"),
    "corrupt-streams.pdf": (corrupt_streams, "CorruptPDF"),
    "encrypted-rc4.pdf": (lambda d: encrypted(d, "RC4-128"), "EncryptedPDF"),
    "encrypted-aes128.pdf": (lambda d: encrypted(d, "AES-128"), "EncryptedPDF"),
    "encrypted-aes256.pdf": (lambda d: encrypted(d, "AES-256"), "EncryptedPDF"),
    "image-only.pdf": (lambda d: image_only(d, pages=1), "NoTextLayer"),
    "too-large.pdf": (lambda d: padded(d, LIMITS["max_bytes"] + 4096), "TooLarge"),
    "too-many-pages.pdf": (lambda d: many_pages(LIMITS["max_pages"] + 20), "TooManyPages"),
    "parse-timeout.pdf": (lambda d: nested_forms(), "ParseTimeout"),
    # damaged but readable: these must import
    "broken-xref.pdf": (broken_xref, None),
    "owner-password-only.pdf": (lambda d: encrypted(d, "AES-128", user_password=""), None),
}


def generate(out_dir: Path = DEFAULT_OUT) -> dict[str, str | None]:
    """Write every corpus file and ``expected.json``; return name -> class."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = base_pdf()
    expected = {}
    for name, (build, error_class) in CORPUS.items():
        (out_dir / name).write_bytes(build(data))
        expected[name] = error_class
    manifest = {"limits": LIMITS, "base": BASE.name, "files": expected}
    (out_dir / "expected.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return expected


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = ap.parse_args(argv)
    for name, cls in generate(args.out).items():
        size = (args.out / name).stat().st_size
        print(f"{name:28} {size:>8} bytes  {cls or 'must import'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
