"""Every way into the portal that ends in a session stops staff and connectors
at the second factor: the code step, or setting up an app when they have none.
The routes are found by following the code from each view, so a way in added
later is checked too."""

import ast
import inspect
import types
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role
from portal.services import accounts
from tests.support.authenticator import next_code
from tests.support.emails import emails_to, link_in
from tests.support.factories import PASSWORD, HouseholdFactory, UserFactory
from tests.support.pages import parse

NEW_PASSWORD = "lantern biscuit harbour"
SECOND_FACTOR_ROLES = [Role.ADVISOR, Role.SOCIAL_WORKER, Role.MANAGER, Role.ADMIN, Role.CONNECTOR]
HOUSEHOLD_ROLES = [Role.APPLICANT, Role.FAMILY]
PORTAL = Path(__file__).resolve().parents[3] / "portal"


def by_signing_in(client, user):
    return client.post("/sign-in", data={"email": user.email, "password": PASSWORD})


def by_accepting_an_invitation(client, user):
    user.password_hash = None
    accounts.resend_invitation(user_id=user.id, actor=UserFactory(role=Role.ADMIN), link_hours=72)
    link = link_in(emails_to(user.email)[-1])
    return client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})


def by_resetting_a_password(client, user):
    client.post("/forgot-password", data={"email": user.email})
    link = link_in(emails_to(user.email)[-1])
    return client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})


# Each route that can begin a session, and how a person takes it.
WAYS_IN = {
    "auth.sign_in": by_signing_in,
    "auth.accept_invitation": by_accepting_an_invitation,
    "auth.reset_password": by_resetting_a_password,
}


def functions_reached(function, seen: set | None = None) -> set:
    """Every portal function this one can call, followed through the code:
    the names it uses, looked up as it would look them up (``accounts.x``
    as well as ``x``). Generous, never short: a name is enough."""
    seen = set() if seen is None else seen
    function = inspect.unwrap(function)
    if function in seen:
        return seen
    seen.add(function)
    names, code_objects = set(), [function.__code__]
    while code_objects:
        code = code_objects.pop()
        names.update(code.co_names)
        code_objects.extend(const for const in code.co_consts if isinstance(const, types.CodeType))
    found = [function.__globals__.get(name) for name in names]
    for value in list(found):
        if isinstance(value, types.ModuleType) and value.__name__.startswith("portal"):
            found.extend(getattr(value, name, None) for name in names)
    for value in found:
        if isinstance(value, types.FunctionType) and value.__module__.startswith("portal"):
            functions_reached(value, seen)
    return seen


def endpoints_reaching(app, target) -> set[str]:
    return {endpoint for endpoint, view in app.view_functions.items() if target in functions_reached(view)}


def test_every_route_that_can_begin_a_session_is_checked_here(app):
    from portal.web.auth.session import begin_session

    assert endpoints_reaching(app, begin_session) == set(WAYS_IN), (
        "a route can begin a session: add it to WAYS_IN so it is proved to stop at the second factor"
    )


def test_only_the_second_factor_steps_can_finish_a_waiting_sign_in(app):
    from portal.web.auth.session import finish_second_factor

    assert endpoints_reaching(app, finish_second_factor) == {
        "auth.second_factor_code",
        "auth.set_up_second_factor",
    }


def test_one_function_signs_people_in():
    """Flask-Login's login_user is called in one place: the end of begin_session
    and of the second-factor step, never straight from a view."""
    calls = []
    for path in PORTAL.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef):
                for node in ast.walk(function):
                    callee = getattr(node, "func", None)
                    name = getattr(callee, "id", None) or getattr(callee, "attr", None)
                    if isinstance(node, ast.Call) and name == "login_user":
                        calls.append((path.relative_to(PORTAL).as_posix(), function.name))
    assert calls == [("web/auth/session.py", "_signed_in")]


def staff_pages(user) -> list[str]:
    if user.role == Role.CONNECTOR:
        return ["/connector"]
    return ["/staff/queue", f"/staff/households/{HouseholdFactory().id}"]


def signed_in_events(user) -> list[str]:
    return db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.record_type == "user",
            AuditEvent.record_id == user.id,
            AuditEvent.action == "user.signed_in",
        )
    ).all()


@pytest.mark.parametrize("endpoint", sorted(WAYS_IN))
def test_staff_and_connectors_stop_at_the_second_factor_on_every_way_in(app, endpoint):
    way_in = WAYS_IN[endpoint]
    for role in SECOND_FACTOR_ROLES:
        for has_app in (True, False):
            app_details = {} if has_app else {"totp_secret_encrypted": None, "totp_confirmed_at": None}
            user = UserFactory(role=role, **app_details)
            pages = staff_pages(user)
            client = app.test_client()
            step = "/sign-in/code" if has_app else "/sign-in/set-up-authenticator"
            case = (endpoint, role, has_app)
            assert way_in(client, user).headers["Location"] == step, case
            for page in pages:
                response = client.get(page)
                assert response.status_code == 302, (case, page)
                assert response.headers["Location"].startswith("/sign-in?next="), (case, page)
            assert signed_in_events(user) == [], case

            # The step they stopped at lets them in.
            response = client.post(step, data={"code": next_code(user)})
            if not has_app:
                assert parse(response).h1.text.strip() == "Your backup codes", case
            assert [client.get(page).status_code for page in pages] == [200] * len(pages), case
            assert signed_in_events(user) == ["user.signed_in"], case


@pytest.mark.parametrize("endpoint", sorted(WAYS_IN))
def test_applicants_and_families_go_straight_in_on_every_way_in(app, endpoint):
    for role in HOUSEHOLD_ROLES:
        user = UserFactory(role=role)
        client = app.test_client()
        assert WAYS_IN[endpoint](client, user).headers["Location"] == "/account", (endpoint, role)
        assert client.get("/account").status_code == 200
        assert signed_in_events(user) == ["user.signed_in"], (endpoint, role)
