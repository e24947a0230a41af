"""Fixed-window rate limits on public forms and endpoints, kept in the shared cache (Redis in
production, the database cache on one machine) so that every web process counts together.
Signed-in officers are never limited by the public limits."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from .errors import DomainError


class RateLimited(DomainError):
    status = 429

    def __init__(self, retry_after: int):
        super().__init__("rate_limited", f"Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau {retry_after} giây.")
        self.retry_after = retry_after


def client_ip(request) -> str:
    """The client's address. Behind our proxies, X-Forwarded-For is "client, proxy1, …" where only the
    entries our own proxies appended can be trusted: take the one `TRUSTED_PROXY_COUNT` from the right.
    The leftmost entry is whatever the client chose to send and would let anyone dodge the limits."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 1) if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) else 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if proxies else ""
    hops = [part.strip() for part in forwarded.split(",") if part.strip()]
    if hops:
        return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "unknown")


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def hit(key: str, *, rate: str) -> None:
    """Count one hit for `key`; raise RateLimited when over the rate ("N/seconds")."""
    limit, window = parse_rate(rate)
    now = int(time.time())
    bucket = now // window
    cache_key = f"rl:{key}:{bucket}"
    if cache.add(cache_key, 1, window + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:
            cache.set(cache_key, 1, window + 5)
            count = 1
    if count > limit:
        raise RateLimited(retry_after=window - (now % window))


def limit_public(request, scope: str, rate: str | None = None) -> None:
    """Limit an anonymous public action by client address; staff are exempt."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "is_official", False):
        return
    hit(f"{scope}:{client_ip(request)}", rate=rate or settings.RATELIMIT_PUBLIC_FORMS)
