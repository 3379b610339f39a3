"""Where signing in sends you back to."""

from tests.support.authenticator import next_code
from tests.support.factories import PASSWORD, UserFactory


def test_a_page_asked_for_without_a_query_comes_back_without_a_stray_question_mark(client):
    user = UserFactory()
    response = client.get("/staff/queue")
    assert response.headers["Location"] == "/sign-in?next=/staff/queue"
    client.post(response.headers["Location"], data={"email": user.email, "password": PASSWORD})
    response = client.post("/sign-in/code", data={"code": next_code(user)})
    assert response.headers["Location"] == "/staff/queue"
