"""Reading source documents: plain text or PDF with a text layer, into a `Source`."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from .errors import InputError, NotAProtocol
from .mapping_base import Source

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ""}
PDF_SUFFIXES = {".pdf"}


def pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, page by page; InputError if there is none."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{name}: the PDF is encrypted; give an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{name}: not a readable PDF ({exc})") from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise InputError(f"{name}: not a readable PDF ({type(exc).__name__})") from exc
    text = "\f\n".join(pages)  # a form feed between pages: the extraction knows page breaks
    if not text.strip():
        raise InputError(f"{name}: the PDF has no text layer (a scanned image?); run OCR first")
    return text


def decode_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise NotAProtocol(f"{name}: a binary file, not a text or PDF document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def source_from_bytes(data: bytes, name: str) -> Source:
    """A Source from uploaded bytes; the file name decides between PDF and text."""
    if data[:5] == b"%PDF-" or Path(name).suffix.lower() in PDF_SUFFIXES:
        raw = pdf_text(data, name)
    else:
        raw = decode_text(data, name)
    if not raw.strip():
        raise NotAProtocol(f"{name}: the document is empty")
    return Source(name=Path(name).name, raw=raw)


def read_source(path: str | Path) -> Source:
    """Read a text or PDF file; InputError with one line for anything unreadable."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a document")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror})") from exc
    return source_from_bytes(data, p.name)
