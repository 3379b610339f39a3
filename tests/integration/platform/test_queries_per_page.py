"""Every page each kind of visitor can reach takes a small, fixed number of
database queries, and no page takes more after the agency has thousands more
households, requests and stage changes than before."""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.dev import demo
from portal.extensions import db
from portal.models import User
from tests.support.queries import QueryCounter
from tests.support.signing_in import sign_in

HOMES = {"anonymous": "/", "connector": "/connector", "applicant": "/account", "family": "/account"}
ROLES = ["anonymous", "admin", "manager", "social_worker", "advisor", "connector", "applicant", "family"]
MOST_PUBLIC = 3
MOST_SIGNED_IN = 20
# The annual report: seven tables of two years and a chart of four, each
# measure counted for every year it shows in one grouped query.
MOST_BY_PAGE = {"/staff/reports/annual": 55}
MAX_PAGES = 45
SKIP = ("/static/", "/sign-out", "/healthz")


def _shape(path: str) -> str:
    return "/".join("{n}" if part.isdigit() else part for part in path.split("/"))


def _queries(client, path: str):
    """The statements one GET took, and the response."""
    with QueryCounter() as counter:
        response = client.get(path)
    return counter.count, response


def crawl(client, start: str) -> dict[str, int]:
    """The queries of one page of each shape, by its address, following links breadth first."""
    queue, seen, shapes, counts = deque([start]), {start}, set(), {}
    while queue and len(counts) < MAX_PAGES:
        path = queue.popleft()
        count, response = _queries(client, path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        shapes.add(_shape(urlsplit(path).path))
        counts[path] = count
        for link in BeautifulSoup(response.get_data(as_text=True), "html.parser").select("a[href]"):
            href = link["href"]
            if not href.startswith("/") or href.startswith(SKIP) or href in seen:
                continue
            if _shape(urlsplit(href).path) in shapes:
                continue  # one page of each shape is enough
            seen.add(href)
            queue.append(href)
    return counts


def _client_for(app, role: str):
    client = app.test_client()
    if role != "anonymous":
        email = next(email for email, _name, r, *_ in [*demo.STAFF, *demo.HOUSEHOLD_PEOPLE] if str(r) == role)
        user = db.session.scalar(select(User).where(User.email == email))
        sign_in(client, user, password=demo.DEMO_PASSWORD)
    return client


@pytest.fixture
def demo_site(app):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    return app


@pytest.mark.parametrize("role", ROLES)
def test_no_page_takes_more_queries_when_the_agency_has_thousands_more_rows(demo_site, role):
    start = HOMES.get(role, "/staff/queue")
    before = crawl(_client_for(demo_site, role), start)
    assert len(before) > 3, f"the crawl as {role} reached almost nothing: {before}"

    result = demo_site.test_cli_runner().invoke(args=["seed-bulk", "--items", "400", "--years", "1"])
    assert result.exit_code == 0, result.output
    # The same pages again, now that the agency holds thousands more rows.
    client = _client_for(demo_site, role)
    after = {path: _queries(client, path)[0] for path in before}

    grown = {path: (before[path], n) for path, n in after.items() if n > before[path]}
    assert not grown, f"pages whose queries grew with the rows, as {role} (before, after): {grown}"
    limit = MOST_PUBLIC if role == "anonymous" else MOST_SIGNED_IN
    heavy = {path: n for path, n in after.items() if n > MOST_BY_PAGE.get(_shape(urlsplit(path).path), limit)}
    assert not heavy, f"pages over {limit} queries as {role}: {heavy}"
