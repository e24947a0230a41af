"""Open data: the published catalogue as CSV and JSON downloads, so that other portals can mirror it.

Only published products, their producers and their OCOP certificates; no personal data (no phone,
e-mail, representative, address or tax code, which for a household business is a person's). The
files are streamed row by row, carry an ETag and Last-Modified taken from `selectors.open_data_version`
and answer 304 to a client that already holds the current version."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator

from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import selectors

CACHE_CONTROL = "public, max-age=300"
CHUNK = 1000


def _url(path: str) -> str:
    from .qr import absolute_url

    return absolute_url(path)


def _date(value) -> str:
    return value.isoformat() if value else ""


def product_row(p) -> dict:
    return {
        "id": p.pk, "ma_san_pham": p.code, "ten": p.name, "ma_nhom": p.category_id, "nhom": p.category.name,
        "nganh_ocop": p.sector, "hang_sao_ocop": p.stars, "co_so_id": p.producer_id, "co_so": p.producer.name,
        "loai_hinh_co_so": p.producer_kind, "xuat_xu": p.origin, "ma_xa_phuong": p.place_id, "xa_phuong": p.place.name,
        "ma_tinh": p.province_id, "tinh": p.province.name, "quy_cach": p.packaging, "don_vi": p.unit,
        "gia_tham_khao_vnd": p.price_vnd, "mo_ta": p.description, "noi_ban": p.where_sold,
        "lien_ket_tmdt": " ".join(p.ecommerce_links or []), "cong_bo_luc": _date(p.published_at),
        "cap_nhat_luc": _date(p.updated_at), "url": _url(f"/san-pham/{p.pk}/"),
    }


def producer_row(b) -> dict:
    place = b.place
    province = place.province if place.province_id else None
    return {
        "id": b.pk, "ten": b.name, "ten_viet_tat": b.short_name, "loai_hinh": b.kind, "ma_xa_phuong": place.pk,
        "xa_phuong": place.name, "ma_tinh": province.pk if province else "", "tinh": province.name if province else "",
        "cap_nhat_luc": _date(b.updated_at), "url": _url(f"/co-so/{b.pk}/"),
    }


def certificate_row(c) -> dict:
    return {
        "so_giay_chung_nhan": c.number, "san_pham_id": c.product_id, "san_pham": c.product.name,
        "co_so": c.product.producer.name, "hang_sao": c.stars, "tong_diem": c.score,
        "so_quyet_dinh": c.decision_number, "ngay_quyet_dinh": _date(c.decision_date), "cap_cong_nhan": c.issuing_level,
        "co_quan_cong_nhan": c.issuing_authority, "hieu_luc_tu": _date(c.valid_from),
        "hieu_luc_den": _date(c.valid_until), "trang_thai": c.status, "quy_dinh_ap_dung": c.rules_id,
        "cap_nhat_luc": _date(c.updated_at),
    }


PRODUCT_COLUMNS = (
    "id", "ma_san_pham", "ten", "ma_nhom", "nhom", "nganh_ocop", "hang_sao_ocop", "co_so_id", "co_so", "loai_hinh_co_so",
    "xuat_xu", "ma_xa_phuong", "xa_phuong", "ma_tinh", "tinh", "quy_cach", "don_vi", "gia_tham_khao_vnd", "mo_ta",
    "noi_ban", "lien_ket_tmdt", "cong_bo_luc", "cap_nhat_luc", "url")
PRODUCER_COLUMNS = ("id", "ten", "ten_viet_tat", "loai_hinh", "ma_xa_phuong", "xa_phuong", "ma_tinh", "tinh",
                    "cap_nhat_luc", "url")
CERTIFICATE_COLUMNS = (
    "so_giay_chung_nhan", "san_pham_id", "san_pham", "co_so", "hang_sao", "tong_diem", "so_quyet_dinh",
    "ngay_quyet_dinh", "cap_cong_nhan", "co_quan_cong_nhan", "hieu_luc_tu", "hieu_luc_den", "trang_thai",
    "quy_dinh_ap_dung", "cap_nhat_luc")

# name in the URL -> (selectors kind, rows, row function, columns)
DATASETS: dict[str, tuple[str, Callable[[], Iterable], Callable[[object], dict], tuple[str, ...]]] = {
    "san-pham": ("products", selectors.open_products, product_row, PRODUCT_COLUMNS),
    "co-so": ("producers", selectors.open_producers, producer_row, PRODUCER_COLUMNS),
    "giay-chung-nhan": ("certificates", selectors.open_certificates, certificate_row, CERTIFICATE_COLUMNS),
}


def version(kind: str):
    """(ETag, Last-Modified) of a set. Product rows show the stars of their certificates, and a new
    or lapsed certificate changes a product's stars without touching its `updated_at`, so the
    products' version also follows the certificates'."""
    tag, stamp = selectors.open_data_version(kind)
    # The selector's tag counts whole seconds; two changes within one second must still differ.
    material = f"{tag}{stamp.isoformat() if stamp else ''}"
    if kind == "products":
        cert_tag, cert_stamp = selectors.open_data_version("certificates")
        material += f"{cert_tag}{cert_stamp.isoformat() if cert_stamp else ''}"
        if cert_stamp and (stamp is None or cert_stamp > stamp):
            stamp = cert_stamp
    return f'"{kind}-{hashlib.sha1(material.encode()).hexdigest()[:24]}"', stamp


def _not_modified(request, tag: str, stamp) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        # The If-None-Match check wins over If-Modified-Since (RFC 9110 13.2.2).
        offered = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return tag in offered or "*" in offered
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return bool(since is not None and stamp is not None and int(stamp.timestamp()) <= since)


class _Line:
    """A file-like object whose write returns the text, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable, to_row: Callable[[object], dict], columns: tuple[str, ...]) -> Iterator[str]:
    writer = csv.DictWriter(_Line(), fieldnames=columns)
    # A byte-order mark, so that Excel (what offices open CSV with) reads the Vietnamese text right.
    yield "\ufeff" + writer.writeheader()
    for obj in rows:
        yield writer.writerow({k: "" if v is None else v for k, v in to_row(obj).items()})


