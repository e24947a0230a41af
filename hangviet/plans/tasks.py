"""Background jobs of plans: the daily deadline reminders (huey periodic task)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_periodic_task(crontab(hour="7", minute="0"))
def plan_report_reminders():
    from .services.reminders import send_reminders

    return send_reminders()


@db_task()
def plan_generate_periods(plan_id: int):
    from .models import Plan
    from .services.periods import generate_periods

    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is not None:
        generate_periods(plan=plan)
