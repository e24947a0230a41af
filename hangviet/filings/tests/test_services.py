import pytest

from hangviet.core import workdays
from hangviet.core.deadlines import today
from hangviet.core.errors import DomainError, NotFound, PermissionDenied
from hangviet.core.models import HistoryEntry, Notice
from hangviet.filings import services
from hangviet.filings.models import Filing, FilingEvent, FilingState


def test_submit_gives_reference_receiver_payload_and_deadline(draft, scope_of, test_kind):
    filing = services.filing_submit(scope=scope_of("doanhnghiep"), filing_id=draft.pk)
    assert filing.state == FilingState.SUBMITTED
    assert filing.reference.startswith("TH-")
    assert filing.receiving_agency.name == "Sở Công Thương tỉnh Thanh Hóa"
    assert filing.payload == {"title": "Hồ sơ thử nghiệm"}
    assert filing.due_date == workdays.add_working_days(today(), 5)
    assert test_kind == ["submit"]
    assert FilingEvent.objects.filter(filing=filing, action="submit", from_state="draft", to_state="submitted").exists()
    # the Department's reviewers (its units included) are notified
    assert Notice.objects.filter(user__username="daumoi.qltm", subject__contains=filing.reference).exists()


def test_full_review_cycle(draft, scope_of):
    biz, officer = scope_of("doanhnghiep"), scope_of("daumoi.qltm")
    services.filing_submit(scope=biz, filing_id=draft.pk)
    services.filing_acknowledge(scope=officer, filing_id=draft.pk)
    f = services.filing_request_changes(scope=officer, filing_id=draft.pk, note="Bổ sung điều lệ chương trình")
    assert f.state == FilingState.CHANGES_REQUESTED and f.paused_since is not None
    assert Notice.objects.filter(user__username="doanhnghiep", body__contains="Bổ sung điều lệ").exists()
    f = services.filing_submit(scope=biz, filing_id=draft.pk)
    assert f.state == FilingState.SUBMITTED
    assert f.events.filter(action="resubmit").exists()
    f = services.filing_confirm(scope=officer, filing_id=draft.pk, note="Đồng ý")
    assert f.state == FilingState.CONFIRMED and f.finished_on == today()
    assert f.confirmed_payload == f.payload
    assert f.outcome in ("early", "on_time")
    # amendment refused keeps the confirmation
    f = services.filing_amend(scope=biz, filing_id=draft.pk, note="Gia hạn thêm 5 ngày")
    assert f.state == FilingState.AMENDED
    f = services.filing_refuse(scope=officer, filing_id=draft.pk, reason="Không đủ căn cứ gia hạn")
    assert f.state == FilingState.CONFIRMED
    f = services.filing_suspend(scope=officer, filing_id=draft.pk, reason="Vi phạm khi thực hiện")
    assert f.state == FilingState.SUSPENDED
    f = services.filing_close(scope=officer, filing_id=draft.pk)
    assert f.state == FilingState.CLOSED
    actions = list(f.events.values_list("action", flat=True))
    assert actions == ["create", "submit", "acknowledge", "request_changes", "resubmit", "confirm", "amend",
                       "refuse_amendment", "suspend", "close"]
    assert HistoryEntry.objects.filter(object_id=str(f.pk), action="confirm").exists()


def test_refuse_requires_reason_and_changes_nothing(draft, scope_of):
    services.filing_submit(scope=scope_of("doanhnghiep"), filing_id=draft.pk)
    with pytest.raises(DomainError) as exc:
        services.filing_refuse(scope=scope_of("daumoi.qltm"), filing_id=draft.pk, reason="  ")
    assert exc.value.field == "reason" and "lý do" in exc.value.message
    assert Filing.objects.get(pk=draft.pk).state == FilingState.SUBMITTED


def test_wrong_state_and_wrong_actor(draft, scope_of):
    with pytest.raises(DomainError) as exc:
        services.filing_confirm(scope=scope_of("daumoi.qltm"), filing_id=draft.pk)
    # a draft is invisible to reviewers until submitted? it is not: the receiver is unset, so 404
    assert exc.value.status in (404, 409)
    services.filing_submit(scope=scope_of("doanhnghiep"), filing_id=draft.pk)
    with pytest.raises(PermissionDenied):
        services.filing_confirm(scope=scope_of("doanhnghiep"), filing_id=draft.pk)
    # an officer of another province cannot see it at all
    with pytest.raises(NotFound):
        services.filing_confirm(scope=scope_of("daumoi.camxuyen"), filing_id=draft.pk)
    with pytest.raises(DomainError) as exc:
        services.filing_submit(scope=scope_of("doanhnghiep"), filing_id=draft.pk)
    assert exc.value.status == 409


