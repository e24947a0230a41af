"""Legacy Vietnamese encodings (TCVN3, VNI-Windows) -> Unicode."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hangviet.core.legacy_text import detect_legacy_encoding, from_unicode, is_vietnamese_syllable, to_unicode

TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
BASES = "aăâeêioôơuưy"
LOWER_LETTERS = [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES] + ["đ"]
ALL_LETTERS = LOWER_LETTERS + [c.upper() for c in LOWER_LETTERS]
TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"

PHRASES = [
    "Người Việt Nam ưu tiên dùng hàng Việt Nam",
    "Sở Công Thương",
    "Đặc sản",
    "Phòng Quản lý thương mại chủ trì tổ chức 04 phiên chợ hàng Việt về các huyện miền núi",
    "Trung tâm Khuyến công và Tiết kiệm năng lượng; Chi cục Quản lý thị trường",
]


# --- the tables ---------------------------------------------------------------------------------------
def test_tables_cover_every_vietnamese_letter():
    assert len(ALL_LETTERS) == 146  # 12 vowels x 6 tones + đ, both cases
    for letter in LOWER_LETTERS:
        code = from_unicode(letter, "tcvn3")
        if letter in "aeiouy":
            assert code == letter
        else:
            assert len(code) == 1 and 0xA1 <= ord(code) <= 0xFE, letter
    codes = [from_unicode(c, "tcvn3") for c in LOWER_LETTERS + list(TCVN3_CAPITALS)]
    assert len(set(codes)) == len(codes)  # one code per letter


@pytest.mark.parametrize("letter", LOWER_LETTERS + list(TCVN3_CAPITALS))
def test_tcvn3_round_trip_per_letter(letter):
    assert to_unicode(from_unicode(letter, "tcvn3"), "tcvn3") == letter


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_vni_round_trip_per_letter(letter):
    assert to_unicode(from_unicode(letter, "vni"), "vni") == letter


def test_known_code_points():
    # TCVN 5712:1993 (VN3): ư = 0xAD, đ = 0xAE, Đ = 0xA7, á = 0xB8, ệ = 0xD6, ợ = 0xEE, ỵ = 0xFE
    assert from_unicode("ưđĐáệợỵ", "tcvn3") == "\xad\xae\xa7\xb8\xd6\xee\xfe"
    assert from_unicode("Người Việt", "tcvn3") == "Ng\xadêi ViÖt"
    # VNI-Windows: base letter + modifier; ơ ư đ and the toned i are single bytes.
    assert from_unicode("Người Việt", "vni") == "Ngöôøi Vieät"
    assert from_unicode("Đặc sản", "vni") == "Ñaëc saûn"
    assert from_unicode("KẾ HOẠCH", "vni") == "KEÁ HOAÏCH"
    assert from_unicode("tỉnh, ỵ", "vni") == "tænh, î"


def test_tcvn3_capitals_use_lower_case_codes_and_come_back_in_capital_lines():
    assert from_unicode("KẾ HOẠCH", "tcvn3") == "KÕ HO¹CH"
    assert to_unicode("KÕ HO¹CH") == "KẾ HOẠCH"
    legacy = from_unicode("UBND TỈNH HÀ TĨNH      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 45/KH-SCT", "tcvn3")
    assert to_unicode(legacy) == "UBND TỈNH HÀ TĨNH      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 45/KH-SCT"
    two_columns = from_unicode("SỞ CÔNG THƯƠNG        Độc lập - Tự do - Hạnh phúc", "tcvn3")
    assert to_unicode(two_columns) == "SỞ CÔNG THƯƠNG        Độc lập - Tự do - Hạnh phúc"
    assert to_unicode(from_unicode("I. MỤC ĐÍCH, YÊU CẦU", "tcvn3")) == "I. MỤC ĐÍCH, YÊU CẦU"


# --- real phrases -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("phrase", PHRASES)
@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_phrases_are_detected_and_converted(phrase, encoding):
    legacy = from_unicode(phrase, encoding)
    assert legacy != phrase
    assert detect_legacy_encoding(legacy) == encoding
    assert to_unicode(legacy) == phrase


@pytest.mark.parametrize("phrase", PHRASES)
def test_unicode_is_left_alone_nfc_and_nfd(phrase):
    assert detect_legacy_encoding(phrase) is None
    nfd = unicodedata.normalize("NFD", phrase)
    assert detect_legacy_encoding(nfd) is None
    assert to_unicode(nfd) == phrase
    assert to_unicode(phrase) == phrase


@pytest.mark.parametrize("text", [
    "", "Hello world", "The café serves crème brûlée; naïve résumé, São Paulo, Zürich, Ærø, Ñandú.",
    "KẾ HOẠCH số 123/KH-SCT", "cà phê", "Số: 45/KH-SCT", "100% hàng Việt", "Đ", "ô tô",
])
def test_no_misfire(text):
    assert detect_legacy_encoding(text) is None
    assert to_unicode(text) == unicodedata.normalize("NFC", text)


def test_latin1_mojibake_from_cp1252_file():
    data = from_unicode("Người Việt Nam ưu tiên dùng hàng Việt Nam", "tcvn3").encode("cp1252")
    assert to_unicode(data.decode("cp1252")) == "Người Việt Nam ưu tiên dùng hàng Việt Nam"


def test_explicit_encoding_and_errors():
    assert to_unicode("ViÖt", "tcvn3") == "Việt"
    assert to_unicode("Vieät", "vni") == "Việt"
    with pytest.raises(ValueError):
        to_unicode("abc", "viscii")
    with pytest.raises(ValueError):
        from_unicode("abc", "viscii")
    assert to_unicode(None) == ""


def test_syllable_check():
    for word in ("Người", "việt", "NGHIÊNG", "quốc", "giữa", "khuya", "oanh", "ĐƯỜNG"):
        assert is_vietnamese_syllable(word), word
    for word in ("ViÖt", "Vieät", "xyz", "áà", "Ng\xadêi", "ströng"):
        assert not is_vietnamese_syllable(word), word


# --- properties -------------------------------------------------------------------------------------------
ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "ph",
          "qu", "s", "t", "th", "tr", "v", "x"]
RHYMES = ["a", "an", "ang", "anh", "at", "ac", "ai", "ao", "au", "ay", "ăn", "ăng", "ăt", "âm", "ân", "ât", "âu",
          "ây", "e", "em", "en", "eo", "ê", "ên", "ênh", "êt", "i", "in", "inh", "it", "iên", "iêt", "iêu", "o", "oa",
          "oan", "oang", "oanh", "oai", "ong", "oc", "oi", "ô", "ôn", "ông", "ôc", "ôi", "ơ", "ơn", "ơi", "u", "un",
          "ung", "uc", "ui", "uy", "uyên", "uôn", "uông", "uôi", "ư", "ưng", "ưa", "ươn", "ương", "ươc", "ươi", "y"]


@st.composite
def syllables(draw, capitalise=True):
    onset = draw(st.sampled_from(ONSETS))
    rhyme = draw(st.sampled_from(RHYMES))
    tone = draw(st.sampled_from(TONES))
    # The tone goes on the last vowel with a shape mark; else on the last vowel before a final
    # consonant; else on the middle of three vowels or the first of one or two.
    nfd = unicodedata.normalize("NFD", rhyme)
    vowels = [i for i, ch in enumerate(nfd) if ch in "aeiouy"]
    shaped = [i for i in vowels if i + 1 < len(nfd) and unicodedata.combining(nfd[i + 1])]
    closed = rhyme[-1] not in "aeiouyăâêôơư"
    if shaped:
        at = shaped[-1]
    elif closed:
        at = vowels[-1]
    else:
        at = vowels[1] if len(vowels) == 3 else vowels[0]
    at += 1
    while at < len(nfd) and unicodedata.combining(nfd[at]):
        at += 1
    word = unicodedata.normalize("NFC", onset + nfd[:at] + tone + nfd[at:])
    style = draw(st.sampled_from(["lower", "title", "upper"])) if capitalise else "lower"
    return {"lower": word, "title": word[:1].upper() + word[1:], "upper": word.upper()}[style]


def sentences(capitalise=True):
    # TCVN3 (lower-case only here) cannot tell "OCOP á" from "OCOP Á": capitals only with capitalise.
    extra = ["OCOP", "2024", "12/KH-UBND", "và", "-"] if capitalise else ["2024", "và", "-", "ocop"]
    return st.lists(st.one_of(syllables(capitalise), st.sampled_from(extra)), min_size=1, max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_to_unicode_never_raises_and_returns_nfc(text):
    out = to_unicode(text)
    assert out == unicodedata.normalize("NFC", out)
    if detect_legacy_encoding(text) is None:
        assert out == unicodedata.normalize("NFC", text)


@settings(max_examples=300, deadline=None)
@given(sentences())
def test_unicode_vietnamese_is_idempotent(text):
    assert detect_legacy_encoding(text) is None
    assert to_unicode(text) == unicodedata.normalize("NFC", text)
    assert to_unicode(to_unicode(text)) == to_unicode(text)
    assert to_unicode(unicodedata.normalize("NFD", text)) == unicodedata.normalize("NFC", text)


@settings(max_examples=300, deadline=None)
@given(sentences(capitalise=True))
def test_vni_round_trip(text):
    assert to_unicode(from_unicode(text, "vni"), "vni") == text


@settings(max_examples=300, deadline=None)
@given(sentences(capitalise=False))
def test_tcvn3_round_trip(text):
    assert to_unicode(from_unicode(text, "tcvn3"), "tcvn3") == text


VOCABULARY = sorted(set(
    "Tiếp tục đẩy mạnh công tác thông tin tuyên truyền vận động phổ biến sâu rộng để người tiêu dùng trong nước "
    "biết và nhận thức đúng khả năng sản xuất hàng hóa của doanh nghiệp chất lượng sản phẩm được tỉnh từ đó tạo "
    "chuyển biến về ý thức các tầng lớp Nhân dân từng bước thay đổi hành động mua sắm hướng đến nhà phiên chợ "
    "Việt Nam ưu tiên dùng Sở Công Thương Phòng Quản lý thương mại Trung tâm Khuyến công Tiết kiệm năng lượng "
    "huyện xã thị trấn đặc sản hội chợ kiểm tra kiểm soát thị trường giả nhái kém nguồn gốc xuất xứ".split()
))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=6, max_size=40).map(" ".join), st.sampled_from(["tcvn3", "vni"]))
def test_detection_of_legacy_sentences(text, encoding):
    legacy = from_unicode(text, encoding)
    if sum(1 for w in legacy.split() if not w.isascii() and not is_vietnamese_syllable(w)) < 3:
        return  # too little evidence to tell an encoding from real words
    assert detect_legacy_encoding(legacy) == encoding
    assert to_unicode(legacy) == text
    assert to_unicode(to_unicode(legacy)) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(syllables(capitalise=False), min_size=4, max_size=30).map(" ".join),
       st.sampled_from(["tcvn3", "vni"]))
def test_conversion_of_random_syllables_reads_as_vietnamese(text, encoding):
    legacy = from_unicode(text, encoding)
    converted = to_unicode(legacy)
    assert to_unicode(converted) == converted  # idempotent after conversion
    if converted != legacy:  # whatever reading was chosen consists of real syllables
        assert all(is_vietnamese_syllable(w) for w in converted.split() if not w.isascii() and w.isalpha())
