"""Background jobs of the core: e-mail sending. Jobs take ids and plain values, never model instances."""

from django.conf import settings
from django.core.mail import send_mail
from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=60)
def send_notice_emails(user_ids, subject, body, link=""):
    from hangviet.agencies.models import User

    text = body + (f"\n\n{settings.SITE_URL}{link}" if link else "")
    for email in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").values_list("email", flat=True):
        send_mail(subject, text, None, [email], fail_silently=False)


@db_task(retries=3, retry_delay=60)
def send_plain_email(address, subject, body):
    send_mail(subject, body, None, [address], fail_silently=False)