def test_hook_errors_roll_back(test_kind, scope_of):
    biz = scope_of("doanhnghiep")
    f = services.filing_create(scope=biz, kind="test_kind", title="Hồ sơ lỗi")
    with pytest.raises(DomainError) as exc:
        services.filing_submit(scope=biz, filing_id=f.pk)
    assert exc.value.field == "title"
    f.refresh_from_db()
    assert f.state == FilingState.DRAFT and f.reference is None and f.receiving_agency_id is None
    assert not f.events.filter(action="submit").exists()


def test_ensure_editable_refuses_after_submission(draft, scope_of):
    biz = scope_of("doanhnghiep")
    services.ensure_editable(scope=biz, filing=draft)
    services.filing_submit(scope=biz, filing_id=draft.pk)
    draft.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.ensure_editable(scope=biz, filing=draft)
    assert "không sửa được" in exc.value.message


def test_comments_visibility_and_documents(draft, scope_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hangviet.filings import selectors

    biz, officer = scope_of("doanhnghiep"), scope_of("daumoi.qltm")
    services.filing_submit(scope=biz, filing_id=draft.pk)
    services.filing_comment_add(scope=officer, filing_id=draft.pk, body="Ghi chú nội bộ", visibility="internal")
    services.filing_comment_add(scope=officer, filing_id=draft.pk, body="Gửi doanh nghiệp", visibility="filer")
    seen_by_biz = [c.body for c in selectors.filing_timeline(scope=biz, filing=draft)["comments"]]
    seen_by_officer = [c.body for c in selectors.filing_timeline(scope=officer, filing=draft)["comments"]]
    assert seen_by_biz == ["Gửi doanh nghiệp"]
    assert seen_by_officer == ["Ghi chú nội bộ", "Gửi doanh nghiệp"]
    with pytest.raises(DomainError):
        services.filing_comment_add(scope=biz, filing_id=draft.pk, body="<script>alert(1)</script>")
    pdf = SimpleUploadedFile("dieu-le.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", content_type="application/pdf")
    doc = services.filing_document_add(scope=biz, filing_id=draft.pk, upload=pdf, label="Thể lệ")
    assert doc.content_type == "application/pdf"
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    with pytest.raises(DomainError) as exc:
        services.filing_document_add(scope=biz, filing_id=draft.pk, upload=fake)
    assert exc.value.field == "file"


def test_selectors_queue_scoped(draft, scope_of):
    from hangviet.filings import selectors

    services.filing_submit(scope=scope_of("doanhnghiep"), filing_id=draft.pk)
    assert draft.pk in set(selectors.reviewer_filings(scope=scope_of("daumoi.qltm")).values_list("pk", flat=True))
    assert draft.pk in set(selectors.reviewer_filings(scope=scope_of("lanhdao.sct")).values_list("pk", flat=True))
    assert not selectors.reviewer_filings(scope=scope_of("daumoi.camxuyen")).filter(pk=draft.pk).exists()
    assert not selectors.reviewer_filings(scope=scope_of("doanhnghiep")).exists()
    assert selectors.filer_filings(scope=scope_of("doanhnghiep")).filter(pk=draft.pk).exists()
    assert selectors.reviewer_filings(scope=scope_of("daumoi.qltm"), due="soon").filter(pk=draft.pk).exists() is False
    counts = selectors.queue_counts(scope=scope_of("daumoi.qltm"))
    assert counts["pending"] >= 1
    with pytest.raises(DomainError):
        selectors.reviewer_filings(scope=scope_of("daumoi.qltm"), due="nope")


def test_escalation_once(draft, scope_of):
    import datetime as dt

    services.filing_submit(scope=scope_of("doanhnghiep"), filing_id=draft.pk)
    later = workdays.add_working_days(today(), 10)
    assert services.filing_escalate_overdue(on=later) == 1
    assert services.filing_escalate_overdue(on=later) == 0
    assert Notice.objects.filter(user__username="lanhdao.sct", subject__startswith="Quá hạn").exists()
    assert dt.date.today() <= later


def test_officials_of_other_bodies_in_the_province_read_but_do_not_decide(draft, scope_of):
    from hangviet.agencies.models import Agency, Role, User
    from hangviet.agencies.scope import scope_for

    services.filing_submit(scope=scope_of("doanhnghiep"), filing_id=draft.pk)
    outsider = User.objects.create(username="canbo.syt", role=Role.OFFICER,
                                   agency=Agency.objects.get(name="Sở Y tế tỉnh Thanh Hóa"))
    from hangviet.filings import selectors

    assert selectors.filing_get(scope=scope_for(outsider), filing_id=draft.pk)
    with pytest.raises(PermissionDenied):
        services.filing_confirm(scope=scope_for(outsider), filing_id=draft.pk)
    # a unit of the receiving Department decides
    assert services.filing_acknowledge(scope=scope_of("canbo.qlcn"), filing_id=draft.pk).state == "acknowledged"
