"""Shared test fixtures: the test database is migrated once per run and seeded with the foundation
demo data (places, the seed plans' agencies, one account per role, businesses). Each test runs in a
transaction that is rolled back, so tests see that baseline and nothing of each other."""

import os

import pytest

os.environ.setdefault("HANGVIET_TESTING", "1")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from hangviet.demo import foundation

    with django_db_blocker.unblock():
        foundation.load()


@pytest.fixture
def user_named(db):
    from hangviet.agencies.models import User

    def get(username):
        return User.objects.get(username=username)

    return get


@pytest.fixture
def scope_of(user_named):
    from hangviet.agencies.scope import scope_for

    def get(username):
        user = user_named(username)
        return scope_for(user)

    return get


@pytest.fixture
def client_as(client, user_named):
    """A Django test client signed in as the given demo account."""

    def login(username):
        client.force_login(user_named(username))
        return client

    return login


@pytest.fixture
def api_client(client_as):
    """Signed-in client whose unsafe requests carry a valid CSRF token, as the browser's would."""
    from django.test import Client

    def make(username):
        c = Client(enforce_csrf_checks=True)
        from hangviet.agencies.models import User

        c.force_login(User.objects.get(username=username))
        c.get("/api/v1/me")
        token = c.cookies.get("csrftoken")
        if token is None:
            from django.middleware.csrf import _get_new_csrf_string

            token_value = _get_new_csrf_string()
            c.cookies["csrftoken"] = token_value
        else:
            token_value = token.value
        c.defaults["HTTP_X_CSRFTOKEN"] = token_value
        return c

    return make


@pytest.fixture
def bearer_client(user_named):
    """A client authenticating with a personal API token (no session, no CSRF)."""
    from django.test import Client

    from hangviet.agencies.services import api_token_create

    def make(username):
        _token, raw = api_token_create(user=user_named(username), name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make
