import pytest

from hangviet.core.errors import DomainError


@pytest.fixture
def test_kind(db):
    """A throw-away filing kind: received by the Thanh Hóa Department, 5 working days, payload = title."""
    from hangviet.agencies.models import Agency
    from hangviet.filings.kinds import _KINDS, register_kind

    calls = []

    def receiver(filing):
        if "Hà Tĩnh" in filing.title:
            raise DomainError("receiver_missing", "Không tiếp nhận được hồ sơ này.", field="title")
        return Agency.objects.get(name="Sở Công Thương tỉnh Thanh Hóa")

    def validate(filing):
        if "lỗi" in filing.title:
            raise DomainError("bad", "Tên hồ sơ có lỗi.", field="title")
        return {"title": filing.title}

    def after(filing, action, scope):
        calls.append(action)

    register_kind("test_kind", "Hồ sơ thử", prefix="TH", review_working_days=lambda f: 5, resolve_receiver=receiver,
                  validate_submission=validate, after_transition=after)
    yield calls
    _KINDS.pop("test_kind", None)


@pytest.fixture
def draft(test_kind, scope_of):
    from hangviet.filings import services

    return services.filing_create(scope=scope_of("doanhnghiep"), kind="test_kind", title="Hồ sơ thử nghiệm")
