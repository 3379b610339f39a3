"""What every template can use: the agency's name, the navigation for the
signed-in role, the CSP nonce, and dates shown in London time."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import Flask, current_app, g, request, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.services import agency, clock
from portal.web.access import rule_for, sign_in_then
from portal.web.strict_undefined import PortalUndefined
from portal.web.timeout import idle_minutes


def csp_nonce() -> str:
    """This request's script nonce, made the first time anything asks for it:
    a page refused before any view runs (a 403, a 429) still gets one."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


@dataclass(frozen=True)
class NavItem:
    text: str
    endpoint: str
    # A page open to everyone is in the menu only of these (None: of people signed out).
    shown_to: frozenset[Role] | None = None


# In menu order. Who sees a signed-in page's item follows from its access rule,
# so the menu never offers a page that would answer 403.
SIGNED_OUT_NAVIGATION = (
    NavItem("Home", "public.start"),
    NavItem("Information pack", "public.information_pack"),
    NavItem("Events", "events.index"),
)
SIGNED_IN_NAVIGATION = (
    NavItem("Your account", "account.home"),
    NavItem("Messages", "account.messages.thread"),
    NavItem("Ask for a call", "account.support_call.ask"),
    NavItem("Catch-up calls", "account.catch_up.manage"),
    NavItem("Groups and courses", "events.index", shown_to=frozenset({Role.FAMILY})),
    NavItem("Your families", "connector.home"),
    NavItem("Messages", "connector_messages.thread"),
    NavItem("Events", "events.index", shown_to=frozenset({Role.APPLICANT, Role.CONNECTOR})),
    NavItem("Queue", "staff.queue.index"),
    NavItem("Households", "staff.households.index"),
    NavItem("Connectors", "staff.connectors.index"),
    NavItem("Events", "staff.events.index"),
    NavItem("Reports", "staff.reports.index"),
    NavItem("Audit log", "staff.audit.index"),
    NavItem("People", "staff.admin.users"),
    NavItem("Invite someone", "staff.admin.invite"),
    NavItem("Settings", "staff.settings.edit"),
    NavItem("Saved replies", "staff.messages.saved_replies"),
)


def menu_for(role: Role | None) -> list[NavItem]:
    """The menu of someone with this role (None: signed out)."""
    if role is None:
        return list(SIGNED_OUT_NAVIGATION)
    menu = []
    for item in SIGNED_IN_NAVIGATION:
        rule = rule_for(current_app.view_functions[item.endpoint])
        if rule is None:
            continue
        if rule.public:
            shown = item.shown_to is not None and role in item.shown_to
        else:
            shown = item.shown_to is None and role in rule.roles
        if shown:
            menu.append(item)
    return menu


def navigation() -> list[dict]:
    role = current_user.role if current_user.is_authenticated else None
    items = []
    for item in menu_for(role):
        href = url_for(item.endpoint)
        items.append(
            {
                "href": href,
                "text": item.text,
                "active": request.path.startswith(href) and (href != "/" or request.path == "/"),
            }
        )
    return items


def london_date(value: date | datetime | None) -> str:
    """24 December 2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.to_london(value)
    return f"{value.day} {value.strftime('%B %Y')}"


def london_day(value: date | datetime | None) -> str:
    """Thursday 24 December 2026: a date people book for, with its weekday."""
    if value is None:
        return ""
    local = clock.to_london(value) if isinstance(value, datetime) else value
    return f"{local.strftime('%A')} {london_date(local)}"


def london_time(value: datetime | None) -> str:
    """5:30pm."""
    if value is None:
        return ""
    local = clock.to_london(value)
    hour = local.strftime("%I").lstrip("0")
    return f"{hour}:{local.strftime('%M')}{local.strftime('%p').lower()}"


def london_datetime(value: datetime | None) -> str:
    """24 December 2026 at 5:30pm."""
    if value is None:
        return ""
    return f"{london_date(value)} at {london_time(value)}"


def init_app(app: Flask) -> None:
    app.jinja_env.undefined = PortalUndefined
    app.add_template_filter(london_date)
    app.add_template_filter(london_day)
    app.add_template_filter(london_datetime)
    app.add_template_filter(london_time)

    @app.context_processor
    def _globals() -> dict:
        signed_in = current_user and current_user.is_authenticated
        return {
            "agency_name": agency.name(),
            "navigation": navigation,
            "csp_nonce": csp_nonce(),
            "sign_in_then": sign_in_then,
            "today": clock.today(),
            "role_label": lambda role: Role(role).label,
            "idle_minutes": idle_minutes(current_user) if signed_in else None,
        }
