"""Background jobs of the catalogue: checking and saving bulk imports, the daily refresh of OCOP
certificates (expiring/expired status, the 90- and 30-day alerts, stars that lapse) and the nightly
compaction of the search index. Jobs take ids,
never model instances; in tests huey runs them immediately."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def validate_import(job_id: int) -> None:
    from .importer import validate_job

    validate_job(job_id)


@db_task()
def run_import(job_id: int) -> None:
    from .importer import import_job

    import_job(job_id)


@db_periodic_task(crontab(hour="0", minute="20"))
def refresh_certificates():
    from .services import certificates_refresh

    return certificates_refresh()


@db_periodic_task(crontab(hour="3", minute="40"))
def compact_search_index():
    from .search import compact_index

    compact_index()
