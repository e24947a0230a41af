"""A stamp that changes with every change of the facet table (SQLite), so that each process's
column index (catalog/facet_index.py) knows when to rebuild. The stamp is random rather than a
counter: a rolled-back change restores an old stamp, which must not match an index built meanwhile."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE TABLE catalog_facet_version (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER NOT NULL)",
    "INSERT INTO catalog_facet_version (id, v) VALUES (1, random())",
    """CREATE TRIGGER catalog_facet_version_ai AFTER INSERT ON catalog_product_facet BEGIN
        UPDATE catalog_facet_version SET v = random() WHERE id = 1;
    END""",
    """CREATE TRIGGER catalog_facet_version_ad AFTER DELETE ON catalog_product_facet BEGIN
        UPDATE catalog_facet_version SET v = random() WHERE id = 1;
    END""",
    """CREATE TRIGGER catalog_facet_version_au AFTER UPDATE ON catalog_product_facet BEGIN
        UPDATE catalog_facet_version SET v = random() WHERE id = 1;
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_facet_version_au",
    "DROP TRIGGER IF EXISTS catalog_facet_version_ad",
    "DROP TRIGGER IF EXISTS catalog_facet_version_ai",
    "DROP TABLE IF EXISTS catalog_facet_version",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_search_perf")]
    operations = [migrations.RunPython(forward, backward)]
