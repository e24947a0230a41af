"""Seed the reporting defaults: Decree 09/2019/NĐ-CP's data cut-off (15th of the month before the
period to the 14th of its last month) and the seeds' "before the 25th of the period's last month"."""

import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    ReportingDefault = apps.get_model("plans", "ReportingDefault")
    if ReportingDefault.objects.exists():
        return
    ReportingDefault.objects.create(
        name="Chế độ báo cáo định kỳ của cơ quan hành chính nhà nước",
        legal_source="Nghị định 09/2019/NĐ-CP (thời gian chốt số liệu: từ ngày 15 tháng trước kỳ đến ngày 14 "
                     "tháng cuối kỳ); hạn nộp trước ngày 25 tháng cuối kỳ theo các kế hoạch mẫu (Cẩm Xuyên 2020-2025)",
        valid_from=dt.date(2019, 3, 1), cutoff_day=14, due_day=25, due_month_offset=0, reminder_working_days=3,
        resubmit_working_days=3)


def unseed(apps, schema_editor):
    apps.get_model("plans", "ReportingDefault").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_reporting_default")]
    operations = [migrations.RunPython(seed, unseed)]
