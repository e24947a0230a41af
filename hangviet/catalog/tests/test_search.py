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


@pytest.fixture
def tiers(make_product):
    # Made oldest first. `gio lua`: the last word also starts "luan" (Luận Văn).
    return {
        "name_rated": make_product("Giò lụa Thanh Hóa", stars_score=(30, 20, 25)),
        "name_long": make_product("Giò lụa truyền thống Ước Lễ"),
        "name_short": make_product("Giò lụa Huế"),
        "name_prefix": make_product("Giò Luận Văn"),
        "text_old": make_product("Bánh cuốn", description="Ăn kèm giò lụa"),
        "text_new": make_product("Bánh dày", description="Kẹp giò lụa"),
        "text_prefix": make_product("Chả cốm", description="Giò ở Luận Văn"),
        "other": make_product("Bánh gai", description="Nhân đỗ xanh"),
    }


ORDER = ("name_rated", "name_short", "name_long", "name_prefix", "text_new", "text_old", "text_prefix")


@pytest.mark.django_db
def test_relevance_tiers_then_stars_name_length_and_newest(tiers):
    order = [tiers[k].pk for k in ORDER]
    assert ids("gio lua") == order
    assert ids("Giò lụa") == order
    pages = [ids("gio lua", page=n, page_size=3) for n in (1, 2, 3)]
    assert pages == [order[:3], order[3:6], order[6:]]
    assert ids("gio lua", stars=4) == [tiers["name_rated"].pk]
    assert search(SearchQuery(q="gio lua", page=4, page_size=3)).ids == []
    assert search(SearchQuery(q="gio lua")).count == 7


@pytest.mark.django_db
def test_the_column_index_follows_renames_and_withdrawals_at_once(tiers):
    from hangviet.catalog import services

    from .conftest import ADMIN

    assert ids("gio lua")[-1] == tiers["text_prefix"].pk
    services.product_update(scope=ADMIN, product_id=tiers["text_prefix"].pk, data={"name": "Giò lụa cốm"})
    assert ids("gio lua")[:2] == [tiers["name_rated"].pk, tiers["text_prefix"].pk]  # name tier, shortest name
    services.product_withdraw(scope=ADMIN, product_id=tiers["name_short"].pk, note="Ngừng sản xuất")
    result = search(SearchQuery(q="gio lua"))
    assert tiers["name_short"].pk not in result.ids and result.count == 6


@pytest.mark.django_db
def test_other_orders_over_the_matches(tiers):
    from hangviet.catalog import services

    from .conftest import ADMIN

    for key, price in (("name_long", 90000), ("text_old", 15000), ("name_short", 45000)):
        services.product_update(scope=ADMIN, product_id=tiers[key].pk, data={"price_vnd": price})
    matched = [tiers[k] for k in ORDER]
    by_name = sorted(matched, key=lambda p: (p.name_key, p.pk))
    assert ids("gio lua", sort="name") == [p.pk for p in by_name]
    assert ids("gio lua", sort="-name") == [p.pk for p in reversed(by_name)]
    assert ids("gio lua", sort="price")[:3] == [tiers[k].pk for k in ("text_old", "name_short", "name_long")]
    assert ids("gio lua", sort="-price")[:3] == [tiers[k].pk for k in ("name_long", "name_short", "text_old")]
    assert ids("gio lua", sort="stars")[0] == tiers["name_rated"].pk
    assert ids("gio lua", sort="name", stars=4) == [tiers["name_rated"].pk]
    assert ids("gio lua", sort="name", page=2, page_size=5) == [p.pk for p in by_name[5:]]
