"""A column index of the published products' facet values, held by each process (SQLite).

Counting facets over a broad search (`dac san` matches 40 % of a catalogue) is the costly part of a
search: SQLite spends microseconds per match joining each full-text hit to its row. This index keeps,
per process, one small integer array per facet column (dictionary-encoded values, positioned by product
id), loaded from `catalog_product_facet`; a search asks SQLite only for the matching ids (one
`group_concat` over the full-text index) and counts every facet with `numpy.bincount`.

It is an index, not a cache of results: every search still runs its full-text query, and the arrays
are rebuilt whenever the facet table changes. Triggers (migration 0005) put a random stamp in
`catalog_facet_version` on every change of `catalog_product_facet`, including changes that are later
rolled back (a rollback restores the old stamp, which then no longer matches the rebuilt index), so
a search never counts from arrays older than the rows it can see."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

COLUMNS = ("province_id", "place_id", "category_id", "sector", "stars", "producer_kind", "producer_id")
FACET_COLUMN = {"province": "province_id", "commune": "place_id", "category": "category_id", "sector": "sector",
                "stars": "stars", "producer_kind": "producer_kind"}


@dataclass
class Column:
    values: list  # code -> value
    codes: dict  # value -> code
    array: np.ndarray  # position -> code


@dataclass
class FacetIndex:
    stamp: int
    ids: np.ndarray  # position -> product id
    positions: np.ndarray  # product id -> position, -1 when not a published product
    columns: dict[str, Column]

    def positions_of(self, ids: np.ndarray) -> np.ndarray:
        ids = ids[ids < len(self.positions)]
        found = self.positions[ids]
        return found[found >= 0]

    def all_positions(self) -> np.ndarray:
        return np.arange(len(self.ids), dtype=np.int64)

    def mask(self, positions: np.ndarray, column: str, accepted) -> np.ndarray:
        col = self.columns[column]
        codes = [col.codes[v] for v in accepted if v in col.codes]
        if not codes:
            return positions[:0]
        values = col.array[positions]
        keep = values == codes[0] if len(codes) == 1 else np.isin(values, codes)
        return positions[keep]

    def count(self, positions: np.ndarray, column: str) -> dict:
        col = self.columns[column]
        counts = np.bincount(col.array[positions], minlength=len(col.values))
        return {col.values[code]: int(counts[code]) for code in np.flatnonzero(counts)}

    def filter(self, positions: np.ndarray, query) -> np.ndarray:
        """Apply a SearchQuery's filters (the same meaning as search._filters)."""
        if query.province:
            positions = self.mask(positions, "province_id", [query.province])
        if query.commune:
            positions = self.mask(positions, "place_id", [query.commune])
        if query.category:
            code = query.category
            if "." not in code and not code.startswith("G"):
                positions = self.mask(positions, "sector", [code])
            else:
                accepted = [v for v in self.columns["category_id"].values if v == code or str(v).startswith(code + ".")]
                positions = self.mask(positions, "category_id", accepted)
        if query.stars is not None:
            positions = self.mask(positions, "stars", [query.stars])
        if query.producer_kind:
            positions = self.mask(positions, "producer_kind", [query.producer_kind])
        if query.producer_id is not None:
            positions = self.mask(positions, "producer_id", [query.producer_id])
        return positions


_INDEXES: dict[str, FacetIndex] = {}
_LOCK = threading.Lock()


def _stamp(cursor) -> int:
    cursor.execute("SELECT v FROM catalog_facet_version WHERE id = 1")
    row = cursor.fetchone()
    return row[0] if row else 0


def _build(cursor, stamp: int) -> FacetIndex:
    cursor.execute(f"SELECT id, {', '.join(COLUMNS)} FROM catalog_product_facet ORDER BY id")
    rows = cursor.fetchall()
    n = len(rows)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    positions = np.full(int(ids.max()) + 1 if n else 1, -1, dtype=np.int64)
    positions[ids] = np.arange(n, dtype=np.int64)
    columns = {}
    for index, name in enumerate(COLUMNS, 1):
        codes: dict = {}
        array = np.fromiter((codes.setdefault(r[index], len(codes)) for r in rows), dtype=np.int32, count=n)
        columns[name] = Column(values=list(codes), codes=codes, array=array)
    return FacetIndex(stamp=stamp, ids=ids, positions=positions, columns=columns)


def get(connection) -> FacetIndex:
    """The index for this database, rebuilt first if the facet table changed since it was built."""
    with connection.cursor() as cursor:
        stamp = _stamp(cursor)
        index = _INDEXES.get(connection.alias)
        if index is not None and index.stamp == stamp:
            return index
        with _LOCK:
            index = _INDEXES.get(connection.alias)
            if index is None or index.stamp != stamp:
                index = _INDEXES[connection.alias] = _build(cursor, stamp)
        return index


def matching_ids(cursor, match: str) -> np.ndarray:
    """Ids of the full-text matches, in one string from SQLite (far cheaper than a row per id)."""
    cursor.execute("SELECT group_concat(rowid) FROM catalog_product_fts WHERE catalog_product_fts MATCH %s", [match])
    text = cursor.fetchone()[0]
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")  # text mode: parsed in C, no list of strings
