"""Vietnamese typed in the legacy 8-bit fonts -> NFC Unicode.

Two legacy encodings still turn up in documents from provincial offices:

* TCVN3 (TCVN 5712:1993, the "ABC" ``.VnTime`` fonts): one byte per lower-case toned letter in
  0xA1-0xFE; only Ă Â Ê Ô Ơ Ư Đ have upper-case codes. Capitals with a tone mark were typed in the
  all-caps ``.VnTimeH`` fonts, which reuse the lower-case codes, so decoded headings come out in
  lower case and are re-capitalised here when the surrounding word or line is in capitals.
* VNI-Windows (``VNI-Times``): the base Latin letter followed by one modifier byte that encodes
  the vowel shape and the tone together (``a`` + ``ù`` = á, ``o`` + ``á`` = ố), plus single bytes
  for ơ ư đ and the toned i / ỵ.

Such text reaches us as Latin-1 / CP1252 "mojibake" (``Ng­êi ViÖt Nam``, ``Ngöôøi Vieät Nam``).
`detect_legacy_encoding` recognises it by checking which reading yields valid Vietnamese
syllables; `to_unicode` converts it. Text that already is Unicode (NFC or NFD) is returned in NFC.
The tables are built from the code charts below; `from_unicode` is their inverse (used by tests and
for producing legacy samples).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["detect_legacy_encoding", "to_unicode", "from_unicode", "is_vietnamese_syllable"]

# Tone marks in the order used by both charts: none, sắc, huyền, hỏi, ngã, nặng.
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_TONE_SET = frozenset(_TONE_MARKS[1:])


def _toned(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", base + _TONE_MARKS[tone])


# --- TCVN3 (TCVN 5712:1993, VN3) -------------------------------------------------------------
# For each lower-case base vowel: the byte of [plain, sắc, huyền, hỏi, ngã, nặng]; None = the
# plain ASCII letter itself.
_TCVN3_ROWS: dict[str, tuple[int | None, ...]] = {
    "a": (None, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9),
    "ă": (0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6),
    "â": (0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB),
    "e": (None, 0xD0, 0xCC, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6),
    "i": (None, 0xDD, 0xD7, 0xD8, 0xDC, 0xDE),
    "o": (None, 0xE3, 0xDF, 0xE1, 0xE2, 0xE4),
    "ô": (0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE),
    "u": (None, 0xF3, 0xEF, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9),
    "y": (None, 0xFD, 0xFA, 0xFB, 0xFC, 0xFE),
}
_TCVN3_SINGLES = {0xAE: "đ", 0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}


def _build_tcvn3() -> tuple[dict[int, str], dict[str, str]]:
    decode: dict[int, str] = {}
    for base, codes in _TCVN3_ROWS.items():
        for tone, code in enumerate(codes):
            if code is not None:
                decode[code] = _toned(base, tone)
    decode.update(_TCVN3_SINGLES)
    encode: dict[str, str] = {}
    for code, char in decode.items():
        encode[char] = chr(code)
    # Capitals without their own code are written with the lower-case code (the .VnTimeH way).
    for base, codes in _TCVN3_ROWS.items():
        for tone, code in enumerate(codes):
            upper = _toned(base, tone).upper()
            if code is not None and upper not in encode:
                encode[upper] = chr(code)
    return decode, encode


_TCVN3_DECODE, _TCVN3_ENCODE = _build_tcvn3()
_TCVN3_TRANSLATE = {code: char for code, char in _TCVN3_DECODE.items()}

# --- VNI-Windows -------------------------------------------------------------------------------
# Modifier bytes (lower-case forms; the upper-case forms are their str.upper()).
_VNI_TONES = ("", "ù", "ø", "û", "õ", "ï")  # plain vowel + tone
_VNI_CIRCUMFLEX = ("â", "á", "à", "å", "ã", "ä")  # â ê ô (+ tone)
_VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë")  # ă (+ tone)
_VNI_I = ("i", "í", "ì", "æ", "ó", "ò")  # i with tone: single bytes
_VNI_Y_DOT = "î"  # ỵ: single byte


def _vni_sequence(base: str, tone: int) -> str:
    """The VNI byte sequence (as Latin-1 characters) of a lower-case base vowel + tone."""
    if base in "aeouy" and not (base == "y" and tone == 5):
        return base + _VNI_TONES[tone]
    if base == "y":
        return _VNI_Y_DOT
    if base in "âêô":
        return {"â": "a", "ê": "e", "ô": "o"}[base] + _VNI_CIRCUMFLEX[tone]
    if base == "ă":
        return "a" + _VNI_BREVE[tone]
    if base == "i":
        return _VNI_I[tone]
    if base == "ơ":
        return "ô" + _VNI_TONES[tone]
    if base == "ư":
        return "ö" + _VNI_TONES[tone]
    raise ValueError(base)


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    for base in _TCVN3_ROWS:  # the same twelve base vowels
        for tone in range(6):
            seq = _vni_sequence(base, tone)
            char = _toned(base, tone)
            encode[char] = seq
            encode[char.upper()] = seq.upper()
    decode: dict[str, str] = {}
    for char, seq in encode.items():
        if seq != char:
            decode[seq] = char
            # A capital base with a lower-case modifier still means the capital letter.
            if len(seq) == 2 and seq[0].isupper():
                decode.setdefault(seq[0] + seq[1].lower(), char)
    return decode, encode


_VNI_DECODE, _VNI_ENCODE = _build_vni()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(seq) for seq in sorted(_VNI_DECODE, key=len, reverse=True))
)

# --- Vietnamese syllable check (used to score candidate readings) -------------------------------
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NEED_CODA = "ă â iê yê uô ươ oă uâ uyê"  # always followed by a final consonant
_CODA_OPTIONAL = "a e ê i o ô ơ u ư y oa oe uê uy oo"
_OPEN_ONLY = "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu"


def _alternation(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


_CODA = "ch|c|m|ng|nh|n|p|t"
_SYLLABLE = re.compile(
    rf"^(?P<onset>{_ONSETS})??(?:(?P<closed>{_alternation(_NEED_CODA)})(?:{_CODA})"
    rf"|(?P<optional>{_alternation(_CODA_OPTIONAL)})(?P<coda>{_CODA})?|(?P<open>{_alternation(_OPEN_ONLY)}))$"
)
_SHAPED = "ăâêôơư"
_TOKEN = re.compile(r"[^\s\d.,;:!?()\[\]{}\"'“”‘’/\\<>=+*&%#@|_~^`\-–—…]+")
# Letters that only Unicode Vietnamese has (outside Latin-1): ă đ ĩ ũ ơ ư and U+1EA0-U+1EF9.
_VN_ONLY = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
_HIGH_LATIN1 = re.compile("[\u00a0-\u00ff]")


def _tone_positions(cluster: str, has_coda: bool) -> set[int]:
    """Where the tone mark may sit in a vowel cluster (old and new placement both accepted)."""
    shaped = [i for i, ch in enumerate(cluster) if ch in _SHAPED]
    if shaped:
        return {shaped[-1]}
    if cluster in ("oa", "oe", "uy"):
        return {1} if has_coda else {0, 1}
    if has_coda:
        return {len(cluster) - 1}
    if len(cluster) == 3:
        return {1}
    return {0}


def is_vietnamese_syllable(word: str) -> bool:
    """True when `word` (one word, any case, NFC or NFD) is a well-formed Vietnamese syllable:
    onset, vowel cluster and final consonant, at most one tone mark, on the right vowel."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone_at = None
    bases = 0
    for ch in decomposed:
        if ch in _TONE_SET:
            if tone_at is not None:
                return False
            tone_at = bases - 1
        elif not unicodedata.combining(ch):
            bases += 1
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_SET))
    m = _SYLLABLE.match(bare)
    if not m:
        return False
    if tone_at is None:
        return True
    cluster = m.group("closed") or m.group("optional") or m.group("open")
    start = len(m.group("onset") or "")
    has_coda = bool(m.group("closed") or m.group("coda"))
    return tone_at - start in _tone_positions(cluster, has_coda)


