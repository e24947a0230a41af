"""EMAIL_URL parsing: console://, locmem://, file:///path, smtp://user:pass@host:port, smtp+tls://, smtp+ssl://."""

from urllib.parse import unquote, urlparse


def parse_email_url(url: str) -> dict:
    parsed = urlparse(url or "console://")
    scheme = parsed.scheme.lower()
    if scheme in ("", "console"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "dummy":
        return {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    if scheme == "file":
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": parsed.path}
    if scheme in ("smtp", "smtp+tls", "smtp+ssl", "smtps"):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if scheme in ("smtp+ssl", "smtps") else 587 if scheme == "smtp+tls" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme in ("smtp+ssl", "smtps"),
            "EMAIL_TIMEOUT": 20,
        }
    raise ValueError(f"Unsupported EMAIL_URL scheme: {scheme}")
