"""Notifications: e-mail (queued, after commit) and a back-office inbox."""

from __future__ import annotations

from django.db import transaction


def notify_users(*, user_ids: list[int], subject: str, body: str, link: str = "") -> None:
    """Queue an in-app notice and an e-mail to each user, after the current transaction commits."""
    if not user_ids:
        return
    from .models import Notice

    Notice.objects.bulk_create([Notice(user_id=uid, subject=subject[:200], body=body, link=link[:300]) for uid in user_ids])

    def _send():
        from .tasks import send_notice_emails

        send_notice_emails(list(user_ids), subject, body, link)

    transaction.on_commit(_send)


def notify_email(*, address: str, subject: str, body: str) -> None:
    """E-mail one address (e.g. a complainant without an account), after commit."""
    if not address:
        return

    def _send():
        from .tasks import send_plain_email

        send_plain_email(address, subject, body)

    transaction.on_commit(_send)
