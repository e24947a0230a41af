"""A column index of the published products, held by each process: their facet values and the words
of their names.

Counting facets over a broad search (`dac san` matches 40 % of a catalogue) is the costly part of a
search: the database spends microseconds per match joining each full-text hit to its row. This index
keeps, per process, one small integer array per facet column (dictionary-encoded values, positioned by
product id) and the postings of the words of the folded names, loaded from catalog_product's published
rows; a search asks the database only for the matching ids (one `group_concat` over the FTS5 index on
SQLite, one `string_agg` over the GIN index of catalog_product_doc on PostgreSQL), counts every facet
with `numpy.bincount` and takes the name tiers of relevance from the postings.

It is an index, not a cache of results: every search still runs its full-text query, and the arrays
are rebuilt whenever something searched changes. Triggers put a random stamp in `catalog_facet_version`
(SQLite, migration 0005: on every change of `catalog_product_facet`, including changes that are later
rolled back: a rollback restores the old stamp, which then no longer matches the rebuilt index;
PostgreSQL, migration 0006: once per statement that changed a published product's searched or faceted
columns, committed with the rows), and the stamp is read before the rows, so a search never counts
from arrays older than the rows it can see."""

from __future__ import annotations

import bisect
import re
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
class NameIndex:
    """The words of the published products' folded names (runs of [0-9a-z], as the full-text indexes split
    them), as postings of positions: what the relevance tiers ask first ("every word in the name"),
    answered without a query."""
    size: int
    terms: list[str]  # sorted
    term_ids: dict[str, int]
    starts: np.ndarray  # term id -> offset of its postings (term ids follow `terms`)
    postings: np.ndarray  # positions, grouped by term

    def _mask(self, parts: list[np.ndarray]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        for part in parts:
            mask[part] = True
        return mask

    def whole(self, word: str) -> np.ndarray:
        term = self.term_ids.get(word)
        if term is None:
            return self._mask([])
        return self._mask([self.postings[self.starts[term]:self.starts[term + 1]]])

    def prefix(self, word: str) -> np.ndarray:
        first = bisect.bisect_left(self.terms, word)
        last = bisect.bisect_left(self.terms, word + "\uffff")
        if first == last:
            return self._mask([])
        return self._mask([self.postings[self.starts[first]:self.starts[last]]])

    def tiers(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Masks over positions: every word whole in the name; every word in the name, the last as a
        prefix (the first mask included)."""
        *whole, last = words
        both = np.ones(self.size, dtype=bool)
        for word in whole:
            both &= self.whole(word)
        return both & self.whole(last), both & self.prefix(last)


_NAME_WORDS = re.compile(r"[0-9a-z]+|\x00")


def _name_index(names: list[str]) -> NameIndex:
    # All names in one string, NUL between them: the words are found by one regex call and numbered by
    # one dict pass, the postings sorted by numpy (0.15 s for 200,000 names, a third of a loop per name).
    if any("\x00" in name for name in names):
        names = [name.replace("\x00", " ") for name in names]
    n = len(names)
    tokens = _NAME_WORDS.findall("\x00".join(names))
    term_ids = {"\x00": 0}
    codes = np.fromiter((term_ids.setdefault(t, len(term_ids)) for t in tokens), dtype=np.int64, count=len(tokens))
    separator = codes == 0
    position = np.cumsum(separator)  # a word's position: how many names came before it
    codes, position = codes[~separator], position[~separator]
    # Renumber the words in sorted order, so that the words of a prefix are one run of postings.
    terms = sorted(t for t in term_ids if t != "\x00")
    renumber = np.zeros(len(term_ids), dtype=np.int64)
    renumber[[term_ids[t] for t in terms]] = np.arange(len(terms), dtype=np.int64)
    keys = np.sort(renumber[codes] * max(n, 1) + position)  # by word, then position
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # a word twice in a name counts once
    term_of = keys // max(n, 1)
    return NameIndex(size=n, terms=terms, term_ids={t: i for i, t in enumerate(terms)},
                     starts=np.searchsorted(term_of, np.arange(len(terms) + 1)),
                     postings=(keys % max(n, 1)).astype(np.int32))


@dataclass
class FacetIndex:
    stamp: int
    ids: np.ndarray  # position -> product id
    positions: np.ndarray  # product id -> position, -1 when not a published product
    columns: dict[str, Column]
    names: NameIndex
    order_key: np.ndarray  # position -> the order within a relevance tier (smaller first)

    def top(self, positions: np.ndarray, k: int) -> np.ndarray:
        """The first k of `positions` in the within-tier order: OCOP-rated first (more stars first),
        then the shortest name (the closest to the query), then the newest."""
        if k <= 0 or not len(positions):
            return positions[:0]
        keys = self.order_key[positions]
        if len(positions) > k:
            keep = np.argpartition(keys, k - 1)[:k]
            positions, keys = positions[keep], keys[keep]
        return positions[np.argsort(keys, kind="stable")]

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

    def count(self, positions: np.ndarray, column: str, limit: int | None = None) -> dict:
        """Value -> count over `positions`. With a limit, only the values that can be among the `limit`
        most frequent (ties included, and two more, for the empty values a caller drops), chosen
        in numpy: a commune facet has thousands of values, a page shows thirty."""
        col = self.columns[column]
        counts = np.bincount(col.array[positions], minlength=len(col.values))
        codes = np.flatnonzero(counts)
        keep = limit + 2 if limit is not None else None
        if keep is not None and len(codes) > keep:
            threshold = np.partition(counts[codes], len(codes) - keep)[len(codes) - keep]
            codes = codes[counts[codes] >= threshold]
        return {col.values[code]: int(counts[code]) for code in codes}

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
    cursor.execute(f"SELECT id, {', '.join(COLUMNS)}, name_key FROM catalog_product WHERE status = 'published' "
                   "ORDER BY id")
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
    names = [r[-1] for r in rows]
    # One sortable integer per product: stars (none = 0) descending, then name length, then id descending.
    stars = np.fromiter((r[COLUMNS.index("stars") + 1] or 0 for r in rows), dtype=np.int64, count=n)
    lengths = np.fromiter((min(len(name), 1023) for name in names), dtype=np.int64, count=n)
    order_key = (((5 - np.clip(stars, 0, 5)) << 10 | lengths) << 32) | ((1 << 31) - 1 - ids)
    return FacetIndex(stamp=stamp, ids=ids, positions=positions, columns=columns, names=_name_index(names),
                      order_key=order_key)


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


def _ids(text: str | None) -> np.ndarray:
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")  # text mode: parsed in C, no list of strings


def matching_ids(cursor, match: str) -> np.ndarray:
    """Ids of the full-text matches (SQLite FTS5 syntax), in one string (far cheaper than a row per id)."""
    cursor.execute("SELECT group_concat(rowid) FROM catalog_product_fts WHERE catalog_product_fts MATCH %s", [match])
    return _ids(cursor.fetchone()[0])


def pg_matching_ids(cursor, tsquery: str) -> np.ndarray:
    """The same on PostgreSQL: the published products whose `doc` (folded name and text) matches a
    to_tsquery expression (catalog_product_matches over catalog_product_doc, migration 0006). The vector
    is unweighted, so the GIN index answers exactly and the narrow rows are read only for their ids."""
    cursor.execute("SELECT catalog_product_matches(%s)", [tsquery])
    return _ids(cursor.fetchone()[0])
