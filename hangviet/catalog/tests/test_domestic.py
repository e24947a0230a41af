"""The domestic-goods list and the proposal workflow: business -> Department -> Ministry of Finance."""

import datetime as dt

import pytest

from hangviet.agencies.models import Role, User
from hangviet.agencies.scope import Scope, scope_for
from hangviet.businesses.models import Business
from hangviet.catalog import domestic
from hangviet.catalog.models import DomesticGoodsEntry, DomesticProposal
from hangviet.core.deadlines import today
from hangviet.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hangviet.filings.models import FilingEvent

ADMIN = Scope(user=None, role=Role.ADMIN)
GOOD = {"list_kind": "materials", "item_name": "Màng PE bọc thực phẩm", "hs_code": "3920.10.19",
        "specification": "Màng polyetylen dày 10–20 µm", "capacity": "120 tấn/năm"}


@pytest.fixture
def entries(db):
    from hangviet.demo import catalog_domestic

    catalog_domestic.load_entries()
    return DomesticGoodsEntry.objects.all()


@pytest.fixture
def other_business_user(db):
    business = Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh")
    user = User.objects.create(username="keocudo", role=Role.BUSINESS, business=business)
    return user


def _submitted(scope_of, data=GOOD):
    scope = scope_of("doanhnghiep")
    proposal = domestic.proposal_create(scope=scope, data=dict(data))
    return domestic.proposal_submit(scope=scope, proposal_id=proposal.pk)


# --- HS codes and the list --------------------------------------------------------------------------
@pytest.mark.parametrize("raw,clean", [("8429", "8429"), ("842952", "8429.52"), ("8429.52.00", "8429.52.00"),
                                       (" 84 29.5200 ", "8429.52.00"), ("8429520011", "8429.52.00.11")])
def test_hs_code_is_normalised(raw, clean):
    assert domestic.clean_hs_code(raw) == clean


@pytest.mark.parametrize("raw", ["842", "84295", "84295200111", "84a9", ".8429", "8429.", "84..29", "8429-52",
                                 "<b>8429</b>"])
def test_bad_hs_code_is_refused_in_vietnamese(raw):
    with pytest.raises(DomainError) as exc:
        domestic.clean_hs_code(raw)
    assert exc.value.field == "hs_code"
    assert "Mã HS" in exc.value.message


def test_sample_fixture_is_marked_and_covers_every_list(entries):
    from hangviet.catalog.models import DomesticList
    from hangviet.demo import catalog_domestic

    doc = catalog_domestic.sample_entries()
    assert "mẫu" in doc["note"] and doc["sample"] is True
    assert doc["source"] == "Thông tư 01/2023/TT-BKHĐT"
    assert entries.count() == len(doc["entries"]) >= 36
    assert set(entries.values_list("list_kind", flat=True)) == set(DomesticList.values)
    for entry in entries:
        assert domestic.clean_hs_code(entry.hs_code) == entry.hs_code
    catalog_domestic.load_entries()  # idempotent
    assert DomesticGoodsEntry.objects.count() == len(doc["entries"])


def test_public_search_folds_diacritics(entries):
    names = [e.name for e in domestic.public_entries(q="xi mang pooc lang")]
    assert names == ["Xi măng poóc lăng hỗn hợp PCB40"]
    assert [e.name for e in domestic.public_entries(q="DUNG DICH KHOAN")] == ["Dung dịch khoan gốc nước"]
    assert [e.name for e in domestic.public_entries(q="8705.40")] == ["Xe ô tô trộn bê tông"]
    assert [e.name for e in domestic.public_entries(q="870540")] == ["Xe ô tô trộn bê tông"]
    assert domestic.public_entries(q="8705").count() == 4
    assert domestic.public_entries(q="thep", list_kind="shipbuilding").count() == 1
    assert domestic.public_entries(q="thep").count() >= 4
    assert domestic.public_entries(q="' OR 1=1 --").count() == 0
    with pytest.raises(DomainError) as exc:
        domestic.public_entries(list_kind="spaceships")
    assert exc.value.status == 422 and "Danh mục" in exc.value.message


