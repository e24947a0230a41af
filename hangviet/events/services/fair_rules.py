"""The legal lead times of trade-fair registration, read from FairLeadTimeRule rows (data, with their
legal source and effective dates), never from constants."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from hangviet.core.errors import DomainError

from ..models import FairLeadTimeRule


def rule_on(day: dt.date) -> FairLeadTimeRule:
    rule = (FairLeadTimeRule.objects.filter(effective_from__lte=day)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day)).order_by("-effective_from").first())
    if rule is None:
        raise DomainError("fair_rule_missing", "Chưa có quy định thời hạn đăng ký hội chợ có hiệu lực vào ngày "
                                               f"{day:%d/%m/%Y}: quản trị viên cần nhập quy định.", status=409)
    return rule


def check_registration_window(*, opens_on: dt.date, filed_on: dt.date, field: str = "opens_on") -> FairLeadTimeRule:
    """A registration is filed no earlier than `max_days_before` and no later than `min_days_before` days
    before opening (Decree 81/2018/NĐ-CP: 365 and 30 days)."""
    rule = rule_on(filed_on)
    days = (opens_on - filed_on).days
    latest = opens_on - dt.timedelta(days=rule.min_days_before)
    earliest = opens_on - dt.timedelta(days=rule.max_days_before)
    if days < rule.min_days_before:
        raise DomainError(
            "fair_registration_late",
            f"Đăng ký quá hạn: hồ sơ đăng ký tổ chức hội chợ, triển lãm phải nộp chậm nhất {rule.min_days_before} ngày "
            f"trước ngày khai mạc (hạn cuối {latest:%d/%m/%Y}), theo {rule.legal_source}.", field=field, status=422)
    if days > rule.max_days_before:
        raise DomainError(
            "fair_registration_early",
            f"Đăng ký quá sớm: chỉ nộp hồ sơ trong vòng {rule.max_days_before} ngày trước ngày khai mạc "
            f"(từ ngày {earliest:%d/%m/%Y}), theo {rule.legal_source}.", field=field, status=422)
    return rule


def check_change_window(*, opens_on: dt.date, filed_on: dt.date, field: str = "opens_on") -> FairLeadTimeRule:
    """Changes (and cancellations) are filed at least `change_min_days_before` days before opening."""
    rule = rule_on(filed_on)
    if (opens_on - filed_on).days < rule.change_min_days_before:
        latest = opens_on - dt.timedelta(days=rule.change_min_days_before)
        raise DomainError(
            "fair_change_late",
            f"Quá hạn thay đổi: việc thay đổi, hủy hội chợ phải đăng ký chậm nhất {rule.change_min_days_before} ngày "
            f"trước ngày khai mạc (hạn cuối {latest:%d/%m/%Y}), theo {rule.legal_source}.", field=field, status=422)
    return rule
