"""Seed the promotion rules in force (Decree 81/2018/NĐ-CP as amended by Decree 128/2024/NĐ-CP, in force
01/12/2024; Circular 39/2025/TT-BCT). Numbers marked [check] in docs must be confirmed against the gazette;
an administrator edits these rows (or adds rows for a new decree) without touching code."""

import datetime as dt

from django.db import migrations

SOURCE = "Luật Thương mại 2005 (Điều 92); Nghị định 81/2018/NĐ-CP, sửa đổi bởi Nghị định 128/2024/NĐ-CP; Thông tư 39/2025/TT-BCT"
FROM = dt.date(2024, 12, 1)

# form, procedure, lead time (working days), per-unit cap %, Tết/holiday cap %, total cap %, max duration (days),
# review (working days), result report days, unawarded % to budget, prizes required, note
RULES = [
    ("samples", "none", None, None, None, None, None, 5, None, None, False,
     "Không phải thông báo, đăng ký (Nghị định 128/2024)."),
    ("gifts", "none", None, 50, 100, 50, None, 5, None, None, False,
     "Giá trị vật phẩm tặng cho một đơn vị hàng không quá 50% giá hàng; 100% trong dịp Tết, ngày lễ, chương trình tập trung (Thông tư 39/2025)."),
    ("discounts", "none", None, 50, 100, None, 120, 5, None, None, False,
     "Mức giảm giá không quá 50% giá hàng ngay trước khuyến mại; 100% trong chương trình tập trung, dịp Tết, ngày lễ. "
     "Tổng thời gian giảm giá một nhãn hàng không quá 120 ngày/năm [cần kiểm tra còn hiệu lực]."),
    ("vouchers", "none", None, 50, 100, 50, None, 5, None, None, False,
     "Giá trị phiếu cho một đơn vị hàng không quá 50% giá hàng."),
    ("contests", "notify", 3, None, None, None, None, 5, None, None, False,
     "Thông báo tới Sở Công Thương nơi thực hiện chậm nhất 3 ngày làm việc trước khi thực hiện [cần kiểm tra]."),
    ("lucky_draws", "register", 5, None, None, 50, None, 5, 45, 50, True,
     "Đăng ký: một tỉnh – Sở Công Thương; từ hai tỉnh – Bộ Công Thương; xác nhận hoặc từ chối trong 5 ngày làm việc. "
     "Báo cáo kết quả trong 45 ngày kể từ hết thời hạn trao giải; 50% giá trị giải không có người trúng nộp ngân sách."),
    ("loyalty", "notify", 3, None, None, None, None, 5, None, None, False,
     "Thông báo tới Sở Công Thương nơi thực hiện chậm nhất 3 ngày làm việc trước khi thực hiện [cần kiểm tra]."),
    ("events", "none", None, None, None, None, None, 5, None, None, False,
     "Không phải thông báo, đăng ký (Nghị định 128/2024)."),
    ("other", "register", 5, None, None, 50, None, 5, None, None, False,
     "Hình thức khác phải được cơ quan quản lý nhà nước về thương mại chấp thuận."),
]


def seed(apps, schema_editor):
    PromotionRule = apps.get_model("promotions", "PromotionRule")
    for (form, procedure, lead, cap, holiday_cap, total_cap, max_days, review, report_days, budget_pct, prizes,
         note) in RULES:
        PromotionRule.objects.update_or_create(
            form=form, effective_from=FROM,
            defaults=dict(procedure=procedure, lead_time_working_days=lead, max_value_percent=cap,
                          holiday_max_value_percent=holiday_cap, total_value_percent=total_cap,
                          max_duration_days=max_days, review_working_days=review, result_report_days=report_days,
                          unawarded_budget_percent=budget_pct, requires_prizes=prizes, legal_source=SOURCE,
                          note=note),
        )


def unseed(apps, schema_editor):
    apps.get_model("promotions", "PromotionRule").objects.filter(effective_from=FROM, legal_source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("promotions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
