"""Scope rules: a record filed against a historical unit rolls up to today's province; commune and
district scopes; business and anonymous scopes."""

import pytest

from hangviet.agencies.scope import ANONYMOUS, scope_for
from hangviet.businesses.models import Business
from hangviet.businesses.selectors import business_get, business_list
from hangviet.core.errors import NotFound
from hangviet.places.models import Place

pytestmark = pytest.mark.django_db


def test_provincial_officer_covers_a_business_in_a_historical_commune(scope_of):
    che = Business.objects.get(name="Công ty Cổ phần Chè Thường Xuân")
    assert che.place.is_historical and che.place.level == "commune"
    assert che.place.province_id == "38"
    scope = scope_of("daumoi.qltm")
    assert scope.place.code == "38"
    assert scope.covers_place(che.place)
    assert business_get(scope=scope, business_id=che.pk) == che
    assert che in business_list(scope=scope)
    # Hà Tĩnh's historical district covers its historical communes, never Thanh Hóa's
    camxuyen = scope_of("daumoi.camxuyen")
    assert not camxuyen.covers_place(che.place)
    with pytest.raises(NotFound):
        business_get(scope=camxuyen, business_id=che.pk)


def test_historical_district_scope_covers_its_communes_and_successors(scope_of):
    scope = scope_of("daumoi.camxuyen")
    district = Place.objects.get(code="H42011")
    assert scope.place == district
    for commune in district.children.all():
        assert scope.covers_place(commune)
    for heir in district.successors.all():
        assert scope.covers_place(heir)
    assert not scope.covers_place(Place.objects.get(code="42"))
    assert not scope.covers_place(Place.objects.get(code="18073"))  # elsewhere in Hà Tĩnh


def test_commune_scope(scope_of):
    scope = scope_of("canbo.thiencam")
    thien_cam = Place.objects.get(name="Thị trấn Thiên Cầm")
    assert scope.place == thien_cam
    assert scope.covers_place(thien_cam)
    assert not scope.covers_place(Place.objects.get(code="H4201103"))
    assert not scope.covers_place(thien_cam.parent)


def test_todays_commune_scope_covers_its_historical_predecessors(user_named):
    """An officer of today's commune sees records still filed against the commune it replaced."""
    thien_cam = Place.objects.get(name="Thị trấn Thiên Cầm")
    heir = thien_cam.successors.first()
    user = user_named("canbo.thiencam")
    user.scope_place = heir
    user.save()
    scope = scope_for(user_named("canbo.thiencam"))
    assert scope.covers_place(thien_cam)
    names = set(business_list(scope=scope).values_list("name", flat=True))
    assert "Công ty TNHH Du lịch Thiên Cầm Xanh" in names


def test_business_and_anonymous_scopes(scope_of, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    business = scope_of("doanhnghiep")
    assert business.is_business and not business.is_official
    assert list(business_list(scope=business).values_list("name", flat=True)) == ["Công ty TNHH Nem chua Thanh Hóa Xứ Thanh"]
    assert not business.covers_place(Place.objects.get(code="38"))
    assert scope_for(AnonymousUser()) is ANONYMOUS
    assert business_list(scope=ANONYMOUS).count() == 0


def test_inactive_user_has_no_scope(user_named):
    user = user_named("daumoi.qltm")
    user.is_active = False
    assert scope_for(user) is ANONYMOUS


def test_agency_subtree(scope_of):
    from hangviet.agencies.models import Agency

    sct = Agency.objects.get(name="Sở Công Thương tỉnh Thanh Hóa")
    leader = scope_of("lanhdao.sct")
    units = set(Agency.objects.filter(parent=sct).values_list("pk", flat=True))
    assert units <= leader.agency_ids and sct.pk in leader.agency_ids
    focal = scope_of("daumoi.qltm")
    assert focal.agency_ids == frozenset({Agency.objects.get(name="Phòng Quản lý thương mại").pk})
