"""Background jobs of promotions: close confirmed programmes once they have ended, and remind the
business of a lucky-draw result report that is due."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="1", minute="30"))
def close_ended_programmes():
    from .services import programmes_close_ended

    return programmes_close_ended()
