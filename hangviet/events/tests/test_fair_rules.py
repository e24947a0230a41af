import datetime as dt

import pytest

from hangviet.core.errors import DomainError
from hangviet.events.models import FairLeadTimeRule
from hangviet.events.services import fair_rules

pytestmark = pytest.mark.django_db

OPENS = dt.date(2027, 3, 1)


def test_seeded_rule_is_data_with_its_legal_source():
    rule = FairLeadTimeRule.objects.get()
    assert (rule.min_days_before, rule.max_days_before, rule.change_min_days_before) == (30, 365, 30)
    assert "81/2018/NĐ-CP" in rule.legal_source


@pytest.mark.parametrize("days_before, ok", [(30, True), (365, True), (120, True), (29, False), (366, False), (0, False)])
def test_registration_window(days_before, ok):
    filed = OPENS - dt.timedelta(days=days_before)
    if ok:
        fair_rules.check_registration_window(opens_on=OPENS, filed_on=filed)
    else:
        with pytest.raises(DomainError) as exc:
            fair_rules.check_registration_window(opens_on=OPENS, filed_on=filed)
        assert exc.value.status == 422
        assert ("quá hạn" in exc.value.message and "30/01/2027" in exc.value.message) or (
            "quá sớm" in exc.value.message and "01/03/2026" in exc.value.message)


def test_a_new_decree_is_a_data_change():
    FairLeadTimeRule.objects.create(name="Quy định mới", min_days_before=45, max_days_before=365,
                                    change_min_days_before=20, legal_source="Nghị định giả định 999/2027/NĐ-CP",
                                    effective_from=dt.date(2026, 12, 1))
    filed = OPENS - dt.timedelta(days=40)
    with pytest.raises(DomainError) as exc:
        fair_rules.check_registration_window(opens_on=OPENS, filed_on=filed)
    assert "45 ngày" in exc.value.message and "999/2027" in exc.value.message
    fair_rules.check_change_window(opens_on=OPENS, filed_on=OPENS - dt.timedelta(days=25))
    # Filed before the new rule took effect: the old rule applies.
    fair_rules.check_registration_window(opens_on=dt.date(2026, 12, 20), filed_on=dt.date(2026, 11, 15))
