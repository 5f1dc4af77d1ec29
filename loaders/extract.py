"""Pull text out of a file: PDF pages with pypdfium2, or a plain-text conversion."""

from __future__ import annotations

import hashlib
from pathlib import Path

from loaders.document import Document, Page
from loaders.errors import NotAReportError, UnreadableFileError

PDF_MAGIC = b"%PDF-"
TEXT_SUFFIXES = {".txt", ".md", ".text", ".html", ".htm"}
# Form feed separates pages in text made by pdftotext; seeds have none but keep pages if present.
FORM_FEED = "\f"


def content_hash(data: bytes) -> str:
    """Return the hash that identifies a file's content across builds."""
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, source: str | None = None) -> Document:
    """Read `path` into a Document, or raise a LoadError naming the reason."""
    source = source if source is not None else str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFileError(source, "no such file") from None
    except IsADirectoryError:
        raise UnreadableFileError(source, "is a folder, not a file") from None
    except OSError as error:
        raise UnreadableFileError(source, f"cannot be read ({error.strerror})") from None
    return document_from_bytes(data, source, suffix=path.suffix.lower())


def document_from_bytes(data: bytes, source: str, suffix: str = "") -> Document:
    """Turn file bytes into a Document, choosing PDF or text by content, not by name."""
    if not data.strip():
        raise UnreadableFileError(source, "file is empty")
    digest = content_hash(data)
    head = data[:1024].lstrip()
    if head.startswith(PDF_MAGIC):
        return Document(source, "application/pdf", _pdf_pages(data, source), digest)
    if _looks_like_html(head):
        raise NotAReportError(source, _html_reason(data))
    if suffix == ".pdf":
        raise UnreadableFileError(source, "named .pdf but is not a PDF (no %PDF header)")
    text = _decode_text(data, source)
    pages = tuple(
        Page(None, chunk) for chunk in (text.split(FORM_FEED) if FORM_FEED in text else [text])
    )
    return Document(source, "text/plain", pages, digest)


def _pdf_pages(data: bytes, source: str) -> tuple[Page, ...]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            raise UnreadableFileError(source, "PDF is encrypted (password required)") from None
        if b"%%EOF" not in data[-2048:]:
            # A download cut short: say so rather than pass on pdfium's generic format error.
            raise UnreadableFileError(
                source, f"PDF is truncated (no %%EOF at its end): {reason}"
            ) from None
        raise UnreadableFileError(source, f"PDF cannot be opened: {reason}") from None
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                pages.append(Page(index + 1, textpage.get_text_range()))
            finally:
                textpage.close()
                page.close()
    except pdfium.PdfiumError as error:
        raise UnreadableFileError(source, f"PDF page cannot be read: {error}") from None
    finally:
        pdf.close()
    if not any(page.text.strip() for page in pages):
        raise UnreadableFileError(source, "PDF has no text layer (scanned image?)")
    return tuple(pages)


def _looks_like_html(head: bytes) -> bool:
    lowered = head[:512].lower()
    return lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:200]


def _html_reason(data: bytes) -> str:
    import re

    match = re.search(rb"<title[^>]*>(.*?)</title>", data[:20000], re.IGNORECASE | re.DOTALL)
    title = " ".join(match.group(1).decode("utf-8", "replace").split()) if match else ""
    if title:
        return f"is an HTML page, not a report (title: {title!r})"
    return "is an HTML page, not a report"


def _decode_text(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        encoding = _utf16_encoding(data)
        if encoding is None:
            raise UnreadableFileError(source, "binary data, neither PDF nor text")
        return _mostly_decodable(data.decode(encoding, errors="replace"), source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few stray bytes keeps its other accents and quotes; read as Windows-1252
    # it would turn every one of them into mojibake ("Childrenâ€™s").
    as_utf8 = data.decode("utf-8", errors="replace")
    stray = as_utf8.count("\ufffd")
    if sum(1 for character in as_utf8 if ord(character) > 127) - stray > stray:
        return _mostly_decodable(as_utf8, source)
    return _mostly_decodable(data.decode("cp1252", errors="replace"), source)


def _utf16_encoding(data: bytes) -> str | None:
    """Return the UTF-16 codec that text with NUL bytes is in, or None if it is not UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    # Without a byte-order mark, mostly-ASCII UTF-16 has a NUL in every other byte.
    sample = data[:4096]
    half = len(sample) // 2
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls > 0.8 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.8 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _mostly_decodable(text: str, source: str) -> str:
    # Many undecodable bytes means random binary rather than a legacy-encoded text file.
    if text.count("\ufffd") > max(8, len(text) // 200):
        raise UnreadableFileError(source, "binary data, neither PDF nor text")
    return text
