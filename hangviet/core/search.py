"""Simple folded-word filtering for short reference lists (places, agencies, businesses).

Each query word must match the start of a word of the stored search key (itself made by
`text.fold`), so `ha tinh` finds "Tỉnh Hà Tĩnh" but not "Tỉnh Thanh Hóa". Large full-text search
(the catalogue) has its own engine."""

from django.db.models import Q

from .text import fold_words

MAX_WORDS = 8


def words_q(field: str, query: str | None) -> Q:
    condition = Q()
    for word in fold_words(query)[:MAX_WORDS]:
        condition &= Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
    return condition
