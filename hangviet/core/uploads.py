"""Upload checks by content, not by name: the bytes must be what the extension claims and of a kind
the field allows, under the size limit. Used by every form and endpoint that takes a file."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings

from .errors import DomainError

IMAGE_KINDS = {"image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",), "image/webp": (".webp",), "image/gif": (".gif",)}
PDF_KINDS = {"application/pdf": (".pdf",)}
OFFICE_KINDS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}
EVIDENCE_KINDS = {**IMAGE_KINDS, **PDF_KINDS, **OFFICE_KINDS}
SPREADSHEET_KINDS = {**{k: v for k, v in OFFICE_KINDS.items() if "spreadsheet" in k}, "text/csv": (".csv",)}

_OOXML_MARKERS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word/document.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xl/workbook.xml",
}


@dataclass
class CheckedUpload:
    name: str
    content_type: str
    size: int


def _read_head(upload, length: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def sniff(upload) -> str | None:
    """The content type the bytes prove, or None."""
    head = _read_head(upload, 8192)
    kind = filetype.guess(head)
    if kind is not None:
        mime = kind.mime
        if mime == "application/zip" or mime.startswith("application/vnd.openxmlformats"):
            try:
                upload.seek(0)
                with zipfile.ZipFile(upload) as archive:
                    names = set(archive.namelist())
            except zipfile.BadZipFile:
                return None
            finally:
                upload.seek(0)
            for ooxml, marker in _OOXML_MARKERS.items():
                if marker in names:
                    return ooxml
            return "application/zip"
        return mime
    # Plain text (CSV/TXT) has no magic number: accept it when it decodes and carries no NUL bytes.
    if b"\x00" not in head:
        for encoding in ("utf-8", "utf-16", "cp1258", "cp1252"):
            try:
                head.decode(encoding)
                return "text/plain"
            except UnicodeDecodeError:
                continue
    return None


def check_upload(upload, *, allowed: dict[str, tuple[str, ...]], max_bytes: int | None = None,
                 field: str = "file") -> CheckedUpload:
    """Raise DomainError unless the file is of an allowed kind by its bytes, its extension agrees,
    and it is within the size limit."""
    if upload is None:
        raise DomainError("file_missing", "Chưa chọn tệp.", field=field)
    limit = max_bytes or settings.HANGVIET_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    if size == 0:
        raise DomainError("file_empty", "Tệp rỗng.", field=field)
    if size > limit:
        raise DomainError("file_too_large", f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.", field=field)
    name = os.path.basename(getattr(upload, "name", "") or "tep")
    ext = os.path.splitext(name)[1].lower()
    detected = sniff(upload)
    allowed_exts = {e for exts in allowed.values() for e in exts}
    nice = ", ".join(sorted(allowed_exts))
    if detected == "text/plain":
        text_types = [m for m in allowed if m.startswith("text/")]
        if text_types and ext in {e for m in text_types for e in allowed[m]}:
            detected = text_types[0]
    if detected not in allowed:
        raise DomainError(
            "file_type",
            f"Tệp “{name}” không đúng định dạng cho phép ({nice}): nội dung tệp không khớp với loại tệp được chấp nhận.",
            field=field,
        )
    if ext not in allowed[detected]:
        raise DomainError(
            "file_extension",
            f"Tệp “{name}” có phần mở rộng không khớp với nội dung thật của tệp ({detected}).",
            field=field,
        )
    return CheckedUpload(name=name, content_type=detected, size=size)
