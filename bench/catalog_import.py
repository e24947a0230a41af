"""Benchmark: bulk import of a 100,000-row products XLSX (issue 4: under 60 s), through the real code
path the admin uses (read + validate the whole file, then save it in batches), without the HTTP upload.

It generates realistic files (Vietnamese names and descriptions, prices written '1.234.000', tax codes as
numbers that lost their leading zero in some rows, codes of real communes), imports the producers they
reference first, then the products, then the same products file again (the idempotent re-import:
everything unchanged), and prints the times.

    .venv/bin/python bench/catalog_import.py                       # SQLite (fresh var/bench-catalog-import.sqlite3)
    createdb -h 127.0.0.1 -U postgres hv_bench_import
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hv_bench_import .venv/bin/python bench/catalog_import.py

Options: --rows N (default 100000), --producers N (default 5000), --keep (keep the generated files).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench-catalog-import.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("HUEY_IMMEDIATE", "1")
if "DATABASE_URL" not in os.environ:
    DEFAULT_DB.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

GOODS = ["Bánh gai", "Nem chua", "Kẹo lạc", "Chè xanh", "Nước mắm", "Mật ong rừng", "Gạo nếp cái hoa vàng", "Mắm tôm",
         "Rượu nếp", "Bánh đa", "Cá kho làng Vũ Đại", "Miến dong", "Tinh dầu sả", "Chiếu cói", "Mây tre đan", "Nấm linh chi",
         "Trà hoa vàng", "Dầu lạc ép", "Bưởi Luận Văn", "Cam Vân Du", "Kẹo cu đơ", "Tương Bần", "Chả tôm", "Giò lụa",
         "Bánh cuốn", "Thịt chua", "Măng khô", "Mộc nhĩ", "Hạt điều rang muối", "Cà phê bột"]
QUALIFIERS = ["truyền thống", "đặc biệt", "loại 1", "hảo hạng", "hữu cơ", "sạch", "gia truyền", "xuất khẩu", "làng nghề",
              "Xứ Thanh", "Tứ Trụ", "Nga Sơn", "Hoằng Hóa", "Sầm Sơn", "Thường Xuân", "Như Thanh", "Quảng Xương"]
UNITS = ["hộp", "gói", "chai", "kg", "túi", "lọ", "bó", "chiếc"]
PACKS = ["Hộp giấy 10 chiếc", "Túi hút chân không 500 g", "Chai thủy tinh 500 ml", "Hộp nhựa 1 kg", "Bao 5 kg"]
DESCRIPTIONS = [
    "Sản phẩm được làm thủ công theo công thức gia truyền, nguyên liệu lấy từ vùng trồng đạt chuẩn VietGAP.",
    "Đặc sản nổi tiếng của địa phương, hương vị đậm đà, đóng gói tiện lợi làm quà biếu.",
    "Sản xuất theo quy trình khép kín, không chất bảo quản, bảo quản nơi khô ráo thoáng mát.",
    "Nguyên liệu tự nhiên 100%, được chứng nhận an toàn thực phẩm, phù hợp mọi lứa tuổi.",
]
HEADER = ["Mã sản phẩm", "Tên sản phẩm", "Mã nhóm sản phẩm", "Mã số thuế chủ thể", "Mã xã/phường nơi sản xuất", "Xuất xứ",
          "Mô tả", "Thành phần, quy cách", "Bao bì, đóng gói", "Đơn vị tính", "Giá tham khảo (đồng)", "Nơi bán",
          "Liên kết thương mại điện tử"]


def setup_db():
    call_command("migrate", interactive=False, verbosity=0)
    from hangviet.agencies.models import User

    if not User.objects.filter(username="daumoi.qltm").exists():
        from hangviet.demo import foundation

        foundation.load()


def tax_codes(n: int) -> list[str]:
    from hangviet.core.validators import make_tax_code

    out, value = [], 280_100_000
    while len(out) < n:
        value += 7
        try:
            out.append(make_tax_code(f"{value:09d}"))
        except ValueError:
            continue
    return out


def write_files(directory: Path, rows: int, producers: int) -> tuple[Path, Path]:
    from openpyxl import Workbook

    from hangviet.catalog.models import Category
    from hangviet.places.models import Place

    rnd = random.Random(2026)
    communes = list(Place.objects.filter(province_id="38", level="commune", valid_to__isnull=True)
                    .values_list("code", flat=True))
    categories = list(Category.objects.filter(level__in=["set", "general"]).values_list("code", flat=True))
    codes = tax_codes(producers)
    places = [rnd.choice(communes) for _ in codes]
    producer_path = directory / "chu-the.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Dữ liệu")
    ws.append(["Mã số thuế", "Tên chủ thể", "Loại hình", "Mã xã/phường", "Địa chỉ", "Người đại diện", "Điện thoại"])
    kinds = [("Hợp tác xã", "Hợp tác xã"), ("Công ty TNHH", "Doanh nghiệp"), ("Hộ kinh doanh", "Hộ kinh doanh"),
             ("Tổ hợp tác", "Tổ hợp tác")]
    for index, (code, place) in enumerate(zip(codes, places, strict=True)):
        prefix, kind = kinds[index % 4]
        # Every third tax code as a number: spreadsheets drop its leading zero.
        ws.append([int(code) if index % 3 == 0 else code, f"{prefix} {rnd.choice(GOODS)} {rnd.choice(QUALIFIERS)} số {index}",
                   kind, place, f"Thôn {index % 12 + 1}", "Nguyễn Văn An", f"09{index:08d}"[:10]])
    wb.save(producer_path)

    products_path = directory / "san-pham.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Dữ liệu")
    ws.append(["DANH SÁCH SẢN PHẨM CỦA TỈNH THANH HÓA"])  # a title row above the header, as offices do
    ws.append(HEADER)
    for index in range(rows):
        producer = rnd.randrange(producers)
        price = rnd.randrange(10, 2000) * 1000
        ws.append([
            f"TH-{index:07d}", f"{rnd.choice(GOODS)} {rnd.choice(QUALIFIERS)} {index}", rnd.choice(categories),
            int(codes[producer]) if producer % 3 == 0 else codes[producer],
            places[producer] if index % 2 else None, "Sản xuất tại tỉnh",
            rnd.choice(DESCRIPTIONS), "Nguyên liệu địa phương", rnd.choice(PACKS), rnd.choice(UNITS),
            f"{price:,}".replace(",", ".") if index % 2 else price, "Cửa hàng OCOP Thanh Hóa",
            f"https://shop.example.vn/sp/{index}" if index % 5 == 0 else None,
        ])
    wb.save(products_path)
    return producer_path, products_path


def timed_import(kind: str, path: Path, user, scope):
    from hangviet.catalog import importer
    from hangviet.catalog.models import ImportJob, ImportStatus

    job = ImportJob(kind=kind, original_name=path.name, created_by=user)
    with open(path, "rb") as handle:
        from django.core.files import File

        job.file.save(path.name, File(handle), save=False)
    job.save()
    started = time.perf_counter()
    importer.validate_job(job.pk)
    validated = time.perf_counter()
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED, (job.message, job.errors[:5])
    job.status = ImportStatus.IMPORTING
    job.save(update_fields=["status"])
    importer.import_job(job.pk)
    done = time.perf_counter()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    job.file.delete(save=False)
    return job, validated - started, done - validated


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--producers", type=int, default=5000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--batch", type=int, default=0, help="rows per batch (default: the importer's)")
    args = parser.parse_args()
    setup_db()
    if args.batch:
        from hangviet.catalog import importer

        importer.BATCH_SIZE = args.batch
    from hangviet.agencies.models import User
    from hangviet.agencies.scope import scope_for
    from hangviet.catalog.models import Product

    user = User.objects.get(username="daumoi.qltm")
    scope = scope_for(user)
    directory = Path(tempfile.mkdtemp(prefix="hv-import-"))
    started = time.perf_counter()
    producer_path, products_path = write_files(directory, args.rows, args.producers)
    print(f"database: {connection.vendor}; generated {args.rows:,} products and {args.producers:,} producers in "
          f"{time.perf_counter() - started:.1f} s ({products_path.stat().st_size / 1e6:.1f} MB XLSX)", flush=True)
    results = []
    for label, kind, path in (("producers", "producers", producer_path), ("products (new)", "products", products_path),
                              ("products (re-import)", "products", products_path)):
        cpu = time.process_time()
        job, validate_s, import_s = timed_import(kind, path, user, scope)
        cpu = time.process_time() - cpu
        results.append((label, job, validate_s, import_s))
        print(f"{label:22s} rows={job.total_rows:>7,} valid={job.valid_rows:>7,} created={job.created_count:>7,} "
              f"updated={job.updated_count:>6,}  validate {validate_s:6.1f} s  import {import_s:6.1f} s  "
              f"total {validate_s + import_s:6.1f} s (CPU {cpu:5.1f} s)", flush=True)
    assert Product.objects.filter(code__startswith="TH-").count() == args.rows
    new = results[1]
    total = new[2] + new[3]
    verdict = "OK" if total < 60 else "TOO SLOW"
    print(f"100,000-row products XLSX: validate + import = {total:.1f} s (goal < 60 s): {verdict}")
    if not args.keep:
        for path in (producer_path, products_path):
            path.unlink(missing_ok=True)
        directory.rmdir()
    return 0 if total < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
