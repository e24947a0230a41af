"""Vietnamese text helpers: NFC normalisation at the edge and the one search-key folding."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Control characters other than tab/newline never belong in user text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_text(value: str | None, *, multiline: bool = False) -> str:
    """NFC-normalise, drop control characters and trim; single-line text also collapses spaces."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub("", text)
    if multiline:
        lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        return "\n".join(lines).strip()
    return _SPACES.sub(" ", text).strip()


_FOLD_TABLE: dict[int, str | None] = {}


def _fold_table() -> dict[int, str | None]:
    if not _FOLD_TABLE:
        table: dict[int, str | None] = {cp: None for cp in range(0x300, 0x1F000) if unicodedata.combining(chr(cp))}
        table[ord("đ")] = "d"
        table[ord("ð")] = "d"
        _FOLD_TABLE.update(table)
    return _FOLD_TABLE


def fold(value: str | None) -> str:
    """The search key: lower-case, no diacritics, đ/Đ -> d, single spaces.

    `fold("Kẹo cu đơ")` == "keo cu do". Every search index and every query goes through here. The
    combining marks are dropped by one C-level `str.translate` (a bulk import folds 100,000 rows)."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value).lower()).translate(_fold_table())
    return _SPACES.sub(" ", text).strip()


def fold_words(value: str | None) -> list[str]:
    """Folded alphanumeric words, for tokenised search."""
    return [w for w in _NON_WORD.split(fold(value)) if w]


def slug_key(value: str | None) -> str:
    return "-".join(fold_words(value))


def contains_markup(value: str | None) -> bool:
    """True when text carries HTML/script markup that has no business in a name."""
    if not value:
        return False
    return bool(re.search(r"<\s*/?\s*[a-zA-Z!]|javascript:|on\w+\s*=", value, re.IGNORECASE))
