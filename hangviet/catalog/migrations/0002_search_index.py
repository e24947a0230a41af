"""The full-text index of products over their folded text (name_key, search_text).

SQLite: an FTS5 external-content table kept in step by triggers, with prefix indexes for 2- and
3-letter prefixes. PostgreSQL: a stored tsvector (name weighted A, the rest B) with a GIN index, and
a trigram index on the folded name (pg_trgm) for similarity."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE catalog_product_fts USING fts5(
        name_key, search_text, content='catalog_product', content_rowid='id',
        tokenize='unicode61', prefix='2 3 4')""",
    """CREATE TRIGGER catalog_product_fts_ai AFTER INSERT ON catalog_product BEGIN
        INSERT INTO catalog_product_fts(rowid, name_key, search_text) VALUES (new.id, new.name_key, new.search_text);
    END""",
    """CREATE TRIGGER catalog_product_fts_ad AFTER DELETE ON catalog_product BEGIN
        INSERT INTO catalog_product_fts(catalog_product_fts, rowid, name_key, search_text)
        VALUES ('delete', old.id, old.name_key, old.search_text);
    END""",
    """CREATE TRIGGER catalog_product_fts_au AFTER UPDATE OF name_key, search_text ON catalog_product BEGIN
        INSERT INTO catalog_product_fts(catalog_product_fts, rowid, name_key, search_text)
        VALUES ('delete', old.id, old.name_key, old.search_text);
        INSERT INTO catalog_product_fts(rowid, name_key, search_text) VALUES (new.id, new.name_key, new.search_text);
    END""",
    "INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_product_fts_au",
    "DROP TRIGGER IF EXISTS catalog_product_fts_ad",
    "DROP TRIGGER IF EXISTS catalog_product_fts_ai",
    "DROP TABLE IF EXISTS catalog_product_fts",
]

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE catalog_product ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name_key), 'A') || setweight(to_tsvector('simple', search_text), 'B')
    ) STORED""",
    "CREATE INDEX catalog_product_search_vector ON catalog_product USING gin (search_vector)",
    "CREATE INDEX catalog_product_name_trgm ON catalog_product USING gin (name_key gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS catalog_product_name_trgm",
    "DROP INDEX IF EXISTS catalog_product_search_vector",
    "ALTER TABLE catalog_product DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
