"""Deny by default: every endpoint names who may use it.

Views are decorated with :func:`public` or :func:`allow`. A ``before_request``
hook refuses any endpoint without a rule, and ``tests/unit/test_route_access.py``
walks the URL map so a route with no rule fails CI before it ships.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from portal.models.accounts import STAFF_ROLES, Role

RULE_ATTRIBUTE = "_portal_access_rule"


@dataclass(frozen=True)
class AccessRule:
    public: bool
    roles: frozenset[Role]


PUBLIC_RULE = AccessRule(public=True, roles=frozenset())
STAFF = STAFF_ROLES
HOUSEHOLD_ROLES = frozenset({Role.APPLICANT, Role.FAMILY})
EVERY_ROLE = frozenset(Role)


def public(view: Callable) -> Callable:
    """Anyone, signed in or not."""
    setattr(view, RULE_ATTRIBUTE, PUBLIC_RULE)
    return view


def allow(*roles: Role | Iterable[Role]) -> Callable[[Callable], Callable]:
    """Only signed-in people with one of these roles."""
    allowed: set[Role] = set()
    for role in roles:
        allowed.update([role] if isinstance(role, Role) else role)
    if not allowed:
        raise ValueError("allow() needs at least one role")
    rule = AccessRule(public=False, roles=frozenset(allowed))

    def decorate(view: Callable) -> Callable:
        setattr(view, RULE_ATTRIBUTE, rule)
        return view

    return decorate


def rule_for(view: Callable) -> AccessRule | None:
    return getattr(view, RULE_ATTRIBUTE, None)


def safe_next_path(target: str | None) -> str | None:
    """A same-site path to return to after signing in, or None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:  # browsers read a backslash as a slash, so "/\host" is another site
        return None
    return target


def enforce_access():
    if request.endpoint is None:
        return None  # no such route: the 404 handler answers
    view = current_app.view_functions.get(request.endpoint)
    rule = rule_for(view) if view else None
    if rule is None:
        current_app.logger.error("endpoint %s has no access rule; refused", request.endpoint)
        abort(403)
    if rule.public:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=safe_next_path(request.full_path.rstrip("?"))))
    if Role(current_user.role) not in rule.roles:
        abort(403)
    return None


def home_endpoint(role: Role) -> str:
    """Where each role starts after signing in."""
    role = Role(role)
    if role in HOUSEHOLD_ROLES:
        return "account.home"
    if role == Role.CONNECTOR:
        return "connector.home"
    return "staff.queue"
