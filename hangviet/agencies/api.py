from __future__ import annotations

from ninja import Query, Router, Schema, Status
from pydantic import Field

from hangviet.api.schemas import ERRORS, Page, paginate

from . import selectors, services
from .scope import scope_for

PREFIX = ""
router = Router(tags=["Tài khoản và cơ quan"])


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    role: str
    role_label: str
    agency: str | None
    agency_id: int | None
    business_id: int | None
    scope_place: str | None


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Người dùng hiện tại và phạm vi")
def me(request):
    user = request.user
    scope = scope_for(user)
    return {
        "id": user.pk, "username": user.username, "full_name": user.full_name, "email": user.email,
        "role": user.role, "role_label": str(user.get_role_display()),
        "agency": str(user.agency) if user.agency_id else None, "agency_id": user.agency_id,
        "business_id": user.business_id, "scope_place": scope.place.code if scope.place else None,
    }


class TokenIn(Schema):
    name: str = Field(max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


class TokenCreated(TokenOut):
    token: str


def _token(t) -> dict:
    return {"id": t.pk, "name": t.name, "prefix": t.prefix, "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None}


@router.get("/me/tokens", response={200: list[TokenOut], **ERRORS}, summary="Mã truy cập API của tôi")
def my_tokens(request):
    return [_token(t) for t in selectors.user_tokens(user=request.user)]


@router.post("/me/tokens", response={201: TokenCreated, **ERRORS}, summary="Tạo mã truy cập API (hiện một lần)")
def create_token(request, payload: TokenIn):
    token, raw = services.api_token_create(user=request.user, name=payload.name)
    return Status(201, {**_token(token), "token": raw})


@router.delete("/me/tokens/{token_id}", response={200: TokenOut, **ERRORS}, summary="Thu hồi mã truy cập")
def revoke_token(request, token_id: int):
    return _token(services.api_token_revoke(user=request.user, token_id=token_id))


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    place_code: str


class AgencyFilters(Schema):
    q: str | None = Field(None, max_length=200)
    place: str | None = Field(None, max_length=20)
    page: int = 1
    page_size: int = 50


@router.get("/agencies", response={200: Page[AgencyOut], **ERRORS}, auth=None, summary="Danh mục cơ quan, đơn vị")
def agencies(request, filters: Query[AgencyFilters]):
    items, count = paginate(selectors.agency_list(q=filters.q, place_code=filters.place), page=filters.page,
                            page_size=filters.page_size)
    return {"items": [{"id": a.pk, "name": a.name, "short_name": a.short_name, "kind": a.kind,
                       "parent_id": a.parent_id, "place_code": a.place_id} for a in items], "count": count}
