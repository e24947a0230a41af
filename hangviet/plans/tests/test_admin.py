import pytest
from django.urls import reverse

from hangviet.plans import services
from hangviet.plans.models import ProgressReport, ReportState

pytestmark = pytest.mark.django_db


def _report(plan, number, unit_name, code):
    return ProgressReport.objects.get(task__plan=plan, task__number=number, unit__name=unit_name,
                                      period__code=code, is_current=True)


def test_back_office_pages_render(th_plan, client_as):
    c = client_as("daumoi.qltm")
    for url in [reverse("admin:plans_plan_changelist"), reverse("admin:plans_plan_change", args=[th_plan.pk]),
                reverse("admin:plans_plan_dashboard", args=[th_plan.pk]), reverse("admin:plans_my_work"),
                reverse("admin:plans_plan_import"), reverse("admin:plans_progressreport_changelist"),
                reverse("admin:plans_task_changelist"), reverse("admin:plans_legaldocument_changelist"),
                reverse("admin:index")]:
        r = c.get(url)
        assert r.status_code == 200, url
    r = c.get(reverse("admin:plans_plan_dashboard", args=[th_plan.pk]))
    assert 'class="chart"' in r.content.decode()
    assert "Quá hạn chưa nộp" in r.content.decode()
    r = c.get(reverse("admin:index"))
    assert "Báo cáo kế hoạch quá hạn" in r.content.decode()


