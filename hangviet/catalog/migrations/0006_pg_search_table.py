"""PostgreSQL searches like SQLite: the matching ids come from a full-text index over a narrow table of
the published products, `catalog_product_doc`, and the facets and the name tiers of relevance are
counted over the in-process column index (catalog/facet_index.py), which both databases build from
catalog_product and rebuild when a change stamp (`catalog_facet_version`, as on SQLite since 0005)
changes.

Why a separate table. A search that matches 80,000 products must visit every matching row's heap
tuple; on catalog_product (rows of 1.4 kB with the stored weighted tsvector) that was 30,000 pages per
search, more than the default shared_buffers holds, and the weighted (`:A`) name tiers made the GIN
index recheck each row. Here:

- `doc` (folded name + search text) is a stripped tsvector: no positions, no weights, so the GIN index
  answers `@@` exactly, with no recheck of the row;
- it is stored out of line, so that a heap row is the id and a pointer, some 70 bytes, and the table
  (200,000 products) 16 MB, 2,000 pages: a search matching 6,000 products visits 2,000 pages instead
  of 6,000 (catalog_product) or 2,700 (the same table with the facet columns, measured first).
  PostgreSQL only moves values out of line from rows over 2 kB, so each row carries `pad`, 2,100
  spaces by default, which makes the row long enough for the toaster to run; it compresses the pad to
  a few bytes (lz4 where the server has it) and, down to toast_tuple_target (128 bytes), moves the
  vector (STORAGE EXTERNAL) to the TOAST table, which a search never reads (no recheck);
- the weighted `search_vector` column of catalog_product and its GIN index, and the unused trigram
  index on name_key, are dropped: every product write (and a 100,000-row import) maintained them.

The table is kept by a row trigger on catalog_product that fires only when a searched or faceted
column changes; a statement on catalog_product that changed something searched then gives
`catalog_facet_version` a new random stamp (once per statement: a transaction-local setting carries
the news from the row trigger to the statement trigger). On SQLite the stamp triggers of 0005 become
upserts, like the one here, so that a flushed stamp table (tests) gets its row back."""

from django.db import migrations

_FACETS = "producer_id, province_id, place_id, category_id, sector, stars, producer_kind"
_WATCHED = "status, name_key, search_text, " + _FACETS
_DOC = "strip(to_tsvector('simple', {p}.name_key || ' ' || {p}.search_text))"

# A new random stamp; an upsert, so that a flushed table (tests) gets its row back.
STAMP = ("INSERT INTO catalog_facet_version (id, v) VALUES (1, (random() * 9e15)::bigint) "
         "ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v")

