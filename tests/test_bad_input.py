"""Bad files through the real `ofsted-kg build`: each is named with a one-line reason.

Every kind of bad input the loader meets on the web is made here in tmp_path: HTML error pages
saved as .pdf, truncated and encrypted PDFs, empty files, random bytes, text that is not a
report, wrong encodings, missing paths and a folder of thousands of files. The good files
beside them still load, no traceback is printed, and the exit status is 1.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.build import SourceFile, _parse_to_nquads
from graph.store import EmbeddedStore
from loaders.document import Document
from tests.conftest import CORPUS, SEED_FILES

# The padding of the PDF standard security handler (PDF 32000-1, 7.6.3.3, algorithm 2).
_PASSWORD_PADDING = bytes.fromhex(
    "28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a"
)
_PERMISSIONS = -4  # every permission: the password, not the rights, is what stops a reader


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1", "replace") + b")"


def text_pdf(pages: list[list[str]], password: str | None = None) -> bytes:
    """Return a PDF whose pages show `pages`' lines; with `password`, encrypted (RC4, 40-bit).

    pypdfium2 cannot write encrypted files and pikepdf/qpdf are not dependencies, so the
    standard security handler (revision 2) is written out here; the tests check the result
    opens with the password and not without it.
    """
    file_id = hashlib.md5(repr(pages).encode()).digest()
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * index) for index in range(len(pages)))
        + b"] /Count %d >>" % len(pages),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    key = None
    if password is not None:
        padded = (password.encode("latin-1") + _PASSWORD_PADDING)[:32]
        owner = _rc4(hashlib.md5(padded).digest()[:5], padded)
        permissions = _PERMISSIONS.to_bytes(4, "little", signed=True)
        key = hashlib.md5(padded + owner + permissions + file_id).digest()[:5]
        user = _rc4(key, _PASSWORD_PADDING)
        objects[3 + 2 * len(pages) + 1] = (
            b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
            % (
                owner.hex().encode(),
                user.hex().encode(),
                _PERMISSIONS,
            )
        )
    for index, lines in enumerate(pages):
        page, content = 4 + 2 * index, 5 + 2 * index
        objects[page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        stream = (
            b"BT /F1 10 Tf 12 TL 50 800 Td "
            + b" ".join(_pdf_string(line) + b" Tj T*" for line in lines)
            + b" ET"
        )
        if key is not None:
            object_key = hashlib.md5(key + content.to_bytes(3, "little") + b"\0\0").digest()[:10]
            stream = _rc4(object_key, stream)
        objects[content] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, size))
    trailer = b"<< /Size %d /Root 1 0 R /ID [<%s> <%s>]" % (
        size,
        file_id.hex().encode(),
        file_id.hex().encode(),
    )
    if key is not None:
        trailer += b" /Encrypt %d 0 R" % (size - 1)
    out += b"trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


# --- the files ------------------------------------------------------------------------------

PROJECT = Path(__file__).resolve().parent.parent
# An ILACS report; its text is also rendered into a PDF so every case runs without the corpus.
ILACS_SEED = SEED_FILES["003"]
# The 2012-framework seed opens with "# Inspection of safeguarding and looked after children
# services" and "**Inspection dates:** 10-20 April 2012", but its first 600 characters end
# before the judgements table.
SAFEGUARDING_SEED = SEED_FILES["002"]
REAL_PDF = CORPUS / "80429_birmingham" / "children's services inspection - 23 may 2014.pdf"
NOT_A_REPORT = "not a children's services inspection report of a known kind"
SCHOOL_REPORT = """Inspection of Greenfield Primary School
Mill Lane, Somewhere SO1 2AB
Inspection dates: 5 and 6 March 2019
Overall effectiveness\tGood
The quality of education\tGood
Leadership and management\tGood
What is it like to attend this school?
Pupils enjoy coming to school and are kept safe.
"""


def seed_as_pdf(path: Path, password: str | None = None) -> bytes:
    """Return a seed report's text laid out as PDF pages of 60 wrapped lines."""
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        lines.extend(textwrap.wrap(line.replace("\t", "    "), 95) or [""])
    return text_pdf([lines[start : start + 60] for start in range(0, len(lines), 60)], password)


def real_or_seed_pdf() -> bytes:
    """Return a real report PDF from the corpus, or the seed laid out as a PDF without it."""
    return REAL_PDF.read_bytes() if REAL_PDF.exists() else seed_as_pdf(ILACS_SEED)


def _with_stray_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + b"\x92" + data[middle:]