def _score(text: str) -> tuple[int, int]:
    """(valid - invalid, number) over the words that carry non-ASCII letters."""
    score = count = 0
    for token in _TOKEN.findall(text):
        if token.isascii():
            continue
        count += 1
        score += 1 if is_vietnamese_syllable(token) else -1
    return score, count


# --- decoding ------------------------------------------------------------------------------------
_ASCII_UPPER = re.compile("[A-Z]")
_ASCII_LOWER = re.compile("[a-z]")
_WORD = re.compile(r"\S+")


def _recapitalise_line(line: str) -> str:
    """Upper-case the words of an all-caps (.VnTimeH) line that decoded to lower-case letters."""
    words = _WORD.findall(line)
    letter_words = [w for w in words if any(c.isalpha() for c in w) and not any(c.isdigit() for c in w)]
    if not letter_words or any(_ASCII_LOWER.search(w) for w in letter_words):
        # Mixed line: only words that are clearly capitals (two or more ASCII capitals) change.
        return _WORD.sub(
            lambda m: m.group(0).upper()
            if len(_ASCII_UPPER.findall(m.group(0))) >= 2 and not _ASCII_LOWER.search(m.group(0))
            and not any(c.isdigit() for c in m.group(0))
            else m.group(0),
            line,
        )
    if not any(len(_ASCII_UPPER.findall(w)) >= 2 for w in letter_words):
        return line
    return _WORD.sub(lambda m: m.group(0) if any(c.isdigit() for c in m.group(0)) else m.group(0).upper(), line)


