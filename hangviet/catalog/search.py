"""The public catalogue's search engine: relevance-ranked full-text search over the folded product
text, typo correction, filters and facet counts, on SQLite (FTS5) and on PostgreSQL (tsvector).

The query is folded with `core.text.fold` (đ -> d) and reduced to plain words, so no FTS or SQL
operator typed by a user ever reaches the engine. Every word matches as a whole word, the last one
also as a prefix (it may still be being typed: `banh ga` finds Bánh gai). Results rank in tiers: the
words in the name before the words elsewhere, whole words before a prefix (see "engines" below). A
word that is not known (the last one: no known word's prefix) is replaced by the nearest known word
(one edit; two for long words), so `keo cu dp` still finds Kẹo cu đơ.

Facets (province, commune, category, sector, stars, producer type) are counted over the whole result
set, on both databases the same way: the database returns the matching ids from its full-text index
(SQLite FTS5; PostgreSQL GIN over `catalog_product_doc`, migration 0006), and the filters and counts
run over the per-process column index of the published products (facet_index.py). Nothing here caches
results: every search runs its full-text query."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db import DEFAULT_DB_ALIAS, connections, router

from hangviet.core.errors import ValidationFailed
from hangviet.core.text import fold_words

from . import facet_index

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MAX_WORD_CHARS = 40
PAGE_SIZE = 20
MAX_PAGE = 500
FACETS = ("province", "commune", "category", "sector", "stars", "producer_kind")
SORTS = ("relevance", "name", "-name", "price", "-price", "stars", "newest")

_FACETS_COUNTED = frozenset(FACETS)


@dataclass
class SearchQuery:
    q: str = ""
    province: str | None = None
    commune: str | None = None
    category: str | None = None  # a set, group or sector code: matches the whole subtree
    stars: int | None = None
    producer_kind: str | None = None
    producer_id: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    facets: tuple[str, ...] = FACETS
    facet_limit: int | None = None  # the most frequent values of each facet (ties kept); None: all


@dataclass
class SearchResult:
    ids: list[int]
    count: int
    facets: dict[str, list[tuple[object, int]]]
    words: list[str]
    corrected: dict[str, str] = field(default_factory=dict)
    took_ms: float = 0.0


def _connection():
    """The database the catalogue is read from: a read replica for anonymous public requests when one
    is configured (core/replica.py), the primary otherwise."""
    from .models import Product

    return connections[router.db_for_read(Product) or DEFAULT_DB_ALIAS]


def query_words(q: str) -> list[str]:
    if len(q or "") > MAX_QUERY_CHARS:
        raise ValidationFailed({"q": f"Từ khóa tìm kiếm quá dài (tối đa {MAX_QUERY_CHARS} ký tự)."})
    words = [w[:MAX_WORD_CHARS] for w in fold_words(q)]
    seen: list[str] = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


# --- typo correction ---------------------------------------------------------------------------

def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _known_prefix(cursor, word: str) -> bool:
    cursor.execute("SELECT 1 FROM catalog_searchterm WHERE term >= %s AND term < %s LIMIT 1",
                   [word, word + "\uffff"])
    return cursor.fetchone() is not None


def _known_word(cursor, word: str) -> bool:
    cursor.execute("SELECT 1 FROM catalog_searchterm WHERE term = %s", [word])
    return cursor.fetchone() is not None


_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_POS = {ch: (r, c) for r, row in enumerate(_KEYBOARD_ROWS) for c, ch in enumerate(row)}


def _adjacent_typo(word: str, term: str) -> bool:
    """True when `term` differs from `word` by one substitution of neighbouring keys (o/p, a/s)."""
    if len(word) != len(term):
        return False
    diffs = [(a, b) for a, b in zip(word, term, strict=True) if a != b]
    if len(diffs) != 1 or diffs[0][0] not in _KEY_POS or diffs[0][1] not in _KEY_POS:
        return False
    (r1, c1), (r2, c2) = _KEY_POS[diffs[0][0]], _KEY_POS[diffs[0][1]]
    return abs(r1 - r2) <= 1 and abs(c1 - c2) <= 1


def _candidates(cursor, word: str, *, limit_count: int = 4) -> list[str]:
    """Known words within one edit (two for long words), best first: fewest edits, a slip to a
    neighbouring key, shorter."""
    limit = 1 if len(word) < 7 else 2
    # Candidates share the first letter (typos rarely hit it) and have a close length.
    cursor.execute(
        "SELECT term FROM catalog_searchterm WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s",
        [word[0], word[0] + "\uffff", max(1, len(word) - limit), len(word) + limit])
    scored = []
    for (term,) in cursor.fetchall():
        distance = _distance(word, term, limit)
        if distance <= limit:
            scored.append((distance, not _adjacent_typo(word, term), len(term), term))
    scored.sort()
    return [term for *_rest, term in scored[:limit_count]]


def correction_options(words: list[str]) -> list[tuple[list[str], dict[str, str]]]:
    """Corrected queries to try in order (a handful at most): unknown words replaced by near words."""
    per_word: list[list[str]] = []
    with _connection().cursor() as cursor:
        for position, word in enumerate(words, 1):
            # The last word may be a prefix (still being typed); the others must be whole words.
            known = _known_prefix if position == len(words) else _known_word
            if len(word) < 2 or word.isdigit() or known(cursor, word):
                per_word.append([word])
            else:
                per_word.append(_candidates(cursor, word) or [word])
    options: list[tuple[list[str], dict[str, str]]] = []
    # Vary one word at a time through its candidates, the others at their best candidate.
    best = [choices[0] for choices in per_word]
    for index, choices in enumerate(per_word):
        for choice in choices:
            fixed = best[:index] + [choice] + best[index + 1:]
            if fixed != words and fixed not in [o[0] for o in options]:
                options.append((fixed, {w: f for w, f in zip(words, fixed, strict=True) if w != f}))
    return options[:6]


# --- filters -----------------------------------------------------------------------------------

def _filters(query: SearchQuery, alias: str = "p", *, published: bool = True) -> tuple[list[str], list]:
    """WHERE conditions on catalog_product (alias p) or on the published-only facet table (alias t,
    `published=False`: every row there is published)."""
    a = alias
    where = [f"{a}.status = 'published'"] if published else []
    params: list = []
    if query.province:
        where.append(f"{a}.province_id = %s")
        params.append(query.province)
    if query.commune:
        where.append(f"{a}.place_id = %s")
        params.append(query.commune)
    if query.category:
        code = query.category
        if "." not in code and not code.startswith("G"):
            where.append(f"{a}.sector = %s")
            params.append(code)
        else:
            where.append(f"({a}.category_id = %s OR {a}.category_id LIKE %s)")
            params.extend([code, code + ".%"])
    if query.stars is not None:
        where.append(f"{a}.stars = %s")
        params.append(query.stars)
    if query.producer_kind:
        where.append(f"{a}.producer_kind = %s")
        params.append(query.producer_kind)
    if query.producer_id is not None:
        where.append(f"{a}.producer_id = %s")
        params.append(query.producer_id)
    return where, params


_ORDER = {
    "name": "p.name_key ASC, p.id ASC", "-name": "p.name_key DESC, p.id DESC",
    "price": "p.price_vnd IS NULL, p.price_vnd ASC, p.id ASC", "-price": "p.price_vnd IS NULL, p.price_vnd DESC, p.id ASC",
    "stars": "p.stars IS NULL, p.stars DESC, p.name_key ASC", "newest": "p.published_at DESC, p.id DESC",
}


# --- engines ------------------------------------------------------------------------------------
#
# Relevance is ranked in tiers, best first: (1) every word, whole, in the name; (2) every word in the
# name, the last only as a prefix; (3) every word, whole, anywhere (name, description, producer, place,
# category); (4) every word anywhere, the last only as a prefix. Within a tier: OCOP-rated products first
# (more stars first), then the shortest name (the closest to the query), then the newest. The name tiers are read from the column index's name postings, the split between the last two
# from one full-text lookup, intersected with the filtered matches in memory (_tiered_page): a page
# costs about the same for 50 matches as for 100,000 (a bm25/ts_rank score would have to be computed
# for every match before the first row is known).

def _sqlite_match(words: list[str]) -> str:
    # Words are [0-9a-z]+ only (fold_words), so quoting them makes every FTS operator inert.
    # The last word as a prefix ("san"* also matches the whole word san: no OR needed, which would
    # make FTS5 read the word's list twice).
    *whole, last = words
    return " AND ".join([*(f'"{w}"' for w in whole), f'"{last}"*'])


def _sqlite_prefix_only(words: list[str]) -> str:
    # The matches where the last word is only the start of a longer word (tier 4 below).
    *whole, last = words
    return " AND ".join([*(f'"{w}"' for w in whole), f'("{last}"* NOT "{last}")'])


def _pg_tsquery(words: list[str]) -> str:
    # Words are [0-9a-z]+ only (fold_words): no tsquery operator can come from the user. `san:*` is
    # every lexeme starting with san, san itself included.
    *whole, last = words
    return " & ".join([*whole, f"{last}:*"])


def _pg_prefix_only(words: list[str]) -> str:
    *whole, last = words
    return " & ".join([*whole, f"!{last}", f"{last}:*"])


def _tiered_page(cursor, index, positions, words: list[str], *, sqlite: bool, offset: int, size: int) -> list[int]:
    """Rows offset..offset+size of the relevance tiers. The two name tiers come from the column index's
    name postings (no query); the other matches are split by one full-text lookup of those whose last
    word is only the start of a longer word, made only when the name tiers do not fill the page. Within
    a tier: OCOP-rated products first (more stars first), then the shortest name, then the newest."""
    need = offset + size
    name_whole, name_prefix = index.names.tiers(words)
    in_whole, in_prefix = name_whole[positions], name_prefix[positions]
    taken: list = []
    found = 0

    def take(tier) -> bool:
        nonlocal found
        taken.append(index.top(tier, need - found))
        found += len(taken[-1])
        return found >= need

    if not (take(positions[in_whole]) or take(positions[in_prefix & ~in_whole])):
        rest = positions[~in_prefix]
        if len(rest):
            if sqlite:
                prefix_ids = facet_index.matching_ids(cursor, _sqlite_prefix_only(words))
            else:
                prefix_ids = facet_index.pg_matching_ids(cursor, _pg_prefix_only(words))
            prefix_only = np.zeros(len(index.ids), dtype=bool)
            prefix_only[index.positions_of(prefix_ids)] = True
            last_only = prefix_only[rest]
            take(rest[~last_only]) or take(rest[last_only])
    page = np.concatenate(taken)[offset:need]
    return [int(pk) for pk in index.ids[page]]


def _run(query: SearchQuery, words: list[str]) -> tuple[list[int], dict[str, Counter]]:
    connection = _connection()
    sqlite = connection.vendor == "sqlite"
    facet_names = [f for f in query.facets if f in _FACETS_COUNTED]
    counters: dict[str, Counter] = {name: Counter() for name in facet_names}
    offset = (query.page - 1) * query.page_size
    sort = query.sort if query.sort in SORTS else "relevance"
    order = _ORDER.get(sort, "p.stars IS NULL, p.stars DESC, p.name_key ASC")
    with connection.cursor() as cursor:
        # Counting: the matching ids from the full-text index, then every facet counted over the
        # in-process column index (facet_index.py) instead of one join per match.
        index = facet_index.get(connection)
        if words and sqlite:
            positions = index.positions_of(facet_index.matching_ids(cursor, _sqlite_match(words)))
        elif words:
            positions = index.positions_of(facet_index.pg_matching_ids(cursor, _pg_tsquery(words)))
        else:
            positions = index.all_positions()
        positions = index.filter(positions, query)
        total = int(len(positions))
        for name in facet_names:
            counters[name].update(index.count(positions, facet_index.FACET_COLUMN[name], query.facet_limit))
        counters["__total__"] = Counter({"n": total})
        if total == 0 or offset >= total:
            return [], counters
        if sort == "relevance" and words:
            ids = _tiered_page(cursor, index, positions, words, sqlite=sqlite, offset=offset, size=query.page_size)
        elif words and sqlite:
            # Another order over the matches: the full-text match as a subquery.
            t_where, t_params = _filters(query, "t", published=False)
            source = ("FROM catalog_product_fts f CROSS JOIN catalog_product_facet t ON t.id = f.rowid "
                      "WHERE f.catalog_product_fts MATCH %s" + "".join(f" AND {c}" for c in t_where))
            cursor.execute(f"SELECT p.id FROM catalog_product p WHERE p.id IN (SELECT t.id {source}) "
                           f"ORDER BY {order} LIMIT %s OFFSET %s",
                           [_sqlite_match(words), *t_params, query.page_size, offset])
            ids = [row[0] for row in cursor.fetchall()]
        elif words:
            # PostgreSQL: the filtered matches are known; they go back as one string of ids (a
            # `doc @@` condition here could be planned as a scan that reads every vector).
            matched = ",".join(map(str, index.ids[positions].tolist()))
            cursor.execute(f"SELECT p.id FROM catalog_product p WHERE p.id = ANY(string_to_array(%s, ',')::int[]) "
                           f"ORDER BY {order} LIMIT %s OFFSET %s", [matched, query.page_size, offset])
            ids = [row[0] for row in cursor.fetchall()]
        else:  # the whole catalogue or a filtered list: an index of 0004 walks the order
            where, p_params = _filters(query)
            cursor.execute(f"SELECT p.id FROM catalog_product p WHERE {' AND '.join(where)} "
                           f"ORDER BY {order} LIMIT %s OFFSET %s", p_params + [query.page_size, offset])
            ids = [row[0] for row in cursor.fetchall()]
    return ids, counters


def search(query: SearchQuery) -> SearchResult:
    started = time.perf_counter()
    if query.page < 1 or query.page > MAX_PAGE:
        raise ValidationFailed({"page": f"Trang phải từ 1 đến {MAX_PAGE}."})
    words = query_words(query.q)
    corrected: dict[str, str] = {}
    ids, counters = _run(query, words)
    if words and counters["__total__"]["n"] == 0:
        for fixed, changes in correction_options(words):
            fixed_ids, fixed_counters = _run(query, fixed)
            if fixed_counters["__total__"]["n"]:
                words, corrected, ids, counters = fixed, changes, fixed_ids, fixed_counters
                break
    total = counters.pop("__total__")["n"]
    facets = {name: sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))
              for name, counter in counters.items()}
    return SearchResult(ids=ids, count=total, facets=facets, words=words, corrected=corrected,
                        took_ms=(time.perf_counter() - started) * 1000)


def compact_index() -> None:
    """Rewrite the full-text index in one piece (a nightly job, tasks.compact_search_index). An index
    that grew one product at a time (imports, edits) answers more slowly than one built at once: on
    PostgreSQL a GIN index grown through 200,000 inserts took 35 MB against 29 MB rebuilt and matched
    about 30 % slower; SQLite's FTS5 index grows in segments that `optimize` merges. Neither blocks
    searches or writes while it runs (REINDEX CONCURRENTLY; FTS5 in one short write transaction)."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            # CONCURRENTLY is refused inside a transaction (a caller's atomic block, tests): there a
            # plain REINDEX does the same under a lock of a few seconds.
            concurrently = "" if connection.in_atomic_block else " CONCURRENTLY"
            cursor.execute(f"REINDEX INDEX{concurrently} catalog_product_doc_gin")
            cursor.execute("ANALYZE catalog_product_doc")


def index_terms(texts) -> None:
    """Add the words of names (products, producers, categories, places) to the vocabulary."""
    terms = set()
    for text in texts:
        for word in fold_words(text):
            if 2 <= len(word) <= 40 and not word.isdigit():
                terms.add(word)
    if not terms:
        return
    from .models import SearchTerm

    SearchTerm.objects.bulk_create([SearchTerm(term=t) for t in terms], ignore_conflicts=True, batch_size=500)
