"""Filings API: the filer's own filings, the reviewer's queue, one filing, actions and comments."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status
from pydantic import Field

from hangviet.agencies.scope import scope_for
from hangviet.api.schemas import ERRORS, Page, paginate

from . import policy, selectors, services

PREFIX = "/filings"
router = Router(tags=["Hồ sơ tiếp nhận"])


class FilingOut(Schema):
    id: int
    kind: str
    kind_label: str
    reference: str | None
    title: str
    state: str
    state_label: str
    filer_business: str | None
    receiving_agency: str | None
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    due_date: dt.date | None
    decision_note: str


class EventOut(Schema):
    at: dt.datetime
    action: str
    from_state: str
    to_state: str
    note: str
    actor: str | None


class CommentOut(Schema):
    at: dt.datetime
    author: str | None
    body: str
    visibility: str


class FilingDetailOut(FilingOut):
    payload: dict
    actions: list[str]
    events: list[EventOut]
    comments: list[CommentOut]


def _out(f) -> dict:
    return {"id": f.pk, "kind": f.kind, "kind_label": f.kind_label, "reference": f.reference, "title": f.title,
            "state": f.state, "state_label": str(f.get_state_display()),
            "filer_business": f.filer_business.name if f.filer_business_id else None,
            "receiving_agency": f.receiving_agency.name if f.receiving_agency_id else None,
            "submitted_at": f.submitted_at, "decided_at": f.decided_at, "due_date": f.due_date,
            "decision_note": f.decision_note}


class QueueFilters(Schema):
    kind: str | None = Field(None, max_length=40)
    state: str | None = Field(None, max_length=20)
    due: str | None = Field(None, max_length=10)
    q: str | None = Field(None, max_length=200)
    page: int = 1
    page_size: int = 20


class MineFilters(Schema):
    kind: str | None = Field(None, max_length=40)
    state: str | None = Field(None, max_length=20)
    page: int = 1
    page_size: int = 20


class ActionIn(Schema):
    note: str = Field("", max_length=4000)


class CommentIn(Schema):
    body: str = Field(max_length=4000)
    visibility: str = Field("filer", max_length=10)


@router.get("/mine", response={200: Page[FilingOut], **ERRORS}, summary="Hồ sơ của tôi (doanh nghiệp)")
def mine(request, filters: Query[MineFilters]):
    qs = selectors.filer_filings(scope=scope_for(request.user), kind=filters.kind, state=filters.state)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_out(f) for f in items], "count": count}


@router.get("/queue", response={200: Page[FilingOut], **ERRORS}, summary="Hồ sơ chờ xử lý của cơ quan tiếp nhận")
def queue(request, filters: Query[QueueFilters]):
    qs = selectors.reviewer_filings(scope=scope_for(request.user), kind=filters.kind, state=filters.state,
                                    due=filters.due, q=filters.q)
    items, count = paginate(qs, page=filters.page, page_size=filters.page_size)
    return {"items": [_out(f) for f in items], "count": count}


def _detail(request, filing) -> dict:
    scope = scope_for(request.user)
    timeline = selectors.filing_timeline(scope=scope, filing=filing)
    return {**_out(filing), "payload": filing.payload or {}, "actions": policy.available_actions(scope, filing),
            "events": [{"at": e.at, "action": e.action, "from_state": e.from_state, "to_state": e.to_state,
                        "note": e.note, "actor": str(e.actor) if e.actor_id else None} for e in timeline["events"]],
            "comments": [{"at": c.created_at, "author": str(c.author) if c.author_id else None, "body": c.body,
                          "visibility": c.visibility} for c in timeline["comments"]]}


@router.get("/{filing_id}", response={200: FilingDetailOut, **ERRORS}, summary="Chi tiết hồ sơ")
def detail(request, filing_id: int):
    return _detail(request, selectors.filing_get(scope=scope_for(request.user), filing_id=filing_id))


@router.post("/{filing_id}/actions/{action}", response={200: FilingDetailOut, **ERRORS},
             summary="Thao tác trên hồ sơ: submit, acknowledge, request_changes, confirm, refuse, amend, suspend, cancel, close")
def act(request, filing_id: int, action: str, payload: ActionIn):
    scope = scope_for(request.user)
    selectors.filing_get(scope=scope, filing_id=filing_id)
    filing = services.filing_act(scope=scope, filing_id=filing_id, action=action[:30], note=payload.note)
    return _detail(request, selectors.filing_get(scope=scope, filing_id=filing.pk))


@router.post("/{filing_id}/comments", response={201: CommentOut, **ERRORS}, summary="Ghi ý kiến về hồ sơ")
def comment(request, filing_id: int, payload: CommentIn):
    c = services.filing_comment_add(scope=scope_for(request.user), filing_id=filing_id, body=payload.body,
                                    visibility=payload.visibility)
    return Status(201, {"at": c.created_at, "author": str(c.author) if c.author_id else None, "body": c.body,
                        "visibility": c.visibility})
