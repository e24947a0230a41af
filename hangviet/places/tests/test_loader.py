"""Places: an idempotent load of today's 34 provinces and 3,321 communes, historical units with their
end date and successors, and the roll-up of historical records to today's province."""

import datetime as dt

import pytest
from django.core.management import call_command

from hangviet.places.loader import load_all
from hangviet.places.models import Place

pytestmark = pytest.mark.django_db


def counts():
    return (Place.objects.filter(level="province").count(),
            Place.objects.filter(level="commune", valid_to__isnull=True).count(),
            Place.objects.filter(valid_to__isnull=False).count(),
            Place.successors.through.objects.count())


def test_load_is_idempotent():
    before = counts()
    assert before[0] == 34 and before[1] == 3321
    result = load_all()
    assert result["provinces"] == 34 and result["communes"] == 3321
    assert result["historical_created"] == 0
    assert counts() == before
    call_command("load_places", verbosity=0)
    assert counts() == before


def test_load_into_an_empty_table_then_again():
    from hangviet.agencies.models import Agency, User
    from hangviet.businesses.models import Business

    User.objects.update(agency=None, scope_place=None, business=None)
    Business.objects.all().delete()
    Agency.objects.update(parent=None)
    Agency.objects.all().delete()
    Place.successors.through.objects.all().delete()
    Place.objects.update(parent=None, province=None)
    Place.objects.all().delete()
    assert Place.objects.count() == 0
    first = load_all()
    assert first["historical_created"] > 0
    after_first = counts()
    second = load_all()
    assert second["historical_created"] == 0
    assert counts() == after_first
    assert after_first[:2] == (34, 3321)


def test_every_commune_rolls_up_to_a_province():
    assert not Place.objects.filter(level="commune", province__isnull=True).exists()
    assert not Place.objects.exclude(level="province").filter(parent__isnull=True).exists()
    assert set(Place.objects.filter(level="province").values_list("province_id", flat=True)) == set(
        Place.objects.filter(level="province").values_list("code", flat=True))


def test_historical_units_end_on_30_06_2025_and_have_successors():
    district = Place.objects.get(code="H42011")
    assert district.name == "Huyện Cẩm Xuyên" and district.level == "district"
    assert district.valid_to == dt.date(2025, 6, 30) and district.is_historical
    assert district.province_id == "42"
    thien_cam = Place.objects.get(name="Thị trấn Thiên Cầm")
    assert thien_cam.parent == district and thien_cam.valid_to == dt.date(2025, 6, 30)
    heirs = list(thien_cam.successors.all())
    assert heirs and all(h.valid_to is None and h.province_id == "42" for h in heirs)
    assert thien_cam in heirs[0].predecessors.all()
    assert Place.objects.get(name="Huyện Thường Xuân").province_id == "38"
    for place in Place.objects.filter(level="district"):
        assert place.valid_to == dt.date(2025, 6, 30)
    today_units = Place.objects.filter(valid_to__isnull=True)
    assert not today_units.filter(level="district").exists()


def test_full_name_of_a_historical_commune():
    assert Place.objects.get(name="Thị trấn Thiên Cầm").full_name == "Thị trấn Thiên Cầm, Huyện Cẩm Xuyên, Tỉnh Hà Tĩnh"
