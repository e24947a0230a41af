"""A narrow copy of what the public search filters and counts by, for published products only
(SQLite): `catalog_product_facet` (product id as rowid, producer, province, commune, category, sector,
stars, producer type), kept in step with catalog_product by triggers.

The search engine joins full-text matches to this table instead of to catalog_product: a product row
is over a kilobyte (descriptions, the folded search text), a facet row some thirty bytes, so counting
facets over tens of thousands of matches reads a few megabytes that stay in the page cache instead of
hundreds; and since only published products are in it, the join itself is the status filter.

PostgreSQL keeps searching catalog_product (its tsvector and GIN index). Both get partial indexes
over the published products for the list without words (default order, newest first) and, on
PostgreSQL, for counting its facets."""

from django.db import migrations

_COLUMNS = "id, producer_id, province_id, place_id, category_id, sector, stars, producer_kind"
_NEW = "new.id, new.producer_id, new.province_id, new.place_id, new.category_id, new.sector, new.stars, new.producer_kind"

# The public list without words, in its default order (stars, then name) and newest first: read in
# index order and stopped after a page instead of sorting every published product.
ORDER_INDEXES = [
    "CREATE INDEX catalog_product_pub_stars ON catalog_product ((stars IS NULL), stars DESC, name_key) "
    "WHERE status = 'published'",
    "CREATE INDEX catalog_product_pub_newest ON catalog_product (published_at DESC, id DESC) WHERE status = 'published'",
]
ORDER_INDEXES_BACKWARD = ["DROP INDEX IF EXISTS catalog_product_pub_stars", "DROP INDEX IF EXISTS catalog_product_pub_newest"]

SQLITE_FORWARD = [
    """CREATE TABLE catalog_product_facet (
        id INTEGER PRIMARY KEY, producer_id INTEGER NOT NULL, province_id TEXT NOT NULL, place_id TEXT NOT NULL,
        category_id TEXT NOT NULL, sector TEXT NOT NULL, stars INTEGER, producer_kind TEXT NOT NULL)""",
    "CREATE INDEX catalog_product_facet_province ON catalog_product_facet (province_id, category_id)",
    "CREATE INDEX catalog_product_facet_category ON catalog_product_facet (category_id)",
    "CREATE INDEX catalog_product_facet_sector ON catalog_product_facet (sector)",
    "CREATE INDEX catalog_product_facet_place ON catalog_product_facet (place_id)",
    "CREATE INDEX catalog_product_facet_stars ON catalog_product_facet (stars)",
    "CREATE INDEX catalog_product_facet_kind ON catalog_product_facet (producer_kind)",
    "CREATE INDEX catalog_product_facet_producer ON catalog_product_facet (producer_id)",
    f"""CREATE TRIGGER catalog_product_facet_ai AFTER INSERT ON catalog_product WHEN new.status = 'published' BEGIN
        INSERT OR REPLACE INTO catalog_product_facet ({_COLUMNS}) VALUES ({_NEW});
    END""",
    """CREATE TRIGGER catalog_product_facet_ad AFTER DELETE ON catalog_product BEGIN
        DELETE FROM catalog_product_facet WHERE id = old.id;
    END""",
    f"""CREATE TRIGGER catalog_product_facet_au AFTER UPDATE ON catalog_product BEGIN
        DELETE FROM catalog_product_facet WHERE id = old.id;
        INSERT OR REPLACE INTO catalog_product_facet ({_COLUMNS}) SELECT {_NEW} WHERE new.status = 'published';
    END""",
    f"INSERT INTO catalog_product_facet ({_COLUMNS}) SELECT {_COLUMNS} FROM catalog_product WHERE status = 'published'",
    *ORDER_INDEXES,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_product_facet_au",
    "DROP TRIGGER IF EXISTS catalog_product_facet_ad",
    "DROP TRIGGER IF EXISTS catalog_product_facet_ai",
    "DROP TABLE IF EXISTS catalog_product_facet",
    *ORDER_INDEXES_BACKWARD,
]

# PostgreSQL: the facet counts of the whole catalogue (no words) read each column from an index.
PG_FORWARD = [
    *ORDER_INDEXES,
    "CREATE INDEX catalog_product_pub_place ON catalog_product (place_id) WHERE status = 'published'",
    "CREATE INDEX catalog_product_pub_sector ON catalog_product (sector) WHERE status = 'published'",
    "CREATE INDEX catalog_product_pub_kind ON catalog_product (producer_kind) WHERE status = 'published'",
]
PG_BACKWARD = [
    *ORDER_INDEXES_BACKWARD,
    "DROP INDEX IF EXISTS catalog_product_pub_place",
    "DROP INDEX IF EXISTS catalog_product_pub_sector",
    "DROP INDEX IF EXISTS catalog_product_pub_kind",
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
    dependencies = [("catalog", "0003_classification")]
    operations = [migrations.RunPython(forward, backward)]
