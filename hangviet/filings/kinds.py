"""The registry of filing kinds. A domain app registers its kind once (from its AppConfig.ready or
models/services module import) and the shared workflow asks it:

- `review_working_days(filing) -> int | None`: how many working days the receiving agency has
  (read it from the app's rule rows, never a constant);
- `check_transition(filing, action, actor_scope) -> None`: raise DomainError to forbid a move
  (e.g. "no amendment after the programme started"); runs inside the transaction, before the change;
- `resolve_receiver(filing) -> Agency`: the agency that receives it; raise DomainError with a
  Vietnamese message when HangViet cannot receive it;
- `validate_submission(filing) -> dict`: check the typed content on submit/amend and return the JSON
  snapshot stored as `Filing.payload` (raise DomainError/ValidationFailed to refuse);
- `after_transition(filing, action, actor) -> None`: update the typed model (e.g. publish a
  confirmed promotion); runs inside the same transaction;
- `filer_url(filing)`, `admin_url(filing)`: links used in notifications and lists; build them from
  `filing.pk` alone (they are called once per row of "Hồ sơ của tôi").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hangviet.core.errors import DomainError


@dataclass
class FilingKindSpec:
    code: str
    label: object
    prefix: str
    review_working_days: Callable | None = None
    check_transition: Callable | None = None
    resolve_receiver: Callable | None = None
    validate_submission: Callable | None = None
    after_transition: Callable | None = None
    filer_url: Callable | None = None
    admin_url: Callable | None = None
    detail_template: str | None = None


_KINDS: dict[str, FilingKindSpec] = {}


def register_kind(code: str, label, *, prefix: str, review_working_days: Callable | None = None,
                  check_transition: Callable | None = None, resolve_receiver: Callable | None = None,
                  validate_submission: Callable | None = None, after_transition: Callable | None = None,
                  filer_url: Callable | None = None, admin_url: Callable | None = None,
                  detail_template: str | None = None) -> FilingKindSpec:
    """Register (or re-register, idempotently) a filing kind. `prefix` starts its reference numbers."""
    spec = FilingKindSpec(code=code, label=label, prefix=prefix, review_working_days=review_working_days,
                          check_transition=check_transition, resolve_receiver=resolve_receiver,
                          validate_submission=validate_submission, after_transition=after_transition,
                          filer_url=filer_url, admin_url=admin_url, detail_template=detail_template)
    _KINDS[code] = spec
    return spec


def get_kind(code: str, *, missing_ok: bool = False) -> FilingKindSpec | None:
    spec = _KINDS.get(code)
    if spec is None and not missing_ok:
        raise DomainError("filing_kind_unknown", f"Loại hồ sơ “{code}” chưa được đăng ký trong hệ thống.", field="kind")
    return spec


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, str(k.label)) for k in sorted(_KINDS.values(), key=lambda s: str(s.label))]
