from django.db import migrations


def load(apps, schema_editor):
    from hangviet.catalog.classification import load_classification

    load_classification(apps.get_model("catalog", "Category"), apps.get_model("catalog", "OcopRules"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
