"""The link between events and the plan tasks they carry out. Done events are recorded as evidence
through the plans app's own service (this app never writes the plans tables); the roll-up
"done / planned" for a task is also computed here from the events themselves, so it is right even
before any evidence is recorded."""

from __future__ import annotations

from django.utils import timezone


def _plans_models():
    from hangviet.plans import models

    return models


def task_exists(task_id) -> bool:
    try:
        return _plans_models().Task.objects.filter(pk=int(task_id)).exists()
    except (TypeError, ValueError):
        return False


def output_of_task(output_id, task_id) -> bool:
    try:
        return _plans_models().TaskOutput.objects.filter(pk=int(output_id), task_id=int(task_id)).exists()
    except (TypeError, ValueError):
        return False


def sync_event(event, *, actor=None, previous_task_id: int | None = None) -> None:
    """Record a done event as evidence of its task through plans.services.evidence_link, or withdraw
    the evidence (kept, marked withdrawn) when the event no longer counts or moved to another task."""
    from hangviet.plans import services as plan_services

    from ..models import EventStatus

    if previous_task_id and previous_task_id != event.task_id:
        plan_services.evidence_withdraw(task_id=previous_task_id, obj=event, actor=actor)
    if not event.task_id:
        return
    if event.status == EventStatus.DONE:
        plan_services.evidence_link(task_id=event.task_id, obj=event, output_id=event.task_output_id, quantity=1,
                                    label=evidence_label(event), url=f"/su-kien/{event.pk}/",
                                    occurred_on=timezone.localtime(event.starts_at).date(), actor=actor)
    else:
        plan_services.evidence_withdraw(task_id=event.task_id, obj=event, actor=actor)


def task_achieved(task_id: int):
    """Achieved quantity of a task as the plans app counts it (all evidence, not only events)."""
    from hangviet.plans import services as plan_services

    return plan_services.task_achieved(task_id)


def evidence_label(event) -> str:
    start = timezone.localtime(event.starts_at)
    return f"{event.get_kind_display()}: {event.title} ({start:%d/%m/%Y}, {event.place.name})"[:300]
