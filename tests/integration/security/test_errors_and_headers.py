from flask import Blueprint

from portal.models import Role
from portal.web.access import public
from tests.conftest import PortalClient, build_app
from tests.support.factories import UserFactory
from tests.support.pages import get_page, parse
from tests.support.signing_in import sign_in


def test_an_unknown_page_is_a_styled_404(client):
    page = get_page(client, "/no-such-page", status=404)
    assert page.h1.text.strip() == "Page not found"


def test_the_wrong_method_is_a_styled_405(client):
    response = client.post("/privacy")
    assert response.status_code == 405
    assert parse(response).h1.text.strip() == "This page cannot do that"


def test_too_large_a_request_is_a_styled_413(client):
    response = client.post("/sign-in", data={"email": "a" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert parse(response).h1.text.strip() == "What you sent is too large"


def test_a_form_without_its_csrf_token_gets_a_clear_400(database_url, tmp_path):
    app = build_app(tmp_path, database_url, EXTRA={"WTF_CSRF_ENABLED": True})
    with app.app_context():
        response = app.test_client().post("/sign-in", data={"email": "a@example.com", "password": "x"})
    assert response.status_code == 400
    assert parse(response).h1.text.strip() == "Your form timed out or could not be checked"


def test_an_unexpected_error_is_a_styled_500_and_saves_nothing(database_url, tmp_path):
    app = build_app(tmp_path, database_url)
    broken = Blueprint("broken", __name__)

    @broken.route("/broken", methods=["POST"])
    @public
    def explode():
        raise RuntimeError("bug")

    app.register_blueprint(broken)
    with app.app_context():
        response = app.test_client().post("/broken")
    assert response.status_code == 500
    assert parse(response).h1.text.strip() == "Sorry, there is a problem with the service"


def test_sign_in_attempts_are_rate_limited_per_address(database_url, tmp_path):
    app = build_app(tmp_path, database_url, RATELIMIT_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        statuses = [
            client.post("/sign-in", data={"email": f"p{n}@example.com", "password": "x"}).status_code
            for n in range(21)
        ]
        assert statuses[:20] == [400] * 20
        assert statuses[20] == 429
        assert parse(client.post("/sign-in", data={})).h1.text.strip() == "You have tried too many times"
        assert client.get("/sign-in").status_code == 200  # reading the page is not limited


def test_every_page_is_sent_with_strict_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_only_inline_script_carries_the_pages_nonce(client):
    response = client.get("/")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    page = parse(response)
    inline = [s for s in page.select("script") if not s.get("src")]
    assert inline and all(s.get("nonce") == nonce for s in inline)


def test_pages_with_personal_data_are_never_cached(client, sign_in_as):
    sign_in_as(Role.FAMILY)
    assert client.get("/account").headers["Cache-Control"] == "no-store"


def test_session_cookies_are_http_only_and_same_site(client, sign_in_as):
    sign_in_as(Role.FAMILY)
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_the_page_uses_the_agency_name_and_no_govuk_crown(client):
    page = get_page(client, "/")
    assert "Adoption Partnership South East" in page.select_one(".govuk-generic-header").text
    assert page.title.text.endswith("– Adoption Partnership South East")
    assert not page.select(".govuk-logo, .govuk-footer__crown, .govuk-header__logotype")
    assert "Crown copyright" not in page.text


def _nonce_in_header(response) -> str:
    return response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]


def test_every_error_page_carries_a_working_script_nonce(database_url, tmp_path):
    """GOV.UK Frontend's inline script runs only with the page's nonce: an
    error page refused before the view (403, 429) must have one too."""
    app = build_app(tmp_path, database_url, RATELIMIT_ENABLED=True)
    app.test_client_class = PortalClient  # a fresh app context, so a fresh g, per request
    broken = Blueprint("broken", __name__)

    @broken.route("/broken")
    @public
    def explode():
        raise RuntimeError("bug")

    app.register_blueprint(broken)
    with app.app_context():
        family, anyone, hammering = app.test_client(), app.test_client(), app.test_client()
        sign_in(family, UserFactory(role=Role.FAMILY))
        for n in range(20):
            hammering.post("/sign-in", data={"email": f"p{n}@example.com", "password": "x"})
        responses = {
            403: family.get("/staff/queue"),
            404: anyone.get("/no-such-page"),
            405: anyone.post("/privacy"),
            429: hammering.post("/sign-in", data={"email": "p@example.com", "password": "x"}),
            500: anyone.get("/broken"),
        }
        without_a_working_nonce = []
        for status, response in responses.items():
            assert response.status_code == status
            nonce = _nonce_in_header(response)
            inline = [s for s in parse(response).select("script") if not s.get("src")]
            if not (nonce and inline and all(s.get("nonce") == nonce for s in inline)):
                without_a_working_nonce.append(status)
        assert without_a_working_nonce == []
