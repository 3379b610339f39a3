"""Who may use a page: the rules the decorators write and the refusals they cause."""

import logging

import pytest
from flask import Blueprint

from portal.models.accounts import Role
from portal.web.access import HOUSEHOLD_ROLES, AccessRule, allow, rule_for, safe_next_path
from tests.unit.test_route_access import make_app


def test_a_page_allowed_to_a_group_and_a_role_admits_exactly_those_roles():
    @allow(HOUSEHOLD_ROLES, Role.CONNECTOR)
    def view():
        return "hello"

    assert rule_for(view) == AccessRule(
        public=False, roles=frozenset({Role.APPLICANT, Role.FAMILY, Role.CONNECTOR})
    )


def test_a_page_allowed_to_nobody_is_refused_when_the_code_is_written():
    with pytest.raises(ValueError, match="at least one role"):
        allow()


def test_a_triple_slash_next_address_which_browsers_read_as_another_site_is_dropped():
    assert safe_next_path("///evil.example/path") is None


def test_a_page_without_a_rule_is_logged_by_its_endpoint_for_the_developers(tmp_path, caplog):
    app = make_app(tmp_path)
    forgotten = Blueprint("forgotten", __name__)
    forgotten.add_url_rule("/forgotten", "page", lambda: "secret")
    app.register_blueprint(forgotten)
    with caplog.at_level(logging.ERROR):
        assert app.test_client().get("/forgotten").status_code == 403
    assert "endpoint forgotten.page has no access rule" in caplog.text


def test_a_next_address_with_a_backslash_which_browsers_read_as_another_site_is_dropped():
    # Browsers treat "/\evil.example" as "//evil.example".
    assert safe_next_path("/\\evil.example/path") is None