def test_entry_admin_services_validate_and_deactivate(entries, scope_of):
    officer = scope_of("canbo.qlcn")
    entry = domestic.entry_create(scope=officer, data={
        "list_kind": "machinery", "number": "99", "name": "Máy ép viên nén sinh khối", "hs_code": "847930",
        "specification": "Công suất 1–3 tấn/giờ", "producers": "", "source": "Thông tư 01/2023/TT-BKHĐT"})
    assert entry.hs_code == "8479.30" and "may ep vien nen" in entry.search_key
    with pytest.raises(ValidationFailed) as exc:
        domestic.entry_create(scope=officer, data={"list_kind": "machinery", "number": "99", "name": "<script>x</script>",
                                                   "hs_code": "12", "source": "Thông tư 01/2023/TT-BKHĐT"})
    assert set(exc.value.errors) == {"number", "name", "hs_code"}
    assert "HTML" in exc.value.errors["name"][0]
    with pytest.raises(PermissionDenied):
        domestic.entry_create(scope=scope_of("doanhnghiep"), data={"list_kind": "machinery", "number": "100",
                                                                  "name": "X", "source": "S"})
    domestic.entry_set_active(scope=officer, entry_id=entry.pk, active=False, note="Thay thế bởi văn bản mới")
    assert not domestic.public_entries(q="vien nen sinh khoi").exists()
    assert DomesticGoodsEntry.objects.filter(pk=entry.pk, is_active=False).exists()


# --- the workflow -----------------------------------------------------------------------------------
def test_full_workflow_business_department_ministry_accepted(scope_of, user_named, entries):
    from hangviet.core.models import Notice

    business = scope_of("doanhnghiep")
    proposal = domestic.proposal_create(scope=business, data=dict(GOOD, hs_code="39201019"))
    assert proposal.hs_code == "3920.10.19" and proposal.province.code == "38"
    assert domestic.proposal_stage(proposal) == "draft"
    proposal = domestic.proposal_submit(scope=business, proposal_id=proposal.pk)
    filing = proposal.filing
    assert filing.reference.startswith("DM-") and filing.receiving_agency.name == "Sở Công Thương tỉnh Thanh Hóa"
    assert filing.payload["Mã HS"] == "3920.10.19"
    assert domestic.proposal_stage(proposal) == "submitted"
    assert Notice.objects.filter(user=user_named("lanhdao.sct")).exists()

    leader = scope_of("lanhdao.sct")
    from hangviet.filings import services as filing_services

    filing_services.filing_acknowledge(scope=leader, filing_id=filing.pk)
    with pytest.raises(DomainError) as exc:  # confirming without the forwarding document is refused
        filing_services.filing_confirm(scope=leader, filing_id=filing.pk)
    assert "Bộ Tài chính" in exc.value.message
    proposal = domestic.proposal_forward(scope=leader, proposal_id=proposal.pk, forwarded_on=today(),
                                         forward_document="1234/SCT-QLCN")
    assert domestic.proposal_stage(proposal) == "forwarded"
    assert proposal.filing.state == "confirmed" and proposal.forward_document == "1234/SCT-QLCN"

    before = DomesticGoodsEntry.objects.count()
    proposal = domestic.proposal_record_outcome(scope=scope_of("canbo.qlcn"), proposal_id=proposal.pk, data={
        "outcome": "accepted", "outcome_on": today(), "entry_number": "41",
        "entry_source": "Thông tư 05/2027/TT-BTC"})
    assert domestic.proposal_stage(proposal) == "accepted"
    entry = proposal.entry
    assert DomesticGoodsEntry.objects.count() == before + 1
    assert (entry.name, entry.hs_code, entry.list_kind, entry.number, entry.source) == (
        "Màng PE bọc thực phẩm", "3920.10.19", "materials", "41", "Thông tư 05/2027/TT-BTC")
    assert entry.producers == "Công ty TNHH Nem chua Thanh Hóa Xứ Thanh" and entry.is_active
    assert proposal.filing.state == "closed"
    actions = list(FilingEvent.objects.filter(filing=proposal.filing).values_list("action", flat=True))
    assert actions == ["create", "submit", "acknowledge", "confirm", "close"]
    assert [e.name for e in domestic.public_entries(q="mang pe boc")] == ["Màng PE bọc thực phẩm"]
    # the outcome is recorded once
    with pytest.raises(DomainError) as exc:
        domestic.proposal_record_outcome(scope=leader, proposal_id=proposal.pk,
                                         data={"outcome": "rejected", "outcome_on": today(), "note": "x"})
    assert exc.value.status == 409


