import datetime as dt

from django.db import migrations

RULES = [
    ("feedback", 15, "Luật Bảo vệ quyền lợi người tiêu dùng 2023 (Luật 19/2023/QH15); Nghị định 55/2024/NĐ-CP [cần kiểm tra]"),
    ("negotiation", 7, "Luật 19/2023/QH15 điều 59: doanh nghiệp tiếp nhận, thương lượng trong 07 ngày làm việc"),
    ("complaint", 30, "Luật Khiếu nại 2011, điều 28: thời hạn giải quyết lần đầu không quá 30 ngày"),
    ("denunciation", 30, "Luật Tố cáo 2018, điều 30: thời hạn giải quyết tố cáo không quá 30 ngày"),
]


def seed(apps, schema_editor):
    HandlingRule = apps.get_model("complaints", "HandlingRule")
    for case_type, days, source in RULES:
        HandlingRule.objects.get_or_create(case_type=case_type, effective_from=dt.date(2024, 7, 1),
                                           defaults={"working_days": days, "legal_source": source})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
