"""Names of agencies ("đơn vị") in plan texts: abbreviations, matching, and splitting unit lists.

`expand_abbreviations` spells out the usual abbreviations (UBND, MTTQ, NN&PTNT, ...),
`unit_name_variants` gives the folded keys a name can be matched by, and `match_unit` finds the best
known agency for a name. `split_units` turns "Phòng A, Trung tâm B và C, UBND các huyện, thị xã"
into unit names without cutting names that contain commas or "và".
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["expand_abbreviations", "unit_name_variants", "match_unit", "split_units", "starts_with_head",
           "UPPER"]

# Upper-case Latin letters incl. Vietnamese ones, for regex character classes.
UPPER = "".join(
    ch for ch in map(chr, range(0x41, 0x1EFA))
    if ch.isalpha() and ch.isupper() and unicodedata.name(ch, "").startswith("LATIN")
)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _fold(value: str) -> str:
    """Private search key: lower-case, no diacritics, đ -> d, punctuation -> single spaces."""
    text = unicodedata.normalize("NFD", (value or "").lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("đ", "d")
    return _NON_ALNUM.sub(" ", text).strip()


# --- abbreviations -------------------------------------------------------------------------------
def _abbr(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w]){pattern}(?![\w])")


_AND = r"\s*(?:&|và|-)\s*"
_ABBREVIATIONS: list[tuple[re.Pattern, str]] = [
    (_abbr(rf"(?:KH{_AND}CN|KHCN)"), "Khoa học và Công nghệ"),
    (_abbr(rf"(?:KH{_AND}ĐT|KHĐT)"), "Kế hoạch và Đầu tư"),
    (_abbr(rf"(?:NN{_AND}PTNT|NNPTNT)"), "Nông nghiệp và Phát triển nông thôn"),
    (_abbr(rf"(?:PT{_AND}TH|PTTH)"), "Phát thanh - Truyền hình"),
    (_abbr(rf"(?:TN{_AND}MT|TNMT)"), "Tài nguyên và Môi trường"),
    (_abbr(rf"(?:GD{_AND}ĐT|GDĐT)"), "Giáo dục và Đào tạo"),
    (_abbr(r"(?:LĐ\s*-?\s*TB\s*(?:&|và)\s*XH|LĐTBXH)"), "Lao động - Thương binh và Xã hội"),
    (_abbr(r"(?:TT\s*(?:&|và)\s*TT|TTTT)"), "Thông tin và Truyền thông"),
    (_abbr(r"(?:VHTTDL|VH\s*,?\s*TT\s*(?:&|và)\s*DL|VH-TT-DL)"), "Văn hóa, Thể thao và Du lịch"),
    (_abbr(rf"(?:VH{_AND}TT|VHTT)"), "Văn hóa - Thông tin"),
    (re.compile(r"(?<![\w])(Văn (?:hóa|hoá))\s*-\s*TT(?![\w])"), r"\1 - Thông tin"),
    (_abbr(rf"(?:KT{_AND}HT|KTHT)"), "Kinh tế và Hạ tầng"),
    (_abbr(rf"(?:TC{_AND}KH|TCKH)"), "Tài chính - Kế hoạch"),
    (_abbr(r"(?:ATVSTP|VSATTP)"), "An toàn vệ sinh thực phẩm"),
    (_abbr(r"ATTP"), "An toàn thực phẩm"),
    (_abbr(r"(?:TCĐLCL|TC-ĐL-CL)"), "Tiêu chuẩn Đo lường Chất lượng"),
    (_abbr(r"(?:BVNTD|BVQLNTD)"), "Bảo vệ người tiêu dùng"),
    (_abbr(r"UBMTTQ"), "Ủy ban Mặt trận Tổ quốc"),
    (_abbr(r"MTTQ"), "Mặt trận Tổ quốc"),
    (_abbr(r"UBND"), "Ủy ban nhân dân"),
    (_abbr(r"HĐND"), "Hội đồng nhân dân"),
    (_abbr(r"QLTT"), "Quản lý thị trường"),
    (_abbr(r"QLTM"), "Quản lý thương mại"),
    (_abbr(r"QLCN"), "Quản lý công nghiệp"),
    (_abbr(r"XTTM"), "Xúc tiến thương mại"),
    (_abbr(r"XNK"), "Xuất nhập khẩu"),
    (_abbr(r"QL"), "Quản lý"),
    (_abbr(r"BCĐ"), "Ban Chỉ đạo"),
    (_abbr(r"CVĐ"), "Cuộc vận động"),
    (_abbr(r"HTX"), "Hợp tác xã"),
    (_abbr(r"LĐLĐ"), "Liên đoàn Lao động"),
    (_abbr(r"HLHPN"), "Hội Liên hiệp Phụ nữ"),
    (_abbr(r"TTr"), "Thường trực"),
    (_abbr(r"KCN"), "Khu công nghiệp"),
    (_abbr(r"CCN"), "Cụm công nghiệp"),
    (_abbr(r"PCT"), "Phó Chủ tịch"),
    (_abbr(r"GĐ"), "Giám đốc"),
    (_abbr(r"SCT"), "Sở Công Thương"),
    (re.compile(r"(?<![\w])Ban TT(?![\w])"), "Ban Thường trực"),
    (re.compile(r"^TT(?=\s+[" + UPPER + r"])"), "Trung tâm"),  # only at the start of a name
    (_abbr(r"VP"), "Văn phòng"),
    (_abbr(r"KH"), "Kế hoạch"),
    (re.compile(r"(?<![\w])TM(?![\w.])"), "Thương mại"),
    (_abbr(r"ĐT"), "Đầu tư"),
    (_abbr(r"DL"), "Du lịch"),
]
_AMPERSAND = re.compile(r"\s*&\s*")
_SPACES = re.compile(r"\s+")
_OLD_TONE_WORD = re.compile(r"\w+")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _modern_tone(word: str) -> str:
    """Old-style tone placement -> the current one: "Uỷ" -> "Ủy", "hoá" -> "hóa", "thuỷ" -> "thủy"."""
    nfd = unicodedata.normalize("NFD", word)
    tones = [ch for ch in nfd if ch in _TONES]
    if len(tones) != 1:
        return word
    bare = "".join(ch for ch in nfd if ch not in _TONES)
    low = bare.lower()
    if not low.endswith(("oa", "oe", "uy")) or low.startswith("q") or len(bare) < 2:
        return word
    if nfd[-1] not in _TONES:  # old style puts the tone on the last vowel
        return word
    return unicodedata.normalize("NFC", bare[:-1] + tones[0] + bare[-1])


def expand_abbreviations(name: str) -> str:
    """Spell out abbreviations: "UBND huyện" -> "Ủy ban nhân dân huyện", "NN&PTNT" -> ..."""
    text = unicodedata.normalize("NFC", name or "").strip()
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    text = _AMPERSAND.sub(" và ", text)
    text = _OLD_TONE_WORD.sub(lambda m: _modern_tone(m.group(0)), text)
    return _SPACES.sub(" ", text).strip()


_DROP_TOKENS = {"va", "cua"}


def _tokens(name: str) -> list[str]:
    words = _fold(expand_abbreviations(name)).split()
    if words and words[0] == "cac":
        words = words[1:]
    return [w for w in words if w not in _DROP_TOKENS]


def unit_name_variants(name: str) -> set[str]:
    """Folded keys under which `name` should match a known unit (case, diacritics, abbreviations,
    "&"/"và"/"-" and a leading "các" do not matter)."""
    if not name or not name.strip():
        return set()
    variants = {_fold(name), _fold(expand_abbreviations(name)), " ".join(_tokens(name))}
    return {v for v in variants if v}


def match_unit(name: str, candidates: dict, *, threshold: float = 0.75) -> tuple[object | None, float]:
    """Best match of `name` among `candidates` ({id: [name, short name, abbreviation, ...]}).

    Exact match after folding/expansion scores 1.0; otherwise token overlap (Dice, or 0.85 when all
    tokens of the shorter name are in the longer one), halved when the kind of unit differs
    ("Phòng ..." vs "Sở ..."). Returns (None, score) below `threshold`.
    """
    keys = unit_name_variants(name)
    if not keys:
        return None, 0.0
    for cid, names in candidates.items():
        for cand in names or []:
            if keys & unit_name_variants(cand):
                return cid, 1.0
    mine = set(_tokens(name))
    first = _tokens(name)[:1]
    best_id, best = None, 0.0
    for cid, names in candidates.items():
        for cand in names or []:
            theirs_list = _tokens(cand)
            theirs = set(theirs_list)
            if not mine or not theirs:
                continue
            common = len(mine & theirs)
            score = 2 * common / (len(mine) + len(theirs))
            if common == min(len(mine), len(theirs)) and common >= 2:
                score = max(score, 0.85)
            if first and theirs_list[:1] != first:
                score *= 0.5
            if score > best:
                best_id, best = cid, score
    if best < threshold:
        return None, round(best, 3)
    return best_id, round(best, 3)


# --- recognising and splitting unit lists -----------------------------------------------------------
_HEADS_CAPITAL = sorted(
    (h.strip() for h in """Ủy ban nhân dân|Uỷ ban nhân dân|Ủy ban|Uỷ ban|UBND|UBMTTQ|MTTQ|Mặt trận|HĐND|Hội đồng|Sở|Phòng|Văn phòng|
    Trung tâm|TT|Ban|Cục|Chi cục|Tổng cục|Bộ|Hội|Hiệp hội|Liên đoàn|Liên minh|Đoàn|Đài|Báo|Thanh tra|Công an|
    Bộ phận|Chủ tịch|Phó Chủ tịch|Giám đốc|Lãnh đạo|Thường trực|Huyện ủy|Huyện uỷ|Tỉnh ủy|Tỉnh uỷ|Thành ủy|
    Thành uỷ|Thị ủy|Thị uỷ|Đảng ủy|Đảng uỷ|Viện|Trường|Kho bạc|Ngân hàng|Hải quan|Chi nhánh|Công ty|
    Tổng công ty|Hợp tác xã|Quỹ|Đội|Bưu điện|Cơ quan|Đơn vị|Doanh nghiệp|Cổng|Chi hội|Bộ Chỉ huy|
    Ban Chỉ đạo|Ban chỉ đạo|Tổ công tác|Chính phủ|Thủ tướng|Tập đoàn""".split("|")),
    key=len, reverse=True,
)
_HEADS_LOWER = ["ủy ban nhân dân", "uỷ ban nhân dân", "ủy ban", "uỷ ban", "văn phòng", "phòng", "sở",
                "trung tâm", "chi cục", "cục"]
_CAC_NOUNS = sorted(
    (n.strip() for n in """sở|ngành|phòng|ban|đơn vị|cơ quan|địa phương|doanh nghiệp|tổ chức|hội|đoàn thể|hợp tác xã|cơ sở|
    thành viên|huyện|xã|thị trấn|phường|trung tâm|chi cục|cục|trường|báo|đài|cá nhân|hiệp hội|thương nhân|
    nhà|UBND|Ủy ban|Uỷ ban|Sở|Phòng|Ban|Hội|Trung tâm|chủ thể|tập đoàn|công ty|siêu thị|hộ|cấp|
    Bộ|bộ|tỉnh|thành phố|quận|ngân hàng|chợ|Đoàn|đoàn|lực lượng|cửa hàng""".split("|")),
    key=len, reverse=True,
)
_NOT_WORD = r"(?![\w])"
HEAD = re.compile(
    r"(?:" + "|".join(re.escape(h) for h in _HEADS_CAPITAL) + r")" + _NOT_WORD
    + r"|(?:" + "|".join(re.escape(h) for h in _HEADS_LOWER) + r")" + _NOT_WORD + r"(?=\s+\S)"
    + r"|[Cc]ác\s+(?:" + "|".join(re.escape(n) for n in _CAC_NOUNS) + r")" + _NOT_WORD
)


def starts_with_head(text: str) -> bool:
    """Does `text` begin like the name of a unit ("Phòng ...", "UBND ...", "các sở, ngành ...")?"""
    return bool(HEAD.match(text.lstrip(" “\"(")))


_SEPARATOR = re.compile(r";|,|\s+và\s+|\s+cùng\s+")
_PLACE_BOUNDARY = re.compile(
    r"\b(?:tỉnh|huyện|thành phố|thị xã|quận)\s+(?:[" + UPPER + r"]\w*\s+){1,3}?"
    r"(?=(?:Báo|Đài|Sở|Phòng|Trung tâm|Ủy ban|Uỷ ban|UBND|Cục|Chi cục|Hội|Ban|Văn phòng|Thanh tra|Công an)"
    + _NOT_WORD + ")"
)
_GENERIC_TAIL = re.compile(
    r"\s+và\s+(?:các\s+)?(?:cơ quan,?\s*)?(?:đơn vị|cơ quan|ngành)(?:\s+có)?\s+liên quan\s*$"
)
_GENERIC_UNIT = re.compile(r"^(?:cac )?(?:co quan|don vi|nganh)(?: [a-z ]*)? lien quan$")
_LEADING_NOISE = re.compile(r"^(?:với|cùng|gồm|là|bao gồm|và)\s+", re.IGNORECASE)
_NOTE = re.compile(r"\s*\((?:nếu có|khi cần thiết|nếu cần)\)", re.IGNORECASE)


def _protected_spans(text: str, known_unit_names) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\"[^\"]*\"|\([^)]*\)", text)]
    for known in known_unit_names or ():
        words = [w for w in re.split(r"[\s,;&]+", known.strip()) if w]
        if len(words) < 2:
            continue
        pattern = r"[\s,;&]+".join(re.escape(w) for w in words)
        for m in re.finditer(pattern, text, re.IGNORECASE):
            spans.append((m.start(), m.end()))
    return spans


def _inside(pos: int, spans) -> bool:
    return any(a < pos < b for a, b in spans)


def _clean_unit(name: str) -> str:
    name = _NOTE.sub("", name)
    name = _LEADING_NOISE.sub("", name.strip(" \t,;:.-–"))
    name = _SPACES.sub(" ", name).strip(" ,;:.")
    if name[:4].lower() == "các ":
        name = name[4:].lstrip()
    if name and name[0].islower():
        name = name[0].upper() + name[1:]
    return name


def split_units(text: str, known_unit_names=None) -> list[str]:
    """Unit names in a list such as "Phòng A, Trung tâm B và C; UBND các huyện, thị xã, thành phố".

    A comma or "và" starts a new unit only when what follows starts like a unit name; ";" always
    does. A leading "các" is dropped and the first letter capitalised; a trailing "và các đơn vị liên
    quan" is dropped. Names from `known_unit_names` are never cut.
    """
    text = _SPACES.sub(" ", (text or "").strip()).strip(" .;:")
    if not text:
        return []
    spans = _protected_spans(text, known_unit_names)
    parts: list[tuple[str, str]] = []  # (text, separator that started it)
    start, sep_before = 0, ""
    for m in _SEPARATOR.finditer(text):
        if _inside(m.start(), spans):
            continue
        rest = text[m.end():].lstrip()
        sep = m.group(0).strip()
        if sep == ";" or starts_with_head(rest):
            parts.append((text[start:m.start()], sep_before))
            start, sep_before = m.end(), sep
    parts.append((text[start:], sep_before))
    pieces: list[tuple[str, str]] = []
    for part, sep in parts:
        cut = 0
        for m in _PLACE_BOUNDARY.finditer(part):
            if not _inside(m.end(), spans):
                pieces.append((part[cut:m.end()], sep if cut == 0 else ","))
                cut = m.end()
        pieces.append((part[cut:], sep if cut == 0 else ","))
    units: list[str] = []
    for i, (piece, sep) in enumerate(pieces):
        if i == len(pieces) - 1:
            piece = _GENERIC_TAIL.sub("", piece)
            if sep in ("và", "cùng") and len(pieces) > 1 and _GENERIC_UNIT.match(_fold(piece)):
                continue
        name = _clean_unit(piece)
        if name and name not in units:
            units.append(name)
    return units