# File name -> content of files that must load.
GOOD_FILES: dict[str, Callable[[], bytes]] = {
    "ilacs.txt": ILACS_SEED.read_bytes,
    "ilacs-as-pdf.pdf": lambda: seed_as_pdf(ILACS_SEED),
    "real.pdf": real_or_seed_pdf,
    "ilacs-utf16.txt": lambda: ILACS_SEED.read_text(encoding="utf-8").encode("utf-16"),
    "ilacs-utf16le-no-bom.txt": lambda: ILACS_SEED.read_text(encoding="utf-8").encode("utf-16-le"),
    "ilacs-cp1252.txt": lambda: ILACS_SEED.read_text(encoding="utf-8").encode("cp1252", "replace"),
    "ilacs-stray-byte.txt": lambda: _with_stray_byte(ILACS_SEED.read_bytes()),
    'odd <name> "quoted" #1 ?.txt': ILACS_SEED.read_bytes,
}
# File name -> (content, pattern its reason must match) of files that must be named.
BAD_FILES: dict[str, tuple[Callable[[], bytes], str]] = {
    "error-page.pdf": (
        lambda: (
            b"<!DOCTYPE html>\n<html><head><title>404 - Page not found</title></head>"
            b"<body><h1>Sorry</h1></body></html>"
        ),
        r"^is an HTML page, not a report \(title: '404 - Page not found'\)$",
    ),
    "login-page.pdf": (
        lambda: b"\n\n  <html lang='en'><head><title>Sign in</title>",
        r"^is an HTML page",
    ),
    "truncated.pdf": (
        lambda: real_or_seed_pdf()[: len(real_or_seed_pdf()) // 2],
        r"^PDF is truncated",
    ),
    "cut-after-header.pdf": (lambda: real_or_seed_pdf()[:100], r"^PDF is truncated"),
    "encrypted.pdf": (
        lambda: seed_as_pdf(ILACS_SEED, password="secret"),
        r"^PDF is encrypted \(password required\)$",
    ),
    "pdf-header-then-garbage.pdf": (
        lambda: b"%PDF-1.7\n" + random.Random(7).randbytes(3000) + b"\n%%EOF\n",
        r"^PDF cannot be opened",
    ),
    "scanned.pdf": (lambda: text_pdf([[], []]), r"^PDF has no text layer"),
    "empty.pdf": (lambda: b"", r"^file is empty$"),
    "empty.txt": (lambda: b"", r"^file is empty$"),
    "whitespace.txt": (lambda: b" \n\t\r\n  ", r"^file is empty$"),
    "random.pdf": (
        lambda: random.Random(1).randbytes(5000),
        r"^named \.pdf but is not a PDF",
    ),
    "random.txt": (lambda: random.Random(2).randbytes(5000), r"^binary data"),
    "zeros.txt": (lambda: bytes(4096), r"^binary data"),
    "novel.txt": (
        lambda: b"It was the best of times, it was the worst of times.\n" * 40,
        "^" + NOT_A_REPORT,
    ),
    "school-report.txt": (lambda: SCHOOL_REPORT.encode(), "^" + NOT_A_REPORT),
    "shift-jis.txt": (
        lambda: "これは報告書ではありません。".encode("shift_jis") * 30,
        "^binary data|^" + NOT_A_REPORT,
    ),
    "utf16-cut-mid-character.txt": (
        lambda: "Minutes of the meeting".encode("utf-16")[:-1],
        "^" + NOT_A_REPORT,
    ),
    "report-cut-before-judgements.txt": (
        lambda: SAFEGUARDING_SEED.read_bytes()[:600],
        r"^no overall effectiveness judgement found$",
    ),
}
MISSING = ("missing.pdf", "missing-folder/", "empty-folder")


def run_cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `ofsted-kg` as a user would, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "graph.cli", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )


def stored_sources(store: Path) -> set[str]:
    """Return the source paths of the reports in the store."""
    rows = EmbeddedStore(store).query(
        "SELECT ?source WHERE { GRAPH ?g { ?g okg:sourcePath ?source } }"
    )
    return {row["source"].value for row in rows}


def error_lines(stderr: str) -> dict[str, str]:
    """Return each 'error: SOURCE: REASON' line's reason by source; fail on a repeated source."""
    reasons: dict[str, str] = {}
    for line in stderr.splitlines():
        if line.startswith("error: "):
            source, _, reason = line.removeprefix("error: ").partition(": ")
            assert source not in reasons, f"{source} named twice"
            reasons[source] = reason
    return reasons


