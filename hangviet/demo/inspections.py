"""Demo data for market inspections: a Tết inspection plan (idempotent)."""

import datetime as dt


def load(stdout=None):
    from hangviet.agencies.models import Agency
    from hangviet.inspections.models import InspectionPlan, Period

    agency = Agency.objects.filter(place__isnull=False).order_by("pk").first()
    if agency is None:
        return
    InspectionPlan.objects.get_or_create(
        name="Kế hoạch cao điểm chống buôn lậu, hàng giả dịp Tết Bính Ngọ 2026",
        defaults={"period": Period.TET, "starts_on": dt.date(2025, 12, 15), "ends_on": dt.date(2026, 3, 15),
                  "agency": agency, "place": agency.place})
    if stdout:
        stdout.write("inspections: Tết plan loaded\n")
