"""Back-office home cards of trade promotion (registered from admin.py at start-up)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from hangviet.reports.dashboard import register_card

from .models import Event, EventStatus, Participation, ParticipationStatus


def event_cards(scope) -> list[dict]:
    if not scope.is_official:
        return []
    events = scope.filter(Event.objects.all(), place_field="place", agency_field="organiser")
    now = timezone.now()
    row = events.aggregate(
        upcoming=Count("pk", filter=Q(status__in=[EventStatus.PLANNED, EventStatus.PUBLISHED], ends_at__gte=now)),
        awaiting_results=Count("pk", filter=Q(status=EventStatus.PUBLISHED, ends_at__lt=now)),
        done=Count("pk", filter=Q(status=EventStatus.DONE, starts_at__year=now.year)),
    )
    pending = Participation.objects.filter(event__in=events, status=ParticipationStatus.APPLIED).count()
    return [
        {"title": "Sự kiện sắp diễn ra", "value": row["upcoming"], "footer": f"{row['done']} sự kiện đã tổ chức năm nay",
         "link": "/quan-tri/events/event/?status__exact=published"},
        {"title": "Đăng ký tham gia chờ xét", "value": pending, "footer": "doanh nghiệp đăng ký trên cổng",
         "link": "/quan-tri/events/participation/?status__exact=applied"},
        {"title": "Sự kiện chờ nhập kết quả", "value": row["awaiting_results"], "footer": "đã kết thúc, chưa có kết quả",
         "link": "/quan-tri/events/event/bang-so-lieu/"},
    ]


register_card(300, event_cards)
