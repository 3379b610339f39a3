"""Crawl every page each kind of visitor can reach by following links, on a
phone 320 px wide, and check each one with axe-core (WCAG 2.2 AA and best
practice), for a successful status, a title and exactly one h1, for no
sideways scrolling, and for no layout shift as it loads."""

from __future__ import annotations

from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from .conftest import AXE_JS, axe_check, format_violations

MAX_PAGES = 60
# The narrowest screen WCAG's reflow criterion asks a page to work on without scrolling sideways.
PHONE = {"width": 320, "height": 900}
# Layout shift as a page loads, as Chromium scores it (0 is none; 0.1 is "poor" in Core Web Vitals).
MOST_LAYOUT_SHIFT = 0.001
LAYOUT_SHIFT_JS = """() => new Promise(resolve => {
    let total = 0;
    const add = entries => entries.forEach(e => { if (!e.hadRecentInput) total += e.value; });
    const observer = new PerformanceObserver(list => add(list.getEntries()));
    observer.observe({type: 'layout-shift', buffered: true});
    setTimeout(() => { add(observer.takeRecords()); observer.disconnect(); resolve(total); }, 50);
})"""
MAX_VARIANTS = 3
# Links to files, not pages: fetched to check they answer, never opened as pages.
DOWNLOAD_SUFFIXES = (".csv", ".ics", ".pdf", ".txt", ".json", ".zip", ".xlsx", ".ods", ".docx")

# Where each role starts after signing in.
HOMES = {
    "applicant": "/account",
    "family": "/account",
    "connector": "/connector",
    "advisor": "/staff/queue",
    "social_worker": "/staff/queue",
    "manager": "/staff/queue",
    "admin": "/staff/queue",
}
ROLES = ["anonymous", "admin", "manager", "social_worker", "advisor", "connector", "applicant", "family"]


def page_shape(path: str) -> str:
    """The path with its numeric segments generalised: /staff/users/7 -> /staff/users/{n}."""
    return "/".join("{n}" if segment.isdigit() else segment for segment in path.split("/"))


class Frontier:
    """Breadth-first queue of same-origin pages: each URL once, and at most
    MAX_VARIANTS URLs of any one shape, which covers both query-string
    variants of a path (?page=2, filters) and pages of one kind that differ
    only by a number (/staff/users/1, /staff/users/2, ...)."""

    def __init__(self, base_url: str):
        self.origin = urlsplit(base_url)[:2]
        self.queue: deque[str] = deque()
        self.seen: set[str] = set()
        self.variants: dict[str, set[str]] = {}

    def add(self, url: str) -> None:
        url, _fragment = urldefrag(url)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts[:2] != self.origin:
            return
        path = parts.path or "/"
        if path.startswith("/static/") or path.rstrip("/") == "/sign-out":
            return
        if url in self.seen:
            return
        variants = self.variants.setdefault(page_shape(path), set())
        if len(variants) >= MAX_VARIANTS:
            return
        self.seen.add(url)
        variants.add(url)
        self.queue.append(url)


def check_download(page, url: str) -> list[str]:
    """A link to a file (a CSV export, say): it must answer, and not with a page."""
    response = page.request.get(url)
    try:
        content_type = response.headers.get("content-type", "")
        if response.status >= 400:
            return [f"{url}: the download answered HTTP {response.status}"]
        if content_type.startswith("text/html"):
            return [f"{url}: a download link answered with an HTML page ({response.url})"]
        return []
    finally:
        response.dispose()


# The first few elements that stick out past the screen, outside a table's own scrolling box.
WIDE_ELEMENTS_JS = """(viewport) => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > viewport && !e.closest('.portal-table-container'))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))"""


