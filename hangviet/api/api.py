"""The NinjaAPI instance at /api/v1. Each app that has an `api.py` with `router` (and `PREFIX`) is
mounted here by convention, so apps add endpoints without editing this file."""

from __future__ import annotations

import importlib
import importlib.util

from ninja import NinjaAPI

from . import errors
from .auth import AUTH

APPS_WITH_API = ["places", "agencies", "businesses", "filings", "plans", "catalog", "events", "promotions",
                 "complaints", "inspections", "retail", "reports"]

api = NinjaAPI(
    title="HangViet API",
    version="1",
    description="API của HangViet: kế hoạch, sản phẩm, xúc tiến thương mại, bảo vệ người tiêu dùng. "
    "Xác thực bằng phiên đăng nhập (kèm CSRF) hoặc mã truy cập cá nhân (Authorization: Bearer hv_…).",
    auth=AUTH,
    urls_namespace="api-1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)

for app in APPS_WITH_API:
    module_name = f"hangviet.{app}.api"
    if importlib.util.find_spec(module_name) is None:
        continue
    module = importlib.import_module(module_name)
    api.add_router(getattr(module, "PREFIX", f"/{app}"), module.router)
