"""Attachments: which files are accepted, decided by their content (magic bytes), never by the
name or the declared type. Pure."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

MAX_BYTES = 10 * 1024 * 1024  # 10 MiB
PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ACCEPTED = (PDF, PNG, JPEG, DOCX, ODT)


def _office(content: bytes) -> str | None:
    """DOCX and ODT are ZIP packages: ODT names itself in its first entry `mimetype`; DOCX has
    `[Content_Types].xml` and a `word/` part. Only the directory and that one small entry are read."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = package.namelist()
            if "mimetype" in names and package.getinfo("mimetype").file_size < 100:
                if package.read("mimetype").strip() == ODT.encode():
                    return ODT
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return DOCX
    except (zipfile.BadZipFile, KeyError, ValueError, NotImplementedError, RuntimeError):
        return None
    return None


def sniff(content: bytes) -> str | None:
    """The media type of an accepted file, or None."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return _office(content)
    return None


def safe_filename(name: str | None, media_type: str) -> str:
    """A name to show and to offer on download: no path, no control characters, at most 120
    characters, and the extension that belongs to the content."""
    extension = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", ODT: ".odt"}[media_type]
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C").strip()
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", base).strip(" .") or "bijlage"
    return stem[:120] + extension
