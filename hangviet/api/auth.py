"""API authentication: the browser's session (with CSRF on writes) or a personal bearer token."""

from ninja.security import APIKeyCookie, HttpBearer

from hangviet.agencies.services import api_token_authenticate


class BearerToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            request.hangviet_token_auth = True
        return user


class SessionAuth(APIKeyCookie):
    """Django session cookie; unsafe methods must carry the CSRF token (X-CSRFToken header)."""

    param_name = "sessionid"

    def __init__(self):
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


BEARER = BearerToken()
SESSION = SessionAuth()
AUTH = [BEARER, SESSION]