def test_dashboard_query_count_does_not_grow_with_tasks(th_plan, client_as, scope_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hangviet.plans import services

    from .helpers import th_proposal

    big = th_proposal(title="Kế hoạch nhiều nhiệm vụ")
    big["tasks"] += [{**big["tasks"][3], "key": f"II.3.{i}", "number": f"3.{i}"} for i in range(25)]
    big_plan = services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"), proposal=big)
    c = client_as("daumoi.qltm")
    counts = []
    for plan in (th_plan, big_plan):
        c.get(reverse("admin:plans_plan_dashboard", args=[plan.pk]))
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("admin:plans_plan_dashboard", args=[plan.pk])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_report_changelist_query_count(th_plan, client_as, django_assert_max_num_queries):
    c = client_as("daumoi.qltm")
    c.get(reverse("admin:plans_progressreport_changelist"))
    with django_assert_max_num_queries(25):
        assert c.get(reverse("admin:plans_progressreport_changelist")).status_code == 200


def test_submit_then_accept_and_return_in_back_office(th_plan, client_as):
    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q1")
    officer = client_as("canbo.qlcn")
    url = reverse("admin:plans_progressreport_submit", args=[report.pk])
    r = officer.post(url, {"status": "on_track", "narrative": "Đã đăng tải.", "extra_quantity": "-2",
                           "extra_description": "Lượt"})
    assert r.status_code == 422 and "không được là số âm" in r.content.decode()
    r = officer.post(url, {"status": "on_track", "narrative": "Đã đăng tải.", "extra_quantity": "2",
                           "extra_description": "Lượt đăng tải", "extra_unit": "lượt"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    focal = client_as("daumoi.qltm")
    r = focal.post(reverse("admin:plans_progressreport_changelist"),
                   {"action": "return_selected", "_selected_action": [report.pk]})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.review_comment
    officer = client_as("canbo.qlcn")
    officer.post(url, {"status": "done", "narrative": "Đã bổ sung."})
    focal = client_as("daumoi.qltm")
    r = focal.post(reverse("admin:plans_progressreport_changelist"),
                   {"action": "accept_selected", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_officer_cannot_open_another_units_submit_page(th_plan, client_as):
    report = _report(th_plan, "2.1", "Phòng Quản lý thương mại", "2024-Q1")
    r = client_as("canbo.qlcn").post(reverse("admin:plans_progressreport_submit", args=[report.pk]),
                                     {"status": "done", "narrative": "x"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.PENDING
    r = client_as("daumoi.camxuyen").get(reverse("admin:plans_plan_dashboard", args=[th_plan.pk]))
    assert r.status_code == 302


def test_export_buttons(th_plan, client_as):
    c = client_as("daumoi.qltm")
    r = c.get(reverse("admin:plans_plan_export", args=[th_plan.pk, "bao-cao.docx"]) + "?period=2024-Q1")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    r = c.get(reverse("admin:plans_plan_export", args=[th_plan.pk, "phu-luc.xlsx"]) + "?period=2024-H1")
    assert r.status_code == 200
    r = client_as("daumoi.camxuyen").get(reverse("admin:plans_plan_export", args=[th_plan.pk, "bao-cao.docx"])
                                         + "?period=2024-Q1")
    assert r.status_code == 302


def test_report_and_task_pages_render(th_plan, client_as):
    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q1")
    task = report.task
    officer = client_as("canbo.qlcn")
    for url in [reverse("admin:plans_progressreport_change", args=[report.pk]),
                reverse("admin:plans_progressreport_submit", args=[report.pk]),
                reverse("admin:plans_progressreport_review", args=[report.pk]),
                reverse("admin:plans_task_change", args=[task.pk])]:
        assert officer.get(url).status_code == 200, url
    r = officer.get(reverse("admin:plans_progressreport_submit", args=[report.pk]))
    assert "Nộp báo cáo" in r.content.decode() and "số liệu 15/12/2023" in r.content.decode()


def test_focal_edits_rule_in_plan_page_and_periods_follow(th_plan, client_as):
    c = client_as("daumoi.qltm")
    url = reverse("admin:plans_plan_change", args=[th_plan.pk])
    r = c.get(url)
    assert r.status_code == 200
    form = r.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None}
    data["status"] = "active"
    for formset in r.context["inline_admin_formsets"]:
        fs = formset.formset
        data[f"{fs.prefix}-TOTAL_FORMS"] = str(fs.total_form_count())
        data[f"{fs.prefix}-INITIAL_FORMS"] = str(fs.initial_form_count())
        for i, f in enumerate(fs.forms):
            for name, field in f.fields.items():
                value = f.initial.get(name, field.initial)
                if hasattr(value, "pk"):
                    value = value.pk
                if isinstance(value, bool):
                    if value:
                        data[f"{fs.prefix}-{i}-{name}"] = "on"
                    continue
                if value is not None:
                    data[f"{fs.prefix}-{i}-{name}"] = value
    rule = th_plan.reporting_rules.get(frequency="quarterly")
    rule_prefix = next(f.formset.prefix for f in r.context["inline_admin_formsets"] if f.formset.model.__name__ == "ReportingRule")
    index = next(i for i, f in enumerate(next(x.formset for x in r.context["inline_admin_formsets"]
                                              if x.formset.prefix == rule_prefix).forms) if f.instance.pk == rule.pk)
    data[f"{rule_prefix}-{index}-due_day"] = "20"
    r = c.post(url, data)
    assert r.status_code == 302, [f.formset.errors for f in r.context["inline_admin_formsets"]] if r.context else r
    rule.refresh_from_db()
    assert rule.due_day == 20
    assert th_plan.periods.get(code="2024-Q3").due_date.isoformat() == "2024-09-19"


def test_submit_page_offers_evidence_of_the_period(th_plan, client_as):
    import datetime as dt

    from hangviet.agencies.models import Agency
    from hangviet.plans import services

    report = _report(th_plan, "2.5", "Trung tâm Khuyến công và Tiết kiệm năng lượng", "2024-Q2")
    output = report.task.outputs.get(quantity=3)
    link = services.evidence_link(task_id=report.task_id, obj=Agency.objects.get(name="Báo Thanh Hóa"),
                                  label="Phiên chợ hàng Việt Như Xuân", output_id=output.pk,
                                  occurred_on=dt.date(2024, 5, 12))
    c = client_as("admin")
    url = reverse("admin:plans_progressreport_submit", args=[report.pk])
    assert "Phiên chợ hàng Việt Như Xuân" in c.get(url).content.decode()
    r = c.post(url, {"status": "on_track", "narrative": "01 phiên.", f"output_{output.pk}": "1",
                     f"evidence_{output.pk}": str(link.pk)})
    assert r.status_code == 302
    assert list(report.quantities.get().evidence.all()) == [link]


def test_a_managed_task_is_linked_to_a_higher_plans_task_from_the_back_office(th_plan, scope_of, client_as):
    from hangviet.plans.models import Task

    from .helpers import th_proposal

    child = services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"),
                                               proposal=th_proposal(title="Kế hoạch cấp dưới năm 2024"))
    task, parent = child.tasks.get(number="2.5"), th_plan.tasks.get(number="2.5")
    focal = client_as("daumoi.qltm")
    page = focal.get(f"/quan-tri/plans/task/{task.pk}/change/").content.decode()
    assert f"/quan-tri/plans/task/{task.pk}/nhiem-vu-cap-tren/" in page
    url = f"/quan-tri/plans/task/{task.pk}/nhiem-vu-cap-tren/"
    listing = focal.get(url, {"q": "2.5"}).content.decode()
    assert f'value="{parent.pk}"' in listing and f'value="{task.pk}"' not in listing  # never its own plan
    assert focal.post(url, {"carries_out": str(parent.pk)}).status_code == 302
    assert Task.objects.get(pk=task.pk).carries_out_id == parent.pk
    assert "Kế hoạch cấp dưới năm 2024" in focal.get(f"/quan-tri/plans/task/{parent.pk}/change/").content.decode()
    # Bad choices: a task of the same plan, a number that is no task, garbage: clear errors, nothing saved.
    for bad, message in ((str(child.tasks.get(number="2.1").pk), "kế hoạch khác"), ("999999", "Không tìm thấy"),
                         ("abc", "không hợp lệ")):
        response = focal.post(url, {"carries_out": bad})
        assert response.status_code in (404, 422) and message in response.content.decode(), bad
        assert Task.objects.get(pk=task.pk).carries_out_id == parent.pk
    assert focal.post(url, {"carries_out": ""}).status_code == 302
    assert Task.objects.get(pk=task.pk).carries_out_id is None
    # An officer who does not manage the plan is sent back without a change.
    officer = client_as("canbo.qlcn")
    response = officer.post(url, {"carries_out": str(parent.pk)})
    assert response.status_code == 302 and Task.objects.get(pk=task.pk).carries_out_id is None


def test_a_units_reporting_page(th_plan, client_as, django_assert_max_num_queries):
    from hangviet.agencies.models import Agency

    unit = Agency.objects.get(name="Phòng Quản lý công nghiệp")
    report = _report(th_plan, "2.2", "Phòng Quản lý công nghiệp", "2024-Q1")
    url = reverse("admin:plans_unit_dashboard", args=[unit.pk])
    # Its own officer: what is left to report, with the link to submit it.
    own = client_as("canbo.qlcn").get(url).content.decode()
    assert "Phòng Quản lý công nghiệp" in own and th_plan.title[:40] in own
    assert reverse("admin:plans_progressreport_submit", args=[report.pk]) in own
    # The plan's focal point reaches it from the plan dashboard, and sees reports without submit links.
    focal = client_as("daumoi.qltm")
    assert url in focal.get(reverse("admin:plans_plan_dashboard", args=[th_plan.pk])).content.decode()
    focal.get(url)
    with django_assert_max_num_queries(14):  # flat: no query per row (13 here with 4 rows listed)
        page = focal.get(url).content.decode()
    assert reverse("admin:plans_progressreport_change", args=[report.pk]) in page
    assert reverse("admin:plans_progressreport_submit", args=[report.pk]) not in page
    # A unit nobody here may follow, an unknown unit, garbage: back to "Việc của tôi" with a message.
    stranger = client_as("daumoi.camxuyen")
    response = stranger.get(url, follow=True)
    assert "Không tìm thấy đơn vị" in response.content.decode() and th_plan.title[:40] not in response.content.decode()
    assert "Không tìm thấy đơn vị" in focal.get(reverse("admin:plans_unit_dashboard", args=[999999]),
                                                follow=True).content.decode()