PG_FORWARD = [
    """CREATE TABLE catalog_product_doc (
        id integer PRIMARY KEY, doc tsvector NOT NULL, pad text NOT NULL DEFAULT repeat(' ', 2100))""",
    "ALTER TABLE catalog_product_doc ALTER COLUMN doc SET STORAGE EXTERNAL",
    "ALTER TABLE catalog_product_doc SET (toast_tuple_target = 128)",
    # lz4 compresses the pad to less than pglz does; a server built without lz4 keeps pglz.
    """DO $$ BEGIN
        ALTER TABLE catalog_product_doc ALTER COLUMN pad SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL;
    END $$""",
    "CREATE TABLE catalog_facet_version (id integer PRIMARY KEY CHECK (id = 1), v bigint NOT NULL)",
    STAMP,
    f"""CREATE FUNCTION catalog_product_doc_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'DELETE' AND NEW.status = 'published' THEN
            INSERT INTO catalog_product_doc (id, doc) VALUES (NEW.id, {_DOC.format(p="NEW")})
            ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, pad = EXCLUDED.pad;
        ELSE
            DELETE FROM catalog_product_doc WHERE id = OLD.id;
            IF NOT FOUND THEN
                RETURN NULL;  -- an unpublished product changed: nothing searched did
            END IF;
        END IF;
        -- The statement trigger below gives the index a new stamp once the statement is done.
        PERFORM set_config('hangviet.facet_dirty', 'y', true);
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION catalog_facet_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('hangviet.facet_dirty', true) = 'y' THEN
            {STAMP};
            PERFORM set_config('hangviet.facet_dirty', '', true);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER catalog_facet_stamp AFTER INSERT OR UPDATE OR DELETE ON catalog_product
        FOR EACH STATEMENT EXECUTE FUNCTION catalog_facet_stamp()""",
    """CREATE TRIGGER catalog_product_doc_ai AFTER INSERT ON catalog_product FOR EACH ROW
        WHEN (NEW.status = 'published') EXECUTE FUNCTION catalog_product_doc_sync()""",
    f"""CREATE TRIGGER catalog_product_doc_au AFTER UPDATE ON catalog_product FOR EACH ROW
        WHEN (({", ".join(f"OLD.{c.strip()}" for c in _WATCHED.split(","))})
              IS DISTINCT FROM ({", ".join(f"NEW.{c.strip()}" for c in _WATCHED.split(","))}))
        EXECUTE FUNCTION catalog_product_doc_sync()""",
    """CREATE TRIGGER catalog_product_doc_ad AFTER DELETE ON catalog_product FOR EACH ROW
        WHEN (OLD.status = 'published') EXECUTE FUNCTION catalog_product_doc_sync()""",
    f"""INSERT INTO catalog_product_doc (id, doc)
        SELECT p.id, {_DOC.format(p="p")} FROM catalog_product p WHERE p.status = 'published' ORDER BY p.id""",
    "CREATE INDEX catalog_product_doc_gin ON catalog_product_doc USING gin (doc)",
    # The ids matching a query, as one string. Always through the GIN index: for a word in most products
    # the planner prefers reading the (small) table whole, not counting that it must then fetch every
    # row's vector from the TOAST table (550 ms for `tra:*` against 35 ms through the index).
    """CREATE FUNCTION catalog_product_matches(query text) RETURNS text LANGUAGE sql STABLE
        SET enable_seqscan = off AS $$
        SELECT string_agg(id::text, ',') FROM catalog_product_doc WHERE doc @@ to_tsquery('simple', query)
    $$""",
    "DROP INDEX IF EXISTS catalog_product_name_trgm",
    "DROP INDEX IF EXISTS catalog_product_search_vector",
    "ALTER TABLE catalog_product DROP COLUMN IF EXISTS search_vector",
    "ANALYZE catalog_product_doc",
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_facet_stamp ON catalog_product",
    "DROP FUNCTION IF EXISTS catalog_facet_stamp()",
    "DROP TRIGGER IF EXISTS catalog_product_doc_ad ON catalog_product",
    "DROP TRIGGER IF EXISTS catalog_product_doc_au ON catalog_product",
    "DROP TRIGGER IF EXISTS catalog_product_doc_ai ON catalog_product",
    "DROP FUNCTION IF EXISTS catalog_product_doc_sync()",
    "DROP FUNCTION IF EXISTS catalog_product_matches(text)",
    "DROP TABLE IF EXISTS catalog_facet_version",
    "DROP TABLE IF EXISTS catalog_product_doc",
    """ALTER TABLE catalog_product ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name_key), 'A') || setweight(to_tsvector('simple', search_text), 'B')
    ) STORED""",
    "CREATE INDEX catalog_product_search_vector ON catalog_product USING gin (search_vector)",
    "CREATE INDEX catalog_product_name_trgm ON catalog_product USING gin (name_key gin_trgm_ops)",
]

# SQLite: the stamp triggers of 0005 become upserts, so that a flushed stamp table gets its row back.
_SQLITE_EVENTS = ("ai", "INSERT"), ("ad", "DELETE"), ("au", "UPDATE")
SQLITE_FORWARD = [sql for name, event in _SQLITE_EVENTS for sql in (
    f"DROP TRIGGER IF EXISTS catalog_facet_version_{name}",
    f"""CREATE TRIGGER catalog_facet_version_{name} AFTER {event} ON catalog_product_facet BEGIN
        INSERT OR REPLACE INTO catalog_facet_version (id, v) VALUES (1, random());
    END""")]
SQLITE_BACKWARD = [sql for name, event in _SQLITE_EVENTS for sql in (
    f"DROP TRIGGER IF EXISTS catalog_facet_version_{name}",
    f"""CREATE TRIGGER catalog_facet_version_{name} AFTER {event} ON catalog_product_facet BEGIN
        UPDATE catalog_facet_version SET v = random() WHERE id = 1;
    END""")]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_facet_version")]
    operations = [migrations.RunPython(forward, backward)]
