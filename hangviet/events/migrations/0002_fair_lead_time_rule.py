"""Seed the legal lead times of trade-fair registration (Decree 81/2018/NĐ-CP, DOMAIN.md section 6)."""

import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    Rule = apps.get_model("events", "FairLeadTimeRule")
    if Rule.objects.exists():
        return
    Rule.objects.create(
        name="Đăng ký tổ chức hội chợ, triển lãm thương mại tại Sở Công Thương",
        min_days_before=30,
        max_days_before=365,
        change_min_days_before=30,
        review_working_days=5,
        legal_source="Nghị định 81/2018/NĐ-CP (sửa đổi bởi Nghị định 128/2024/NĐ-CP), Điều 9-10",
        effective_from=dt.date(2018, 7, 1),
    )


def unseed(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