_COLUMN_GAP = re.compile(r"(\t+| {2,})")


def _decode_tcvn3(text: str) -> str:
    decoded = text.translate(_TCVN3_TRANSLATE)
    if decoded == text:
        return text
    out = []
    for line in decoded.split("\n"):
        if line.isascii():
            out.append(line)
            continue
        # Columns of a two-column layout ("SỞ CÔNG THƯƠNG   Độc lập - Tự do") are judged apart.
        parts = _COLUMN_GAP.split(line)
        out.append("".join(p if i % 2 else _recapitalise_line(p) for i, p in enumerate(parts)))
    return "\n".join(out)


def _decode_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group(0)], text)


# On a tie VNI wins: its two-byte sequences rarely read as valid syllables by accident.
_DECODERS = {"vni": _decode_vni, "tcvn3": _decode_tcvn3}
_SAMPLE = 60_000


def detect_legacy_encoding(text: str) -> str | None:
    """"tcvn3", "vni" or None (Unicode, plain ASCII, or not Vietnamese at all)."""
    if not text:
        return None
    sample = unicodedata.normalize("NFC", text[:_SAMPLE])
    high = len(_HIGH_LATIN1.findall(sample))
    if not high:
        return None
    vn_only = len(_VN_ONLY.findall(sample))
    if vn_only >= 3 and vn_only * 4 >= high:
        return None  # real Unicode Vietnamese
    base_score, count = _score(sample)
    best, best_score = None, base_score
    for name, decoder in _DECODERS.items():
        score, _ = _score(decoder(sample))
        if score > best_score:
            best, best_score = name, score
    if best is None:
        return None
    gain = best_score - base_score
    if gain < 2 or gain < 0.3 * count or best_score <= 0:
        return None
    return best


def to_unicode(text: str, encoding: str | None = None) -> str:
    """NFC Unicode for `text`, converting TCVN3 / VNI mojibake (detected unless `encoding` given)."""
    if not text:
        return "" if text is None else unicodedata.normalize("NFC", str(text))
    text = unicodedata.normalize("NFC", str(text))
    name = encoding if encoding is not None else detect_legacy_encoding(text)
    if name:
        try:
            decoder = _DECODERS[name]
        except KeyError:
            raise ValueError(f"unknown legacy encoding: {name!r}") from None
        text = unicodedata.normalize("NFC", decoder(text))
    return text


def from_unicode(text: str, encoding: str) -> str:
    """Unicode Vietnamese -> legacy (as Latin-1 characters). TCVN3 writes toned capitals with the
    lower-case codes, as the .VnTimeH fonts did."""
    table = {"tcvn3": _TCVN3_ENCODE, "vni": _VNI_ENCODE}.get(encoding)
    if table is None:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    text = unicodedata.normalize("NFC", text)
    return "".join(table.get(ch, ch) for ch in text)
