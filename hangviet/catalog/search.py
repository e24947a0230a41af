"""The public catalogue's search engine: relevance-ranked full-text search over the folded product
text, typo correction, filters and facet counts, on SQLite (FTS5) and on PostgreSQL (tsvector).

The query is folded with `core.text.fold` (đ -> d) and reduced to plain words, so no FTS or SQL
operator typed by a user ever reaches the engine. Each word matches as a whole word or as a prefix;
a whole-word hit and a hit in the name rank higher (FTS5 bm25 with the name weighted 10:1; on
PostgreSQL ts_rank over the A/B weighted vector). A word that is no known word's prefix is replaced by
the nearest known word (one edit; two for long words), so `keo cu dp` still finds Kẹo cu đơ.

Facets (province, commune, category, sector, stars, producer type) are counted over the whole result
set in one grouped query; the total count is their sum. Nothing here caches results."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection

from hangviet.core.errors import ValidationFailed
from hangviet.core.text import fold_words

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MAX_WORD_CHARS = 40
PAGE_SIZE = 20
MAX_PAGE = 500
FACETS = ("province", "commune", "category", "sector", "stars", "producer_kind")
SORTS = ("relevance", "name", "-name", "price", "-price", "stars", "newest")

_FACET_COLUMNS = {
    "province": "p.province_id", "commune": "p.place_id", "category": "p.category_id", "sector": "p.sector",
    "stars": "p.stars", "producer_kind": "p.producer_kind",
}


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


@dataclass
class SearchResult:
    ids: list[int]
    count: int
    facets: dict[str, list[tuple[object, int]]]
    words: list[str]
    corrected: dict[str, str] = field(default_factory=dict)
    took_ms: float = 0.0


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


_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_POS = {ch: (r, c) for r, row in enumerate(_KEYBOARD_ROWS) for c, ch in enumerate(row)}


def _adjacent_typo(word: str, term: str) -> bool:
    """True when `term` differs from `word` by one substitution of neighbouring keys (o/p, a/s)."""
    if len(word) != len(term):
        return False
    diffs = [(a, b) for a, b in zip(word, term) if a != b]
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
    with connection.cursor() as cursor:
        for word in words:
            if len(word) < 2 or word.isdigit() or _known_prefix(cursor, word):
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
                options.append((fixed, {w: f for w, f in zip(words, fixed) if w != f}))
    return options[:6]


# --- filters -----------------------------------------------------------------------------------

def _filters(query: SearchQuery) -> tuple[list[str], list]:
    where = ["p.status = 'published'"]
    params: list = []
    if query.province:
        where.append("p.province_id = %s")
        params.append(query.province)
    if query.commune:
        where.append("p.place_id = %s")
        params.append(query.commune)
    if query.category:
        code = query.category
        if "." not in code and not code.startswith("G"):
            where.append("p.sector = %s")
            params.append(code)
        else:
            where.append("(p.category_id = %s OR p.category_id LIKE %s)")
            params.extend([code, code + ".%"])
    if query.stars is not None:
        where.append("p.stars = %s")
        params.append(query.stars)
    if query.producer_kind:
        where.append("p.producer_kind = %s")
        params.append(query.producer_kind)
    if query.producer_id is not None:
        where.append("p.producer_id = %s")
        params.append(query.producer_id)
    return where, params


_ORDER = {
    "name": "p.name_key ASC, p.id ASC", "-name": "p.name_key DESC, p.id DESC",
    "price": "p.price_vnd IS NULL, p.price_vnd ASC, p.id ASC", "-price": "p.price_vnd IS NULL, p.price_vnd DESC, p.id ASC",
    "stars": "p.stars IS NULL, p.stars DESC, p.name_key ASC", "newest": "p.published_at DESC, p.id DESC",
}


# --- engines ------------------------------------------------------------------------------------

def _sqlite_match(words: list[str]) -> str:
    # Words are [0-9a-z]+ only (fold_words), so quoting them makes every FTS operator inert.
    return " AND ".join(f'("{w}" OR "{w}"*)' for w in words)


def _pg_tsquery(words: list[str]) -> str:
    return " & ".join(f"({w} | {w}:*)" for w in words)


def _run(query: SearchQuery, words: list[str]) -> tuple[list[int], dict[str, Counter]]:
    where, params = _filters(query)
    vendor = connection.vendor
    if words and vendor == "sqlite":
        match_sql = "p.id IN (SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s)"
        match_params = [_sqlite_match(words)]
    elif words:
        match_sql = "p.search_vector @@ to_tsquery('simple', %s)"
        match_params = [_pg_tsquery(words)]
    else:
        match_sql, match_params = "", []
    conditions = where + ([match_sql] if match_sql else [])
    where_sql = " AND ".join(conditions)
    all_params = params + match_params

    facet_names = [f for f in query.facets if f in _FACET_COLUMNS]
    counters: dict[str, Counter] = {name: Counter() for name in facet_names}
    offset = (query.page - 1) * query.page_size
    with connection.cursor() as cursor:
        group_cols = [_FACET_COLUMNS[name] for name in facet_names] or ["1"]
        cursor.execute(
            f"SELECT {', '.join(group_cols)}, COUNT(*) FROM catalog_product p WHERE {where_sql} "
            f"GROUP BY {', '.join(str(i + 1) for i in range(len(group_cols)))}", all_params)
        total = 0
        for row in cursor.fetchall():
            n = row[-1]
            total += n
            for index, name in enumerate(facet_names):
                counters[name][row[index]] += n
        counters["__total__"] = Counter({"n": total})
        if total == 0 or offset >= total:
            return [], counters

        sort = query.sort if query.sort in SORTS else "relevance"
        if sort == "relevance" and words and vendor == "sqlite":
            sql = (f"SELECT p.id FROM catalog_product_fts f JOIN catalog_product p ON p.id = f.rowid "
                   f"WHERE catalog_product_fts MATCH %s AND {' AND '.join(where)} "
                   f"ORDER BY bm25(catalog_product_fts, 10.0, 1.0), p.id LIMIT %s OFFSET %s")
            cursor.execute(sql, match_params + params + [query.page_size, offset])
        elif sort == "relevance" and words:
            sql = (f"SELECT p.id FROM catalog_product p WHERE {where_sql} "
                   f"ORDER BY ts_rank(p.search_vector, to_tsquery('simple', %s), 0) DESC, p.id "
                   f"LIMIT %s OFFSET %s")
            cursor.execute(sql, all_params + match_params + [query.page_size, offset])
        else:
            order = _ORDER.get(sort, "p.stars IS NULL, p.stars DESC, p.name_key ASC")
            cursor.execute(f"SELECT p.id FROM catalog_product p WHERE {where_sql} ORDER BY {order} LIMIT %s OFFSET %s",
                           all_params + [query.page_size, offset])
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
