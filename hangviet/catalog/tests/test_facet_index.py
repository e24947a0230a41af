"""The per-process column index (facet_index.py): name postings, the within-tier order, and the narrow
table and change stamp that the database keeps for it (migrations 0004-0006)."""

import numpy as np
import pytest
from django.db import connection

from hangviet.catalog import facet_index, selectors, services
from hangviet.catalog.facet_index import _name_index

from .conftest import ADMIN


def positions(mask):
    return set(np.flatnonzero(mask).tolist())


def test_name_postings_whole_words_prefixes_and_tiers():
    index = _name_index(["banh gai tu tru", "banh banh da", "keo cu do", "", "banh\x00gai", "gai banh"])
    assert positions(index.whole("banh")) == {0, 1, 4, 5}
    assert positions(index.whole("ban")) == set()
    assert positions(index.prefix("ba")) == {0, 1, 4, 5}
    assert positions(index.prefix("zz")) == set()
    whole, prefix = index.tiers(["banh", "ga"])
    assert positions(whole) == set() and positions(prefix) == {0, 4, 5}
    whole, prefix = index.tiers(["banh", "gai"])
    assert positions(whole) == positions(prefix) == {0, 4, 5}
    assert positions(index.tiers(["do"])[0]) == {2}
    # The repeated word is one posting, and a NUL inside a name does not shift the names after it.
    assert index.postings.tolist().count(1) == 2  # name 1 "banh banh da": banh once, da
    assert positions(index.whole("da")) == {1}


def test_empty_catalogue_index():
    index = _name_index([])
    assert index.size == 0 and positions(index.prefix("a")) == set()


@pytest.fixture
def stamp():
    def read():
        with connection.cursor() as cursor:
            return facet_index._stamp(cursor)
    return read


def facet_ids():
    # The narrow table of the published products the database searches (SQLite 0004, PostgreSQL 0006).
    table = "catalog_product_facet" if connection.vendor == "sqlite" else "catalog_product_doc"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_the_narrow_table_holds_published_products_and_every_change_gets_a_new_stamp(make_product, stamp):
    draft = make_product("Mắm tôm Ba Làng", publish=False)
    assert facet_ids() == []
    before = stamp()
    published = make_product("Nem chua Thanh Hóa")
    assert facet_ids() == [published.pk]
    after_publish = stamp()
    assert after_publish != before
    index = facet_index.get(connection)
    assert index.ids.tolist() == [published.pk] and index.stamp == after_publish

    services.product_update(scope=ADMIN, product_id=published.pk, data={"name": "Nem chua Hoằng Hóa"})
    after_rename = stamp()
    assert after_rename != after_publish
    assert facet_index.get(connection).names.term_ids.keys() >= {"nem", "chua", "hoang", "hoa"}

    services.product_withdraw(scope=ADMIN, product_id=published.pk, note="Ngừng sản xuất")
    assert facet_ids() == [] and stamp() != after_rename
    assert facet_index.get(connection).ids.tolist() == []

    # A write that changes nothing searched keeps the stamp (no index rebuild in every process).
    unchanged = stamp()
    type(draft).objects.filter(pk=draft.pk).update(updated_at=draft.updated_at)
    assert stamp() == unchanged


def test_a_facet_limit_keeps_the_most_frequent_values_and_their_ties():
    from hangviet.catalog.facet_index import Column, FacetIndex

    values = ["a", "b", "c", "d", "e", "f", None]
    array = np.array([0] * 5 + [1] * 4 + [2] * 4 + [3] * 2 + [4] + [5] + [6] * 3, dtype=np.int32)
    index = FacetIndex(stamp=0, ids=np.arange(len(array)), positions=np.arange(len(array)),
                       columns={"c": Column(values=values, codes={v: i for i, v in enumerate(values)}, array=array)},
                       names=_name_index([""] * len(array)), order_key=np.arange(len(array)))
    everything = index.all_positions()
    assert index.count(everything, "c") == {"a": 5, "b": 4, "c": 4, "d": 2, "e": 1, "f": 1, None: 3}
    # limit 1 keeps 3 (the limit and two more for empty values): a, then b and c tied, then None
    assert index.count(everything, "c", 1) == {"a": 5, "b": 4, "c": 4}
    assert index.count(everything, "c", 2) == {"a": 5, "b": 4, "c": 4, None: 3}
    assert index.count(everything[:5], "c", 1) == {"a": 5}


@pytest.mark.django_db
def test_workers_build_the_index_as_they_boot(make_product, monkeypatch, caplog):
    product = make_product("Mật ong rừng U Minh")
    facet_index._INDEXES.clear()
    selectors.warm(close=False)
    built = facet_index._INDEXES[connection.alias]
    assert built.ids.tolist() == [product.pk] and built.stamp == facet_index._stamp(connection.cursor())

    def broken(conn):
        raise RuntimeError("database not migrated yet")

    monkeypatch.setattr(facet_index, "get", broken)
    selectors.warm(close=False)  # logged, never raised: the worker still boots
    assert "not built at start" in caplog.text


@pytest.mark.django_db
def test_the_nightly_compaction_keeps_every_match(make_product):
    from hangviet.catalog import tasks
    from hangviet.catalog.search import SearchQuery, search

    made = [make_product(f"Bánh gai Tứ Trụ số {i}") for i in range(5)]
    make_product("Mắm tôm Ba Làng")
    before = search(SearchQuery(q="banh gai")).ids
    assert sorted(before) == sorted(p.pk for p in made)
    tasks.compact_search_index.call_local()
    assert search(SearchQuery(q="banh gai")).ids == before
    assert search(SearchQuery(q="mam tom ba lang")).count == 1