def json_stream(rows: Iterable, to_row: Callable[[object], dict], *, meta: dict) -> Iterator[str]:
    yield json.dumps(meta, ensure_ascii=False)[:-1] + ', "items": ['
    first = True
    for obj in rows:
        yield ("" if first else ",\n") + json.dumps(to_row(obj), ensure_ascii=False)
        first = False
    yield "]}\n"


def _headers(response, tag: str, stamp) -> None:
    response["ETag"] = tag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp.timestamp())
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"


@require_safe
def download(request, dataset: str, fmt: str):
    if dataset not in DATASETS or fmt not in ("csv", "json"):
        return render(request, "portal/error.html", {"code": 404, "message": _("Không có tệp dữ liệu này.")}, status=404)
    kind, rows, to_row, columns = DATASETS[dataset]
    tag, stamp = version(kind)
    if _not_modified(request, tag, stamp):
        response = HttpResponseNotModified()
        _headers(response, tag, stamp)
        return response
    if request.method == "HEAD":
        response = HttpResponse(content_type="text/csv; charset=utf-8" if fmt == "csv" else "application/json")
    else:
        queryset = rows().iterator(chunk_size=CHUNK)
        if fmt == "csv":
            response = StreamingHttpResponse(csv_stream(queryset, to_row, columns), content_type="text/csv; charset=utf-8")
        else:
            meta = {"dataset": dataset, "version": tag.strip('"'), "updated": _date(stamp),
                    "source": _url("/du-lieu-mo/")}
            response = StreamingHttpResponse(json_stream(queryset, to_row, meta=meta),
                                             content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hangviet-{dataset}.{fmt}"'
    _headers(response, tag, stamp)
    return response


@require_safe
def index(request):
    sets = []
    labels = {
        "san-pham": (_("Sản phẩm đã công bố"), _("Tên, nhóm, hạng sao OCOP hiện hành, cơ sở sản xuất, nơi sản xuất, giá tham khảo, nơi bán.")),
        "co-so": (_("Cơ sở sản xuất"), _("Tên, loại hình, xã/phường và tỉnh của các chủ thể có sản phẩm đã công bố.")),
        "giay-chung-nhan": (_("Giấy chứng nhận OCOP"), _("Số giấy, sản phẩm, hạng sao, điểm, quyết định, cơ quan công nhận, thời hạn, trạng thái.")),
    }
    for dataset, (kind, *_rest) in DATASETS.items():
        tag, stamp = version(kind)
        title, description = labels[dataset]
        sets.append({"slug": dataset, "title": title, "description": description, "updated": stamp})
    return render(request, "catalog/open_data.html", {"sets": sets})
