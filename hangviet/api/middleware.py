"""Under /api/v1/ every error is application/problem+json, including the ones Django answers before
the API runs (unknown path 404, wrong method 405) and bodies that are not JSON."""

from django.http.request import RawPostDataException

from .errors import problem

_API = "/api/v1/"


class ApiProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(_API) or request.path.startswith(_API + "docs"):
            return response
        content_type = response.get("Content-Type", "")
        if response.status_code in (404, 405) and "json" not in content_type:
            if response.status_code == 404:
                return problem(404, "Không tìm thấy địa chỉ API này.", code="not_found")
            return problem(405, "Phương thức không được hỗ trợ cho địa chỉ này.", code="method_not_allowed",
                           headers={"Allow": response.get("Allow", "")} if response.get("Allow") else None)
        return response

    def process_exception(self, request, exception):
        if request.path.startswith(_API) and isinstance(exception, RawPostDataException):
            return problem(415, "Nội dung phải là JSON (Content-Type: application/json).", code="unsupported_media_type")
        return None
