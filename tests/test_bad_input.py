"""Bad files through the real `ofsted-kg build`: each is named with a one-line reason.

Every kind of bad input the loader meets on the web is made here in tmp_path: HTML error pages
saved as .pdf, truncated and encrypted PDFs, empty files, random bytes, text that is not a
report, wrong encodings, missing paths and a folder of thousands of files. The good files
beside them still load, no traceback is printed, and the exit status is 1.
"""

from __future__ import annotations

import hashlib

# The padding of the PDF standard security handler (PDF 32000-1, 7.6.3.3, algorithm 2).
_PASSWORD_PADDING = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
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
        objects[3 + 2 * len(pages) + 1] = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            owner.hex().encode(),
            user.hex().encode(),
            _PERMISSIONS,
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
