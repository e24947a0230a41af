"""Uploads are checked by their bytes, not their name."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hangviet.core.errors import DomainError
from hangviet.core.uploads import EVIDENCE_KINDS, IMAGE_KINDS, SPREADSHEET_KINDS, check_upload


def png_bytes(width=2, height=2) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


def test_real_png_accepted():
    checked = check_upload(SimpleUploadedFile("anh-san-pham.png", png_bytes()), allowed=IMAGE_KINDS)
    assert checked.content_type == "image/png"
    assert checked.name == "anh-san-pham.png"


def test_exe_renamed_jpg_refused():
    with pytest.raises(DomainError) as info:
        check_upload(SimpleUploadedFile("anh.jpg", EXE), allowed=IMAGE_KINDS, field="image")
    assert info.value.code == "file_type"
    assert info.value.field == "image"
    assert "không đúng định dạng" in info.value.message


def test_png_named_jpg_refused_as_extension_mismatch():
    with pytest.raises(DomainError) as info:
        check_upload(SimpleUploadedFile("anh.jpg", png_bytes()), allowed=IMAGE_KINDS)
    assert info.value.code == "file_extension"


def test_html_renamed_png_refused():
    with pytest.raises(DomainError):
        check_upload(SimpleUploadedFile("anh.png", b"<html><script>alert(1)</script></html>"), allowed=IMAGE_KINDS)


def test_oversized_file_refused(settings):
    big = png_bytes() + b"\x00" * (2 * 1024 * 1024)
    with pytest.raises(DomainError) as info:
        check_upload(SimpleUploadedFile("anh.png", big), allowed=IMAGE_KINDS, max_bytes=1024 * 1024)
    assert info.value.code == "file_too_large"
    assert "Tệp quá lớn" in info.value.message
    settings.HANGVIET_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(DomainError) as info:
        check_upload(SimpleUploadedFile("anh.png", big), allowed=IMAGE_KINDS)
    assert info.value.code == "file_too_large"


def test_empty_and_missing_files_refused():
    with pytest.raises(DomainError) as info:
        check_upload(SimpleUploadedFile("a.png", b""), allowed=IMAGE_KINDS)
    assert info.value.code == "file_empty"
    with pytest.raises(DomainError) as info:
        check_upload(None, allowed=IMAGE_KINDS)
    assert info.value.code == "file_missing"


def test_office_documents_are_told_apart_from_a_plain_zip():
    import zipfile

    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    xlsx = buffer.getvalue()
    assert check_upload(SimpleUploadedFile("bao-cao.xlsx", xlsx), allowed=SPREADSHEET_KINDS).content_type.endswith("sheet")
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("virus.exe", EXE)
    with pytest.raises(DomainError):
        check_upload(SimpleUploadedFile("bao-cao.xlsx", plain.getvalue()), allowed=SPREADSHEET_KINDS)


def test_csv_is_accepted_as_text_but_binary_named_csv_is_not():
    csv = "Tên,Mã số thuế\nHợp tác xã Bánh gai,0100101078\n".encode()
    assert check_upload(SimpleUploadedFile("ds.csv", csv), allowed=SPREADSHEET_KINDS).content_type == "text/csv"
    with pytest.raises(DomainError):
        check_upload(SimpleUploadedFile("ds.csv", EXE), allowed=SPREADSHEET_KINDS)


def test_pdf_accepted_for_evidence():
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert check_upload(SimpleUploadedFile("bien-ban.pdf", pdf), allowed=EVIDENCE_KINDS).content_type == "application/pdf"