def fits_the_screen(page, where: str) -> list[str]:
    problems = []
    width, viewport = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if width > viewport:
        wide = page.evaluate(WIDE_ELEMENTS_JS, viewport)
        problems.append(f"{where}: {width} px wide on a {viewport} px screen, scrolling sideways ({wide})")
    shift = page.evaluate(LAYOUT_SHIFT_JS)
    if shift > MOST_LAYOUT_SHIFT:
        problems.append(f"{where}: the layout shifted as it loaded (score {shift:.3f})")
    return problems


def crawl(page, base_url: str, starts: list[str], *, signed_in: bool) -> tuple[list[str], list[str]]:
    """Visit pages breadth first; return (visited URLs, problems)."""
    from playwright.sync_api import Error as PlaywrightError

    # Load axe-core into every page of this context as it is created: cheaper
    # than injecting a script tag into each page after it has loaded.
    page.context.add_init_script(path=str(AXE_JS))
    frontier = Frontier(base_url)
    for start in starts:
        frontier.add(base_url + start)
    visited: list[str] = []
    problems: list[str] = []
    while frontier.queue and len(visited) < MAX_PAGES:
        url = frontier.queue.popleft()
        if urlsplit(url).path.lower().endswith(DOWNLOAD_SUFFIXES):
            visited.append(f"{url} (download)")
            problems += check_download(page, url)
            continue
        try:
            response = page.goto(url, wait_until="load")
        except PlaywrightError as error:
            # A link to a file served as an attachment: check it answers, nothing more.
            if "Download is starting" not in str(error) and "net::ERR_ABORTED" not in str(error):
                raise
            visited.append(f"{url} (download)")
            problems += check_download(page, url)
            continue
        if response is not None and not (response.headers.get("content-type") or "").startswith("text/html"):
            visited.append(f"{url} (not a page)")
            if response.status >= 400:
                problems.append(f"{url}: answered HTTP {response.status}")
            continue
        final = urldefrag(page.url)[0]
        where = url if final == url else f"{url} -> {final}"
        if final != url:
            # A redirect lands on a page that may be reached directly too: check it once.
            if final in visited:
                continue
            frontier.seen.add(final)
        visited.append(final)
        if signed_in and urlsplit(final).path == "/sign-in":
            # Someone signed in is sent home from /sign-in: landing there means signed out.
            problems.append(f"{where}: the session ended; the crawl was sent to sign in")
            break

        status = response.status if response else None
        if status is None or status >= 400:
            problems.append(f"{where}: answered HTTP {status}")
        title = page.title().strip()
        if not title:
            problems.append(f"{where}: empty <title>")
        h1_count = page.locator("h1").count()
        if h1_count != 1:
            problems.append(f"{where}: has {h1_count} <h1> elements, expected exactly 1")
        violations = axe_check(page)
        if violations:
            problems.append(format_violations(where, violations))
        problems += fits_the_screen(page, where)

        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            frontier.add(href)
    return visited, problems


@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_is_accessible_on_a_phone(
    role, page, base_url, live_server, demo_users, sign_in
):
    page.set_viewport_size(PHONE)
    if role == "anonymous":
        starts = ["/"]
    else:
        sign_in(page, demo_users[role])
        home = HOMES[role]
        assert urlsplit(page.url).path == home, f"{role} landed on {page.url}, expected {home}"
        starts = [home, "/"]

    errors_before = len(live_server.server_errors)
    visited, problems = crawl(page, base_url, starts, signed_in=role != "anonymous")
    server_errors = live_server.server_errors[errors_before:]

    assert len(visited) >= len(set(starts)), f"crawl visited nothing for {role}"
    report = "\n".join(problems + [f"server error: {e}" for e in server_errors])
    assert not report, (
        f"{len(problems)} problem(s) on {len(visited)} page(s) crawled as {role}:\n{report}\n\n"
        "Pages visited:\n  " + "\n  ".join(visited)
    )


