"""Stylesheets and scripts reach a phone compressed, and come from its cache
on every page after the first, yet a new release is never hidden by that cache."""

from __future__ import annotations

from portal.web.static_files import fingerprinted
from tests.conftest import build_app

ONE_YEAR = "max-age=31536000"


def _stylesheet_url(client) -> str:
    page = client.get("/").get_data(as_text=True)
    start = page.index('href="/static/govuk/portal.') + len('href="')
    return page[start : page.index('"', start)]


def test_pages_link_the_stylesheet_under_a_name_that_changes_with_its_content(client):
    url = _stylesheet_url(client)
    assert url.startswith("/static/govuk/portal.") and url.endswith(".css")
    assert url != "/static/govuk/portal.css"
    assert fingerprinted("govuk/portal.css", b"a") != fingerprinted("govuk/portal.css", b"b")


def test_the_fingerprinted_stylesheet_is_kept_for_a_year_and_sent_compressed(client):
    response = client.get(_stylesheet_url(client), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert ONE_YEAR in response.headers["Cache-Control"] and "immutable" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    plain = client.get("/static/govuk/portal.css")
    assert len(response.get_data()) < len(plain.get_data()) / 3


def test_a_file_under_its_plain_name_is_kept_only_a_day(client):
    response = client.get("/static/govuk/govuk-frontend.min.js")
    assert response.status_code == 200
    assert "max-age=86400" in response.headers["Cache-Control"]
    assert "immutable" not in response.headers["Cache-Control"]


def test_while_developing_pages_link_plain_names_so_an_edit_shows_at_once(database_url, tmp_path):
    app = build_app(tmp_path, database_url, EXTRA={"DEBUG": True})
    with app.app_context():
        assert 'href="/static/govuk/portal.css"' in app.test_client().get("/").get_data(as_text=True)
