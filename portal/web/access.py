"""Deny by default: every endpoint names who may use it.

Views are decorated with :func:`public` or :func:`allow`. A ``before_request``
hook refuses any endpoint without a rule, and ``tests/unit/test_route_access.py``
walks the URL map so a route with no rule fails CI before it ships.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from portal.models.accounts import STAFF_ROLES, Role
from portal.services import setup

RULE_ATTRIBUTE = "_portal_access_rule"


@dataclass(frozen=True)
class AccessRule:
    public: bool
    roles: frozenset[Role]


PUBLIC_RULE = AccessRule(public=True, roles=frozenset())
STAFF = STAFF_ROLES
HOUSEHOLD_ROLES = frozenset({Role.APPLICANT, Role.FAMILY})
# Reports, the audit log, connector figures and data protection requests.
MANAGERS_AND_ADMINS = frozenset({Role.MANAGER, Role.ADMIN})
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
    """A path on this site to go to next, or None. The one check for every
    ``next`` or return path put into a Location header or a link.

    Browsers read a backslash as a slash and drop tabs and newlines, so
    ``/\\x`` and ``/%09/x`` can mean ``//x``, another site: any backslash,
    whitespace or control character, even percent-encoded, is refused."""
    if not target:
        return None
    decoded = target
    for _ in range(3):  # %2509 is %09 is a tab
        decoded = unquote(decoded)
    for form in (target, decoded):
        if not form.startswith("/") or form.startswith("//") or "\\" in form:
            return None
        if any(character.isspace() or not character.isprintable() for character in form):
            return None
    return target


def sign_in_then(target: str | None) -> str:
    """The sign-in page, coming back to ``target`` afterwards if it is safe."""
    return url_for("auth.sign_in", next=safe_next_path(target))


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
        return redirect(sign_in_then(request.full_path.rstrip("?")))
    if current_user.role not in rule.roles:
        abort(403)
    return None


def home_endpoint(role: Role) -> str:
    """Where each role starts after signing in."""
    role = Role(role)
    if role in HOUSEHOLD_ROLES:
        return "account.home"
    if role == Role.CONNECTOR:
        return "connector.home"
    if role == Role.ADMIN and not setup.is_open():
        # A new agency's first admin is taken through the set-up checklist.
        return "staff.setup.index"
    return "staff.queue.index"
