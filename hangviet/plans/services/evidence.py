"""Evidence from other apps: "record X counts towards task Y". Other apps call `evidence_link`
(plans never imports them) and read `task_achieved`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from hangviet.core import history
from hangviet.core.errors import DomainError, NotFound
from hangviet.core.text import normalize_text

from ..models import ReportingPeriod, Task, TaskEvidence, TaskOutput


@transaction.atomic
def evidence_link(*, task_id: int, obj, period=None, quantity=1, label: str = "", url: str = "",
                  output_id: int | None = None, occurred_on=None, actor=None) -> TaskEvidence:
    """Record that `obj` (any saved model instance) counts `quantity` towards a task. Idempotent: a
    second call for the same task and object updates the link. `period` is a ReportingPeriod, its
    id, its code ("2024-Q2"), or None (then it is found from `occurred_on` when given)."""
    task = Task.objects.filter(pk=task_id).first()
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ của kế hoạch.", code="task_not_found")
    if getattr(obj, "pk", None) is None:
        raise DomainError("evidence_unsaved", "Bản ghi minh chứng phải được lưu trước khi gắn vào nhiệm vụ.")
    try:
        quantity = Decimal(str(quantity))
    except (InvalidOperation, ValueError):
        raise DomainError("quantity_invalid", "Số lượng minh chứng phải là một số.", field="quantity") from None
    if not quantity.is_finite() or quantity < 0:
        raise DomainError("quantity_negative", "Số lượng minh chứng không được là số âm.", field="quantity")
    if isinstance(period, str):
        period = ReportingPeriod.objects.filter(plan_id=task.plan_id, code=period.upper()).first()
    elif isinstance(period, int):
        period = ReportingPeriod.objects.filter(plan_id=task.plan_id, pk=period).first()
    elif period is None and occurred_on is not None:
        period = (ReportingPeriod.objects.filter(plan_id=task.plan_id, starts_on__lte=occurred_on,
                                                 ends_on__gte=occurred_on).order_by("ends_on").first())
    if period is not None and period.plan_id != task.plan_id:
        raise DomainError("period_other_plan", "Kỳ báo cáo không thuộc kế hoạch của nhiệm vụ.", field="period")
    output = TaskOutput.objects.filter(task=task, pk=output_id).first() if output_id else None
    content_type = ContentType.objects.get_for_model(obj)
    link = TaskEvidence.objects.filter(task=task, content_type=content_type, object_id=str(obj.pk),
                                       withdrawn_at__isnull=True).first()
    values = dict(period=period, quantity=quantity, label=normalize_text(label or str(obj))[:300],
                  url=(url or (obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""))[:300],
                  output=output, occurred_on=occurred_on)
    if link is None:
        link = TaskEvidence.objects.create(task=task, content_type=content_type, object_id=str(obj.pk), **values)
        history.record(link, actor=actor, action="create")
    else:
        before = history.snapshot(link)
        for k, v in values.items():
            setattr(link, k, v)
        link.save()
        history.record(link, actor=actor, action="update", before=before)
    return link


@transaction.atomic
def evidence_withdraw(*, task_id: int, obj, actor=None) -> int:
    """The object no longer counts (e.g. the event was cancelled). Kept, marked withdrawn."""
    content_type = ContentType.objects.get_for_model(obj)
    links = list(TaskEvidence.objects.filter(task_id=task_id, content_type=content_type, object_id=str(obj.pk),
                                             withdrawn_at__isnull=True))
    for link in links:
        link.withdrawn_at = timezone.now()
        link.save(update_fields=["withdrawn_at"])
        history.record(link, actor=actor, action="withdraw")
    return len(links)


def task_achieved(task) -> Decimal:
    """Total quantity of the active evidence linked to a task (a selector other apps may call)."""
    task_id = getattr(task, "pk", task)
    total = TaskEvidence.objects.filter(task_id=task_id, withdrawn_at__isnull=True).aggregate(s=Sum("quantity"))["s"]
    return total or Decimal(0)