def test_outcome_may_link_an_existing_entry(scope_of, entries):
    proposal = _submitted(scope_of)
    leader = scope_of("lanhdao.sct")
    domestic.proposal_forward(scope=leader, proposal_id=proposal.pk, forwarded_on=today(), forward_document="12/SCT")
    existing = entries.get(name="Hạt nhựa polypropylen (PP)")
    count = DomesticGoodsEntry.objects.count()
    proposal = domestic.proposal_record_outcome(scope=leader, proposal_id=proposal.pk, data={
        "outcome": "accepted", "outcome_on": today(), "entry_id": existing.pk})
    assert proposal.entry == existing and DomesticGoodsEntry.objects.count() == count


def test_ministry_rejects_with_reason(scope_of):
    proposal = _submitted(scope_of)
    leader = scope_of("lanhdao.sct")
    domestic.proposal_forward(scope=leader, proposal_id=proposal.pk, forwarded_on=today(), forward_document="12/SCT")
    with pytest.raises(ValidationFailed) as exc:
        domestic.proposal_record_outcome(scope=leader, proposal_id=proposal.pk,
                                         data={"outcome": "rejected", "outcome_on": today(), "note": "  "})
    assert exc.value.errors["note"] == ["Ý kiến của Bộ là bắt buộc."]
    proposal = domestic.proposal_record_outcome(scope=leader, proposal_id=proposal.pk, data={
        "outcome": "rejected", "outcome_on": today(), "note": "Trong nước mới có một doanh nghiệp sản xuất."})
    assert domestic.proposal_stage(proposal) == "rejected" and proposal.entry is None
    assert proposal.filing.state == "closed"
    close = FilingEvent.objects.get(filing=proposal.filing, action="close")
    assert "không đồng ý" in close.note and "một doanh nghiệp" in close.note


def test_department_refuses_or_asks_for_changes(scope_of):
    from hangviet.filings import services as filing_services

    business = scope_of("doanhnghiep")
    leader = scope_of("lanhdao.sct")
    proposal = _submitted(scope_of)
    filing_services.filing_request_changes(scope=leader, filing_id=proposal.filing_id, note="Bổ sung kết quả thử nghiệm.")
    proposal.refresh_from_db()
    assert domestic.proposal_stage(proposal) == "draft"
    proposal = domestic.proposal_update(scope=business, proposal_id=proposal.pk, data=dict(GOOD, capacity="150 tấn/năm"))
    proposal = domestic.proposal_submit(scope=business, proposal_id=proposal.pk)
    assert proposal.filing.state == "submitted" and proposal.capacity == "150 tấn/năm"
    filing_services.filing_refuse(scope=leader, filing_id=proposal.filing_id, reason="Mặt hàng đã có trong danh mục.")
    proposal.refresh_from_db()
    assert domestic.proposal_stage(proposal) == "rejected"
    assert domestic.proposal_list(scope=business, stage="rejected").get() == proposal
    with pytest.raises(DomainError):
        domestic.proposal_update(scope=business, proposal_id=proposal.pk, data=GOOD)


def test_submission_needs_hs_code_specification_and_capacity(scope_of):
    business = scope_of("doanhnghiep")
    proposal = domestic.proposal_create(scope=business, data={"list_kind": "materials", "item_name": "Bì lợn sấy"})
    with pytest.raises(ValidationFailed) as exc:
        domestic.proposal_submit(scope=business, proposal_id=proposal.pk)
    assert set(exc.value.errors) == {"hs_code", "specification", "capacity"}
    assert exc.value.errors["hs_code"][0].startswith("Mã HS là bắt buộc")
    proposal.refresh_from_db()
    assert proposal.filing.state == "draft" and proposal.filing.reference is None