@pytest.fixture(scope="module")
def bad_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Build a folder of good and bad files, plus missing paths, in one `ofsted-kg build`."""
    root = tmp_path_factory.mktemp("bad-input")
    folder = root / "reports"
    folder.mkdir()
    for name, content in GOOD_FILES.items():
        (folder / name).write_bytes(content())
    for name, (content, _) in BAD_FILES.items():
        (folder / name).write_bytes(content())
    (root / "empty-folder").mkdir()
    return root, run_cli("build", "--store", "store", "reports", *MISSING, cwd=root)


def test_bad_files_fail_the_build_without_a_traceback(bad_build) -> None:
    _, result = bad_build
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "internal error" not in result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    failed = len(BAD_FILES) + len(MISSING)
    assert summary.startswith(f"{len(GOOD_FILES)} loaded, 0 unchanged, {failed} failed"), summary


def test_the_good_files_beside_them_load(bad_build) -> None:
    root, _ = bad_build
    assert stored_sources(root / "store") == {f"reports/{name}" for name in GOOD_FILES}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_is_named_with_its_reason(bad_build, name: str) -> None:
    _, result = bad_build
    reasons = error_lines(result.stderr)
    assert f"reports/{name}" in reasons, result.stderr
    assert re.search(BAD_FILES[name][1], reasons[f"reports/{name}"]), reasons[f"reports/{name}"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("missing.pdf", "no such file or folder"),
        ("missing-folder/", "no such file or folder"),
        ("empty-folder", "folder holds no .pdf or .txt files"),
    ],
)
def test_missing_paths_are_named(bad_build, path: str, reason: str) -> None:
    _, result = bad_build
    assert error_lines(result.stderr).get(path) == reason


def test_no_other_lines_are_printed(bad_build) -> None:
    _, result = bad_build
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(BAD_FILES) + len(MISSING) + 1  # one per failure, and the summary
    assert result.stdout == ""


def test_the_encrypted_file_really_is_encrypted() -> None:
    import pypdfium2 as pdfium

    data = seed_as_pdf(ILACS_SEED, password="secret")
    with pytest.raises(pdfium.PdfiumError, match="password"):
        pdfium.PdfDocument(data)
    pdf = pdfium.PdfDocument(data, password="secret")
    # Seed 003 opens "Inspection of Westminster local authority children's services".
    assert "Inspection of Westminster" in pdf[0].get_textpage().get_text_range()


def test_a_folder_of_thousands_of_files(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    makers = (
        lambda i: b"<html><head><title>Error %d</title></head></html>" % i,
        lambda i: b"%PDF-1.4\n" + random.Random(i).randbytes(200),
        lambda _: b"",
        lambda i: b"Minutes of meeting %d\nNothing to report.\n" % i,
    )
    count = 3000
    for i in range(count):
        suffix = ".pdf" if i % 4 < 2 else ".txt"
        (folder / f"file-{i:05d}{suffix}").write_bytes(makers[i % 4](i))
    (folder / "sub").mkdir()
    shutil.copy(ILACS_SEED, folder / "sub" / "ilacs.txt")
    started = time.monotonic()
    result = run_cli("build", "--store", "store", "downloads", cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    reasons = error_lines(result.stderr)
    assert set(reasons) == {f"downloads/file-{i:05d}{'.pdf' if i % 4 < 2 else '.txt'}"
                            for i in range(count)}  # fmt: skip
    assert stored_sources(tmp_path / "store") == {"downloads/sub/ilacs.txt"}
    assert elapsed < 300, f"{count} bad files took {elapsed:.0f} s"


def test_a_second_build_names_the_bad_files_again(tmp_path: Path) -> None:
    # Bad files are not remembered as loaded: each build names them until they are fixed.
    (tmp_path / "ilacs.txt").write_bytes(ILACS_SEED.read_bytes())
    (tmp_path / "error-page.pdf").write_bytes(b"<html><title>Gone</title></html>")
    for _ in range(2):
        result = run_cli("build", "--store", "store", "ilacs.txt", "error-page.pdf", cwd=tmp_path)
        assert result.returncode == 1
        assert list(error_lines(result.stderr)) == ["error-page.pdf"]


def test_a_file_name_that_is_not_utf8_still_loads(tmp_path: Path) -> None:
    name = os.fsdecode(b"report-\xff.txt")
    (tmp_path / name).write_bytes(ILACS_SEED.read_bytes())
    result = run_cli("build", "--store", "store", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # The odd byte is shown escaped, so the name can be printed and stored.
    assert stored_sources(tmp_path / "store") == {"./report-\\xff.txt"}


def test_a_broken_link_in_a_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "ilacs.txt").write_bytes(ILACS_SEED.read_bytes())
    (tmp_path / "reports" / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    result = run_cli("build", "--store", "store", "reports", cwd=tmp_path)
    assert result.returncode == 1
    assert error_lines(result.stderr) == {
        "reports/gone.pdf": "broken link: its target does not exist"
    }
    assert stored_sources(tmp_path / "store") == {"reports/ilacs.txt"}


def test_a_parse_worker_that_dies_is_named_and_the_others_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import build as build_module

    # The pool forks after this, so its workers run the patched function.
    monkeypatch.setattr(build_module, "_parse_to_nquads", parse_or_die)
    folder = tmp_path / "reports"
    folder.mkdir()
    for key in ("001", "002", "003", "004"):
        shutil.copy(SEED_FILES[key], folder / SEED_FILES[key].name)
    (folder / "crash.pdf").write_bytes(seed_as_pdf(ILACS_SEED))
    result = build_module.build(EmbeddedStore(tmp_path / "store"), [str(folder)], workers=2)
    assert [source for source, _ in result.failed] == [str(folder / "crash.pdf")]
    assert len(result.loaded) == 4


def parse_or_die(
    file: SourceFile, document: Document | None = None
) -> tuple[str, bytes | None, str | None, list[str]]:
    """Parse like a build worker, but die on a file named crash*, as pdfium crashing would."""
    if file.path.name.startswith("crash"):
        os._exit(139)
    return _parse_to_nquads(file, document)
