"""Public reads on a read replica (ARCHITECTURE.md "Scaling out").

When `DATABASE_REPLICA_URL` is set, the database alias "replica" exists and anonymous GET/HEAD
requests read the public catalogue, events, sale points, promotions and places from it; everything
else (any write, any signed-in user, complaints and their tracking pages, sessions, rate limits,
history) stays on the primary, so nobody reads their own write from a lagging copy."""

from __future__ import annotations

import contextvars

from django.conf import settings

REPLICA = "replica"
# Apps whose public pages tolerate a replica that is a few seconds behind.
PUBLIC_APPS = frozenset({"catalog", "places", "businesses", "events", "retail", "promotions"})

_public_read = contextvars.ContextVar("hangviet_public_read", default=False)


def replica_enabled() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and model._meta.app_label in PUBLIC_APPS and replica_enabled():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class PublicReadsOnReplicaMiddleware:
    """Marks anonymous safe requests so that the router may send their public reads to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        public = request.method in ("GET", "HEAD") and not (user is not None and user.is_authenticated)
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
