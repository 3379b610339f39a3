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
MOST_PUBLIC = 5
MOST_SIGNED_IN = 20
# The annual report counts each measure of each year it shows in its own query:
# fixed, whatever the rows, but many (issue 16 brings them together).
MOST_BY_PAGE = {"/staff/reports/annual": 100}
MAX_PAGES = 45
SKIP = ("/static/", "/sign-out", "/healthz")


def _shape(path: str) -> str:
    return "/".join("{n}" if part.isdigit() else part for part in path.split("/"))




def crawl(client, start: str) -> dict[str, int]:
    """The most queries any page of each shape took, following links breadth first."""
    queue, seen, most = deque([start]), {start}, {}
    while queue and len(most) < MAX_PAGES:
        path = queue.popleft()
        with QueryCounter() as counter:
            response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        shape = _shape(urlsplit(path).path)
        most[shape] = max(most.get(shape, 0), counter.count)
        for link in BeautifulSoup(response.get_data(as_text=True), "html.parser").select("a[href]"):
            href = link["href"]
            if not href.startswith("/") or href.startswith(SKIP) or href in seen:
                continue
            if _shape(urlsplit(href).path) in most:
                continue  # one page of each shape is enough
            seen.add(href)
            queue.append(href)
    return most


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
    after = crawl(_client_for(demo_site, role), start)

    grown = {shape: (before[shape], n) for shape, n in after.items() if n > before.get(shape, n)}
    assert not grown, f"pages whose queries grew with the rows, as {role} (before, after): {grown}"
    limit = MOST_PUBLIC if role == "anonymous" else MOST_SIGNED_IN
    heavy = {shape: count for shape, count in after.items() if count > MOST_BY_PAGE.get(shape, limit)}
    assert not heavy, f"pages over {limit} queries as {role}: {heavy}"
