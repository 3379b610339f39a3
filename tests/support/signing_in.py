"""Signing in over HTTP, as a person does: the password and, for staff and
connectors, a code from their authenticator app."""

from __future__ import annotations

from tests.support.authenticator import next_code
from tests.support.factories import PASSWORD


def sign_in(client, user, password: str = PASSWORD, *, next_path: str = ""):
    """Sign in with the password and, for staff and connectors, a code from
    their authenticator app. Returns the last response: a redirect home."""
    url = "/sign-in" + (f"?next={next_path}" if next_path else "")
    response = client.post(url, data={"email": user.email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    if response.headers["Location"] == "/sign-in/code":
        response = client.post("/sign-in/code", data={"code": next_code(user)})
        assert response.status_code == 302, "the second step of signing in failed"
    return response
