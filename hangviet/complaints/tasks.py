from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="30"))
def escalate_overdue_complaints():
    from .workflow import escalate_overdue

    return escalate_overdue()
