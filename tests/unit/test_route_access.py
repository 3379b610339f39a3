"""Deny by default: every route must say who may use it."""

from collections import Counter

from flask import Blueprint

from portal import create_app
from portal.config import from_environment
from portal.models.accounts import STAFF_ROLES, Role
from portal.web.access import PUBLIC_RULE, public, rule_for

# Every public page, named: adding one to this list is a decision, not an accident.
PUBLIC_ENDPOINTS = {
    "static",
    "public.start",
    "public.accessibility",
    "public.privacy",
    "public.cookies",
    "public.healthz",
    "public.information_pack",
    "public.information_pack_sent",
    "auth.sign_in",
    "auth.signed_out",
    "auth.second_factor_code",
    "auth.set_up_second_factor",
    "auth.accept_invitation",
    "auth.forgot_password",
    "auth.reset_link_sent",
    "auth.reset_password",
    "events.index",
    "events.event",
    "events.booked",
    "events.manage",
    "events.confirm_cancel",
    "events.manage_action",
    "events.change_date",
    "event_reminders.one_click",
    "event_reminders.from_manage_link",
    "surveys.answer",
    "surveys.thank_you",
    "surveys.manager_contact",
}


def make_app(tmp_path):
    return create_app(from_environment(instance_path=tmp_path, SQLALCHEMY_DATABASE_URI="sqlite://"))


def rules_by_endpoint(app):
    return {endpoint: rule_for(view) for endpoint, view in app.view_functions.items()}


def test_every_endpoint_declares_who_may_use_it(tmp_path):
    missing = [endpoint for endpoint, rule in rules_by_endpoint(make_app(tmp_path)).items() if rule is None]
    assert missing == []


def test_only_the_named_pages_are_public(tmp_path):
    public_endpoints = {e for e, rule in rules_by_endpoint(make_app(tmp_path)).items() if rule == PUBLIC_RULE}
    assert public_endpoints == PUBLIC_ENDPOINTS


def test_each_area_admits_only_its_roles(tmp_path):
    rules = rules_by_endpoint(make_app(tmp_path))
    checked = Counter()
    for endpoint, rule in rules.items():
        area = endpoint.split(".")[0]
        # Failed emails hold addresses: admins only, so asked before the rest of staff.
        if endpoint.startswith("staff.emails."):
            checked["failed emails"] += 1
            assert rule.roles == {Role.ADMIN}, endpoint
        elif area == "staff":
            checked["staff"] += 1
            assert rule.roles <= STAFF_ROLES, endpoint
        elif endpoint.startswith(("account.support_call.", "account.catch_up.")):
            checked["family calls"] += 1
            assert rule.roles == {Role.FAMILY}, endpoint
        elif endpoint.startswith("account.bookings."):
            checked["own bookings"] += 1
            assert rule.roles == {Role.APPLICANT, Role.FAMILY, Role.CONNECTOR}, endpoint
        elif area == "account":
            checked["account"] += 1
            assert rule.roles == {Role.APPLICANT, Role.FAMILY}, endpoint
        elif area == "connector":
            checked["connector"] += 1
            assert rule.roles == {Role.CONNECTOR}, endpoint
    # Every rule above was applied to at least one route.
    assert set(checked) == {"failed emails", "staff", "account", "family calls", "own bookings", "connector"}


def test_a_route_added_without_a_rule_is_refused_and_caught(tmp_path):
    app = make_app(tmp_path)
    forgotten = Blueprint("forgotten", __name__)
    forgotten.add_url_rule("/forgotten", "page", lambda: "secret")
    app.register_blueprint(forgotten)
    assert rule_for(app.view_functions["forgotten.page"]) is None
    response = app.test_client().get("/forgotten")
    assert response.status_code == 403


def test_the_public_decorator_marks_a_view(tmp_path):
    @public
    def view():
        return "hello"

    assert rule_for(view) == PUBLIC_RULE
