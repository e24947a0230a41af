"""The public search: folding (đ included), typo tolerance, relevance, facets, bad input."""

import pytest

from hangviet.catalog.search import SearchQuery, search
from hangviet.catalog.selectors import build_query, public_search
from hangviet.core.errors import ValidationFailed


@pytest.fixture
def catalogue(make_product):
    return {
        "gai": make_product("Bánh gai Tứ Trụ", description="Bánh gai nhân đỗ xanh, đặc sản xứ Thanh", stars_score=(30, 20, 25)),
        "do": make_product("Kẹo cu đơ Hà Tĩnh", description="Kẹo lạc mật mía kẹp bánh đa"),
        "dacsan": make_product("Đặc sản nem chua", description="Nem chua lá ổi"),
        "mo": make_product("Chè xanh", description="Dùng kèm bánh gai"),
        "draft": make_product("Bánh gai bản nháp", publish=False),
    }


def ids(q, **kw):
    return search(SearchQuery(q=q, **kw)).ids


@pytest.mark.django_db
def test_folded_search_finds_products_typed_without_diacritics(catalogue):
    assert ids("banh gai")[0] == catalogue["gai"].pk
    assert catalogue["dacsan"].pk in ids("dac san")
    assert ids("keo cu do") == [catalogue["do"].pk]
    assert ids("KẸO CU ĐƠ") == [catalogue["do"].pk]
    assert catalogue["draft"].pk not in ids("banh gai")


@pytest.mark.django_db
def test_name_hits_rank_above_description_hits(catalogue):
    found = ids("banh gai")
    assert found.index(catalogue["gai"].pk) < found.index(catalogue["mo"].pk)


@pytest.mark.django_db
def test_prefix_and_typo(catalogue):
    assert ids("keo cu")[0] == catalogue["do"].pk
    result = search(SearchQuery(q="keo cu dp"))
    assert result.ids == [catalogue["do"].pk]
    assert result.corrected == {"dp": "do"}
    assert catalogue["gai"].pk in search(SearchQuery(q="bnah gai")).ids


@pytest.mark.django_db
def test_facets_count_the_result_set(catalogue):
    result = search(SearchQuery(q="gai"))
    assert result.count == 2  # Bánh gai (name) + Chè xanh (description); the draft is not public
    stars = dict(result.facets["stars"])
    assert stars[4] == 1 and stars[None] == 1  # 30 + 20 + 25 = 75 points: 4 stars
    assert sum(n for _, n in result.facets["province"]) == result.count


@pytest.mark.django_db
@pytest.mark.parametrize("q", ['"', "*", "NEAR(a b)", "a OR b", "' OR 1=1 --", "banh\" AND \"gai", "^", "(", "a:b", "-x"])
def test_operators_are_inert(catalogue, q):
    search(SearchQuery(q=q))


@pytest.mark.django_db
def test_bad_parameters_are_clear_errors(catalogue):
    with pytest.raises(ValidationFailed) as err:
        build_query(q="x" * 201)
    assert "q" in err.value.errors
    for kwargs, field in (({"province": "99999"}, "province"), ({"stars": "7"}, "stars"), ({"stars": "abc"}, "stars"),
                          ({"category": "nope"}, "category"), ({"sort": "drop"}, "sort"), ({"page": "0"}, "page"),
                          ({"facets": ["evil"]}, "facets")):
        with pytest.raises(ValidationFailed) as err:
            build_query(**kwargs)
        assert field in err.value.errors


@pytest.mark.django_db
def test_public_search_page_and_empty_query(catalogue):
    page = public_search(build_query(q=""))
    assert page.count == 4
    assert {f["label"] for f in page.facets["stars"]} == {"4 sao"}
    assert public_search(build_query(q="banh gai", stars="4")).count == 1


@pytest.mark.django_db
def test_within_a_tier_ocop_products_and_closer_names_come_first(make_product):
    plain = make_product("Nem chua loại 1 Mường Khoa")
    rated = make_product("Nem chua Thanh Hóa", stars_score=(30, 20, 25))
    short = make_product("Nem chua Huế")
    assert ids("nem chua")[:3] == [rated.pk, short.pk, plain.pk]
