"""QR codes (SVG and PNG, drawn by segno) that carry the absolute address of a public catalogue
page, for printing on packaging, stalls and leaflets. The address uses the canonical SITE_URL, not
the request's host, so a code printed from any mirror or proxy still points to the real portal."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.http import HttpResponse

# A printed code is scanned from packaging that gets creased and dirty: error correction level M.
ERROR_LEVEL = "m"
CACHE_SECONDS = 86400
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def render(url: str, kind: str, *, title: str = "") -> bytes:
    """The QR code of `url` as SVG (scalable, for print) or PNG (for phones and office documents)."""
    if kind not in FORMATS:
        raise ValueError(kind)
    code = segno.make(url, error=ERROR_LEVEL)
    out = io.BytesIO()
    if kind == "svg":
        # A viewBox (so that the code scales cleanly in <img> and print layouts) and a natural size.
        code.save(out, kind="svg", scale=6, border=4, xmldecl=True, title=title or url, dark="#000", light="#fff",
                  omitsize=True)
        width, height = code.symbol_size(scale=6, border=4)
        return out.getvalue().replace(b"<svg ", f'<svg width="{width}" height="{height}" '.encode(), 1)
    else:
        code.save(out, kind="png", scale=10, border=4, dark="#000", light="#fff")
    return out.getvalue()


def response(url: str, kind: str, *, filename: str, title: str = "") -> HttpResponse:
    resp = HttpResponse(render(url, kind, title=title), content_type=FORMATS[kind])
    resp["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    resp["Content-Disposition"] = f'inline; filename="{filename}.{kind}"'
    resp["X-Content-Type-Options"] = "nosniff"
    return resp
