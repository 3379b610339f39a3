from sqlalchemy import func, select

from portal.dev import demo
from portal.dev.connectors import OTHER_CONNECTORS
from portal.extensions import db
from portal.models import Role, TriageItem, User
from tests.conftest import build_app
from tests.support.authenticator import next_code
from tests.support.pages import get_page, parse
from tests.support.signing_in import sign_in


def test_health_check_answers_ok_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_health_check_answers_503_without_the_database(tmp_path):
    app = build_app(tmp_path, f"sqlite:///{tmp_path}/missing/nowhere.db")
    with app.app_context():
        response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_seed_demo_makes_every_role_once_and_prints_the_sign_ins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == second.exit_code == 0
    assert "admin@demo.adoption-portal.example" in first.output
    assert demo.DEMO_PASSWORD in first.output
    roles = set(db.session.scalars(select(User.role)).all())
    assert roles == {role.value for role in Role}
    # Ten demo sign-ins, and two more peer connectors for the suggestions to rank.
    assert db.session.scalar(select(func.count()).select_from(User)) == 10 + len(OTHER_CONNECTORS)
    kinds = set(db.session.scalars(select(TriageItem.kind)).all())
    assert {"information_pack", "support_call"} <= kinds


def test_every_demo_queue_item_opens_a_page(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    admin = db.session.scalar(select(User).where(User.role == "admin"))
    sign_in(client, admin, demo.DEMO_PASSWORD)
    for item_id in db.session.scalars(select(TriageItem.id)).all():
        get_page(client, f"/staff/queue/{item_id}")


def test_every_demo_person_can_sign_in_and_reach_their_home(app):
    app.test_cli_runner().invoke(args=["seed-demo"])
    homes = {"applicant": "/account", "family": "/account", "connector": "/connector"}
    for user in db.session.scalars(select(User)).all():
        client = app.test_client()
        response = sign_in(client, user, demo.DEMO_PASSWORD)
        home = homes.get(user.role, "/staff/queue")
        assert response.headers["Location"] == home
        get_page(client, home)


def test_the_first_admin_is_made_from_the_command_line_and_sets_a_password(app, client):
    result = app.test_cli_runner().invoke(args=["create-admin", "First@Example.com", "Fay First"])
    assert result.exit_code == 0
    link = result.output.split("http://portal.test")[1].strip()
    password = "walnut compass meadow"
    response = client.post(link, data={"password": password, "confirm": password})
    # Even the first admin sets up an authenticator app before seeing anything.
    assert response.headers["Location"] == "/sign-in/set-up-authenticator"
    admin = db.session.scalar(select(User).where(User.email == "first@example.com"))
    response = client.post("/sign-in/set-up-authenticator", data={"code": next_code(admin)})
    assert parse(response).select_one("a.govuk-button")["href"] == "/staff/queue"
    again = app.test_cli_runner().invoke(args=["create-admin", "first@example.com", "Fay First"])
    assert again.exit_code != 0 and "already exists" in again.output