def test_axe_check_reports_serious_violations(page, axe_check):
    """The harness itself: a page with a known critical problem must fail,
    so a crawl that passes means axe-core really ran."""
    page.goto("/")
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = '/static/favicon.svg';
        img.id = 'image-without-alt';
        document.querySelector('main').appendChild(img);
    }""")
    violations = axe_check(page)
    assert [v["id"] for v in violations] == ["image-alt"], format_violations("/", violations)
    assert violations[0]["nodes"][0]["target"] == ["#image-without-alt"]


def check_page(page, where: str, status: int | None, expected_status: int) -> list[str]:
    problems = []
    if status != expected_status:
        problems.append(f"{where}: answered HTTP {status}, expected {expected_status}")
    if not page.title().strip():
        problems.append(f"{where}: empty <title>")
    h1_count = page.locator("h1").count()
    if h1_count != 1:
        problems.append(f"{where}: has {h1_count} <h1> elements, expected exactly 1")
    violations = axe_check(page)
    if violations:
        problems.append(format_violations(where, violations))
    return problems


def demo_visitors_change_date_path(live_server) -> str:
    """The "Change date" page of a demo visitor's booking, reached only from their emailed link."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Booking
    from portal.services.events.manage_link import manage_link

    with live_server.app.app_context():
        booking = db.session.scalar(
            select(Booking).where(Booking.email == "sam.carter@demo.adoption-portal.example")
        )
        return urlsplit(manage_link(booking)).path + "/change-date"


def demo_visitors_reminders_off_path(live_server) -> str:
    """The one-click page that turns off a demo visitor's reminders, reached only from a reminder."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Booking
    from portal.services.events import reminders_off_link

    with live_server.app.app_context():
        booking = db.session.scalar(
            select(Booking).where(Booking.email == "sam.carter@demo.adoption-portal.example")
        )
        return urlsplit(reminders_off_link(booking)).path


def demo_course_register_paths(live_server) -> list[str]:
    """The register of the first session of the demo's Stage 1 course, and its totals per person."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Event

    with live_server.app.app_context():
        course = db.session.scalar(select(Event).where(Event.title == "Stage 1 preparation course"))
        return [
            f"/staff/events/{course.id}/sessions/{course.sessions[0].id}/register",
            f"/staff/events/{course.id}/attendance",
        ]


def test_pages_not_reached_by_links_are_accessible(page, live_server, demo_users, sign_in):
    """States a link crawl does not reach: form errors, error pages, notices."""
    problems = []
    for path, expected in [
        (demo_visitors_change_date_path(live_server), 200),
        (demo_visitors_reminders_off_path(live_server), 200),
        ("/signed-out", 200),
        ("/sign-in?timed_out=1", 200),
        ("/forgot-password/sent", 200),
        ("/invitations/not-a-real-token", 404),
        ("/reset-password/not-a-real-token", 404),
        ("/no-such-page", 404),
    ]:
        response = page.goto(path)
        problems += check_page(page, path, response.status if response else None, expected)

    # A form sent empty: the error summary and the fields' error messages.
    page.goto("/sign-in")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in", exact=True).click()
    problems += check_page(page, "/sign-in sent empty", navigation.value.status, 400)
    if not page.title().startswith("Error: "):
        problems.append(f"/sign-in sent empty: title {page.title()!r} does not start with 'Error: '")

    sign_in(page, demo_users["admin"])
    page.goto("/staff/invite")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send invitation").click()
    problems += check_page(page, "/staff/invite sent empty", navigation.value.status, 400)

    # A course's register of one session, and each person's total.
    for path in demo_course_register_paths(live_server):
        response = page.goto(path)
        problems += check_page(page, path, response.status if response else None, 200)

    # A role's forbidden page, and the queue filtered by its GET form.
    response = page.goto("/account")
    problems += check_page(page, "/account as admin", response.status if response else None, 403)
    response = page.goto("/staff/queue?status=done&status=cancelled")
    problems += check_page(page, "/staff/queue filtered", response.status if response else None, 200)

    assert not problems, "\n".join(problems)
