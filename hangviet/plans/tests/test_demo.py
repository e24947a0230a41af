import pytest

from hangviet.plans.models import Plan, ProgressReport, ReportState

pytestmark = pytest.mark.django_db


def test_demo_imports_both_seed_plans_through_the_import_and_is_idempotent():
    from hangviet.demo import plans as demo

    demo.load()
    th = Plan.objects.get(place_id="38", symbol="KH-SCT")
    cx = Plan.objects.get(place__name="Huyện Cẩm Xuyên")
    assert th.source_text.startswith("KẾ HOẠCH") and cx.source_text.startswith("KẾ HOẠCH")
    assert th.tasks.filter(number="2.12").exists()
    assert cx.tasks.filter(number="IV").exists()
    states = set(ProgressReport.objects.filter(task__plan__in=[th, cx]).values_list("state", flat=True))
    assert {ReportState.ACCEPTED, ReportState.SUBMITTED, ReportState.RETURNED, ReportState.PENDING} <= states
    assert ProgressReport.objects.filter(task__plan=th, revision=2).exists()
    count = ProgressReport.objects.count()
    demo.load()
    assert Plan.objects.filter(pk__in=[th.pk, cx.pk]).count() == 2 and Plan.objects.count() == 2
    assert ProgressReport.objects.count() == count
