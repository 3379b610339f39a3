"""Every HTML page a test fetches is checked, as notifications-admin's
client_request does: a title, a meta description for search results, one
h1, no id used twice, forms that post to routes that exist, and raw HTML that
parses without a single error (a duplicate attribute, say, which a browser
silently drops). ``parse`` and ``get_page`` give a test the page to read."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import html5lib
from bs4 import BeautifulSoup
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect


class PageProblem(AssertionError):
    pass


def check_page(response, app, path: str) -> None:
    if response.status_code in (204, 304) or 300 <= response.status_code < 400:
        return
    if response.mimetype != "text/html" or response.direct_passthrough:
        return
    html = response.get_data(as_text=True)
    _parses_without_errors(html, path)
    page = BeautifulSoup(html, "html.parser")
    _has_a_title_one_h1_and_unique_ids(page, path)
    _forms_post_to_routes(page, app, path)


def parse(response) -> BeautifulSoup:
    """The page as HTML, with a title, one h1 and no id used twice."""
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    _has_a_title_one_h1_and_unique_ids(page, response.request.path)
    return page


def get_page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, (response.status_code, response.headers.get("Location"))
    return parse(response)


def error_summary(page: BeautifulSoup) -> list[str]:
    return [li.get_text(" ", strip=True) for li in page.select(".govuk-error-summary__list li")]


def _has_a_title_one_h1_and_unique_ids(page: BeautifulSoup, path: str) -> None:
    if not (page.title and page.title.text.strip()):
        raise PageProblem(f"{path}: the page has no title")
    description = page.select_one('head meta[name="description"]')
    if not (description and description.get("content", "").strip()):
        raise PageProblem(f"{path}: the page has no meta description")
    headings = page.select("h1")
    if len(headings) != 1:
        raise PageProblem(f"{path}: the page has {len(headings)} h1 elements, not one")
    ids = Counter(tag["id"] for tag in page.select("[id]"))
    duplicates = sorted(i for i, count in ids.items() if count > 1)
    if duplicates:
        raise PageProblem(f"{path}: ids used more than once: {duplicates}")


def _parses_without_errors(html: str, path: str) -> None:
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(html)
    if parser.errors:
        (line, column), code, details = parser.errors[0]
        raise PageProblem(f"{path}: HTML error at line {line}, column {column}: {code} {details or ''}")


def _forms_post_to_routes(page: BeautifulSoup, app, path: str) -> None:
    adapter = app.url_map.bind("portal.test")
    for form in page.select("form"):
        action = form.get("action") or path
        target = urlsplit(action)
        if target.netloc:
            raise PageProblem(f"{path}: a form posts to another site: {action}")
        method = (form.get("method") or "GET").upper()
        try:
            adapter.match(target.path, method=method)
        except RequestRedirect:
            continue
        except (NotFound, MethodNotAllowed) as error:
            problem = f"{path}: a form {method}s to {target.path}, which answers {error.code}"
            raise PageProblem(problem) from error
