"""Who may do what in the catalogue (asked by services, selectors, admin and API; house rule 11).

- A business account edits its own products (drafts, or published ones: an edit sends the product
  back to review) and submits them; it never publishes.
- Officials (focal point, unit officer, leader) whose place scope covers where the product is made
  review, publish, return and withdraw products, and issue, revoke and update OCOP certificates.
- Administrators may do everything."""

from __future__ import annotations

from hangviet.agencies.models import Role
from hangviet.agencies.scope import Scope

REVIEWER_ROLES = (Role.FOCAL, Role.OFFICER, Role.LEADER)


def owns(scope: Scope, product) -> bool:
    return scope.is_business and product.producer_id == scope.business_id


def can_view(scope: Scope, product) -> bool:
    if product.status == "published":
        return True
    return owns(scope, product) or (scope.is_official and scope.covers_place(product.place)) or scope.is_admin


def can_edit(scope: Scope, product) -> bool:
    if owns(scope, product):
        return product.status != "withdrawn"
    return can_review(scope, product)


def can_review(scope: Scope, product) -> bool:
    return scope.has_role(*REVIEWER_ROLES) and scope.covers_place(product.place)


def can_create_for(scope: Scope, business) -> bool:
    if scope.is_business:
        return scope.business_id == business.pk
    return scope.has_role(*REVIEWER_ROLES) and scope.covers_place(business.place)


def can_manage_certificates(scope: Scope, product) -> bool:
    return can_review(scope, product)


def can_import(scope: Scope) -> bool:
    return scope.has_role(Role.FOCAL, Role.OFFICER)


def can_manage_domestic_list(scope: Scope) -> bool:
    return scope.has_role(Role.FOCAL, Role.OFFICER, Role.LEADER)