@pytest.mark.parametrize("field,value,message", [
    ("hs_code", "12ab", "Mã HS"),
    ("item_name", "<script>alert(1)</script>", "không được chứa mã HTML"),
    ("specification", '<img src=x onerror="alert(1)">', "không được chứa mã HTML"),
    ("item_name", "", "Tên mặt hàng là bắt buộc."),
    ("list_kind", "", "Chọn danh mục."),
    ("list_kind", "rockets", "Danh mục không hợp lệ."),
    ("item_name", "x" * 301, "tối đa 300 ký tự"),
])
def test_bad_input_saves_nothing(scope_of, field, value, message):
    before = (DomesticProposal.objects.count(), FilingEvent.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        domestic.proposal_create(scope=scope_of("doanhnghiep"), data=dict(GOOD, **{field: value}))
    assert message in exc.value.errors[field][0]
    assert (DomesticProposal.objects.count(), FilingEvent.objects.count()) == before


def test_forward_and_outcome_validate_dates_and_document(scope_of):
    proposal = _submitted(scope_of)
    leader = scope_of("lanhdao.sct")
    with pytest.raises(ValidationFailed) as exc:
        domestic.proposal_forward(scope=leader, proposal_id=proposal.pk, forwarded_on=today() + dt.timedelta(days=3),
                                  forward_document="")
    assert set(exc.value.errors) == {"forwarded_on", "forward_document"}
    with pytest.raises(ValidationFailed) as exc:
        domestic.proposal_forward(scope=leader, proposal_id=proposal.pk, forwarded_on=today() - dt.timedelta(days=400),
                                  forward_document="<b>1</b>")
    assert "trước ngày nộp" in exc.value.errors["forwarded_on"][0]
    proposal.refresh_from_db()
    assert proposal.filing.state == "submitted" and proposal.forward_document == ""
    domestic.proposal_forward(scope=leader, proposal_id=proposal.pk, forwarded_on=today(), forward_document="9/SCT")
    with pytest.raises(DomainError) as exc:  # forwarded once
        domestic.proposal_forward(scope=leader, proposal_id=proposal.pk, forwarded_on=today(), forward_document="10/SCT")
    assert exc.value.status == 409 and "Đã chuyển Bộ Tài chính" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        domestic.proposal_record_outcome(scope=leader, proposal_id=proposal.pk, data={
            "outcome": "accepted", "outcome_on": today(), "entry_number": "", "entry_source": ""})
    assert set(exc.value.errors) == {"entry_number", "entry_source"}
    with pytest.raises(ValidationFailed) as exc:
        domestic.proposal_record_outcome(scope=leader, proposal_id=proposal.pk, data={"outcome": "maybe",
                                                                                     "outcome_on": None})
    assert set(exc.value.errors) == {"outcome", "outcome_on"}
    proposal.refresh_from_db()
    assert proposal.outcome == "pending" and proposal.filing.state == "confirmed"


def test_filer_cannot_close_amend_or_cancel_a_forwarded_proposal(scope_of):
    from hangviet.filings import services as filing_services

    business = scope_of("doanhnghiep")
    proposal = _submitted(scope_of)
    domestic.proposal_forward(scope=scope_of("lanhdao.sct"), proposal_id=proposal.pk, forwarded_on=today(),
                              forward_document="9/SCT")
    for action in ("close", "amend", "cancel"):
        with pytest.raises(DomainError):
            filing_services.filing_act(scope=business, filing_id=proposal.filing_id, action=action, note="lý do")
    proposal.refresh_from_db()
    assert domestic.proposal_stage(proposal) == "forwarded"


# --- who may act ------------------------------------------------------------------------------------
def test_wrong_actors_get_403_or_404(scope_of, other_business_user):
    proposal = _submitted(scope_of)
    other = scope_for(other_business_user)
    with pytest.raises(NotFound):
        domestic.proposal_get(scope=other, proposal_id=proposal.pk)
    with pytest.raises(NotFound):
        domestic.proposal_update(scope=other, proposal_id=proposal.pk, data=GOOD)
    with pytest.raises(NotFound):  # another province's officer does not even see it
        domestic.proposal_forward(scope=scope_of("daumoi.camxuyen"), proposal_id=proposal.pk, forwarded_on=today(),
                                  forward_document="1/SCT")
    with pytest.raises(PermissionDenied):  # a coordinating body of the province sees it but may not decide
        domestic.proposal_forward(scope=scope_of("phoihop.mttq"), proposal_id=proposal.pk, forwarded_on=today(),
                                  forward_document="1/SCT")
    with pytest.raises(PermissionDenied):  # the filer may not forward its own proposal
        domestic.proposal_forward(scope=scope_of("doanhnghiep"), proposal_id=proposal.pk, forwarded_on=today(),
                                  forward_document="1/SCT")
    assert not domestic.proposal_list(scope=other).exists()
    assert domestic.proposal_list(scope=scope_of("daumoi.qltm")).filter(pk=proposal.pk).exists()
    assert not domestic.proposal_list(scope=scope_of("daumoi.camxuyen")).exists()
    proposal.refresh_from_db()
    assert proposal.filing.state == "submitted" and proposal.forward_document == ""


def test_business_may_only_link_its_own_product(scope_of, make_product, other_business_user):
    own = make_product("Nem chua Xứ Thanh", publish=False)
    other = make_product("Kẹo cu đơ Phan Thị", producer=Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh"),
                         publish=False, place=Business.objects.get(name="Hợp tác xã Kẹo cu đơ Hà Tĩnh").place_id)
    with pytest.raises(ValidationFailed) as exc:
        domestic.proposal_create(scope=scope_of("doanhnghiep"), data=dict(GOOD, product_id=other.pk))
    assert "product" in exc.value.errors
    proposal = domestic.proposal_create(scope=scope_of("doanhnghiep"), data=dict(GOOD, product_id=own.pk))
    assert proposal.product == own


def test_department_official_drafts_and_hanoi_business_goes_to_its_own_department(scope_of, other_business_user):
    officer = scope_of("canbo.qlcn")
    proposal = domestic.proposal_create(scope=officer, data=GOOD)
    assert proposal.province.code == "38" and proposal.filing.filer_business_id is None
    proposal = domestic.proposal_submit(scope=officer, proposal_id=proposal.pk)
    assert proposal.filing.receiving_agency.name == "Sở Công Thương tỉnh Thanh Hóa"
    assert proposal.filing.payload["Tổ chức đề xuất"]
    with pytest.raises(PermissionDenied):  # a commune officer is not the Department
        domestic.proposal_create(scope=scope_of("canbo.thiencam"), data=GOOD)
    with pytest.raises(PermissionDenied):
        domestic.proposal_create(scope=scope_of("phoihop.mttq"), data=GOOD)
    ht = domestic.proposal_create(scope=scope_for(other_business_user), data=GOOD)
    ht = domestic.proposal_submit(scope=scope_for(other_business_user), proposal_id=ht.pk)
    assert ht.filing.receiving_agency.name == "Sở Công Thương tỉnh Hà Tĩnh"
    with pytest.raises(DomainError) as exc:  # an administrator must name the province
        domestic.proposal_create(scope=ADMIN, data=GOOD)
    assert exc.value.field == "province"


def test_demo_loader_is_idempotent(db):
    from hangviet.demo import catalog_domestic

    first = catalog_domestic.load()
    assert first["entries"] >= 36 and first["proposals"] == 2
    forwarded = DomesticProposal.objects.get(item_name="Lưới thép hàn cốt bê tông")
    assert domestic.proposal_stage(forwarded) == "forwarded" and forwarded.forward_document == "1234/SCT-QLCN"
    draft = DomesticProposal.objects.get(item_name="Màng PE bọc thực phẩm")
    assert domestic.proposal_stage(draft) == "draft"
    counts = (DomesticGoodsEntry.objects.count(), DomesticProposal.objects.count())
    assert catalog_domestic.load()["proposals"] == 0
    assert (DomesticGoodsEntry.objects.count(), DomesticProposal.objects.count()) == counts


def test_ids_out_of_range_are_not_found(scope_of):
    business = scope_of("doanhnghiep")
    for bad in (10**30, -1, "abc", None):
        with pytest.raises(NotFound):
            domestic.proposal_get(scope=business, proposal_id=bad)
        with pytest.raises(NotFound):
            domestic.proposal_submit(scope=business, proposal_id=bad)
    with pytest.raises(ValidationFailed) as exc:
        domestic.proposal_create(scope=business, data=dict(GOOD, product_id=10**30))
    assert "product" in exc.value.errors
