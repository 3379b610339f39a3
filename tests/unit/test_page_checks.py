"""The checks every fetched page goes through catch what a browser would hide."""

import pytest
from flask import Flask, Response

from tests.support.pages import PageProblem, check_page

GOOD_HEAD = '<title>Events – Agency</title><meta name="description" content="Events we run">'


def _page(head: str = GOOD_HEAD, body: str = "<h1>Events</h1>") -> Response:
    return Response(f"<!DOCTYPE html><html lang=en><head>{head}</head><body>{body}</body></html>")


@pytest.fixture
def app():
    app = Flask(__name__)
    app.add_url_rule("/events", "events", lambda: "", methods=["GET", "POST"])
    return app


def test_a_well_formed_page_passes(app):
    check_page(_page(body='<h1>Events</h1><form method="post" action="/events"></form>'), app, "/events")


@pytest.mark.parametrize(
    ("head", "body", "problem"),
    [
        (GOOD_HEAD, '<h1>Events</h1><input class="a" class="b">', "duplicate-attribute"),
        ("<title>Events – Agency</title>", "<h1>Events</h1>", "no meta description"),
        (GOOD_HEAD, "<h1>Events</h1><h1>Again</h1>", "2 h1 elements"),
        (GOOD_HEAD, '<h1 id="x">Events</h1><p id="x"></p>', "ids used more than once"),
        (GOOD_HEAD, '<h1>Events</h1><form method="post" action="/nowhere"></form>', "answers 404"),
    ],
)
def test_a_page_with_a_fault_a_browser_would_hide_fails(app, head, body, problem):
    with pytest.raises(PageProblem, match=problem):
        check_page(_page(head, body), app, "/events")
