"""Background jobs of filings: daily escalation of filings past their review deadline."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="15"))
def escalate_overdue_filings():
    from .services import filing_escalate_overdue

    return filing_escalate_overdue()
