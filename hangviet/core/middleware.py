"""Security headers (Content-Security-Policy and friends) and a hard request-size limit."""

from django.conf import settings
from django.http import JsonResponse

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        # Unfold's admin uses inline styles and Alpine.js expressions; the portal uses neither inline script.
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
PORTAL_CSP = CSP.replace("script-src 'self' 'unsafe-inline' 'unsafe-eval'", "script-src 'self'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            strict = not request.path.startswith(("/quan-tri/", "/api/v1/docs"))
            response["Content-Security-Policy"] = PORTAL_CSP if strict else CSP
        response.setdefault("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class BodySizeLimitMiddleware:
    """Refuse bodies over the configured maximum before they are read; JSON has a smaller limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        is_json = request.META.get("CONTENT_TYPE", "").startswith("application/json")
        limit = settings.HANGVIET_MAX_JSON_BYTES if is_json else settings.HANGVIET_MAX_REQUEST_BYTES
        if length > limit:
            return JsonResponse(
                {
                    "type": "about:blank",
                    "title": "Payload Too Large",
                    "status": 413,
                    "code": "request_too_large",
                    "detail": f"Yêu cầu quá lớn: tối đa {limit // 1024} KB.",
                },
                status=413,
                content_type="application/problem+json",
            )
        return self.get_response(request)


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the visitor chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office PCs in
    Vietnam run English browsers; HangViet speaks Vietnamese first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
