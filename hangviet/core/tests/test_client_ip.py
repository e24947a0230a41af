"""The rate limits key on the address our proxy saw, not on what a client writes in X-Forwarded-For."""

from django.test import RequestFactory, override_settings

from hangviet.core.ratelimit import client_ip


def request(xff=None):
    extra = {"REMOTE_ADDR": "10.0.0.5"}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_spoofed_leftmost_entry_is_ignored():
    assert client_ip(request("1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request("203.0.113.7")) == "203.0.113.7"
    assert client_ip(request()) == "10.0.0.5"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_proxies():
    assert client_ip(request("1.2.3.4, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"


@override_settings(SECURE_PROXY_SSL_HEADER=None)
def test_without_a_proxy_the_header_is_not_trusted():
    assert client_ip(request("1.2.3.4")) == "10.0.0.5"
