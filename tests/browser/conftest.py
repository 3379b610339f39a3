"""Browser tests: the real app on a live server, driven by headless Chromium
(Playwright's sync API) and checked with axe-core.

Each pytest-xdist worker gets its own live server, SQLite database and
browser (session-scoped fixtures are per worker). When Chromium, axe-core or
the built stylesheet is missing the tests are skipped, unless
PORTAL_REQUIRE_BROWSER=1 or CI=true (scripts/test.sh sets the first when CI=true):
then they fail.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal.config import PROJECT_ROOT
from tests.support.authenticator import code_on_a_live_server

HERE = Path(__file__).resolve().parent
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PORTAL_CSS = PROJECT_ROOT / "static" / "govuk" / "portal.css"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = frozenset({"serious", "critical"})

# Playwright waits (milliseconds). Generous for a loaded CI machine, short
# enough that a hang fails quickly.
DEFAULT_TIMEOUT_MS = 15_000


# --- Marker -----------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    # A conftest hook sees every collected item, not only this folder's.
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


# --- Requirements: skip locally, fail in CI -----------------------------------


def _required() -> bool:
    flag = os.environ.get("PORTAL_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}
    return flag or os.environ.get("CI", "").strip().lower() == "true"


def _chromium_path() -> str | None:
    """CHROMIUM_PATH when set (and only it), else Debian's chromium."""
    if os.environ.get("CHROMIUM_PATH"):
        candidates = [os.environ["CHROMIUM_PATH"]]
    else:
        candidates = ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _missing() -> list[str]:
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install -e '.[dev]')")
    if _chromium_path() is None:
        where = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
        missing.append(f"Chromium at {where} (set CHROMIUM_PATH, or apt-get install chromium)")
    if not AXE_JS.is_file():
        missing.append(f"{AXE_JS.relative_to(PROJECT_ROOT)} (run scripts/bootstrap.sh)")
    if not PORTAL_CSS.is_file():
        missing.append(f"{PORTAL_CSS.relative_to(PROJECT_ROOT)} (run scripts/build-assets.sh)")
    return missing


@pytest.fixture(scope="session", autouse=True)
def browser_requirements() -> None:
    missing = _missing()
    if not missing:
        return
    reason = "browser tests need " + "; ".join(missing)
    if _required():
        pytest.fail(reason + " (required here: PORTAL_REQUIRE_BROWSER=1 or CI=true)", pytrace=False)
    pytest.skip(reason)


# --- Live server ----------------------------------------------------------------


class _DeferredApp:
    """A WSGI callable that forwards to the app once it exists, so that the
    server's port is known before the app (and its BASE_URL) is built."""

    def __init__(self):
        self.app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


class _ErrorCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(self.format(record))


@dataclass
class LiveServer:
    url: str
    app: object
    server_errors: list[str] = field(default_factory=list)


@contextmanager
def serving(instance, seed):
    """A site on a free port of this machine, its database migrated and then
    filled by ``seed()`` (in an app context, committed)."""
    from flask_migrate import upgrade
    from werkzeug.serving import WSGIRequestHandler, make_server

    from portal import create_app
    from portal.config import from_environment
    from portal.database import writing
    from portal.extensions import db

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, code="-", size="-"):
            if str(code).startswith("5"):
                super().log_request(code, size)

    deferred = _DeferredApp()
    server = make_server("127.0.0.1", 0, deferred, threaded=True, request_handler=QuietHandler)
    url = f"http://127.0.0.1:{server.server_port}"

    app = create_app(
        from_environment(
            instance_path=instance,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'portal.db'}",
            RATELIMIT_ENABLED=False,
            BASE_URL=url,
            EMAIL_BACKEND="file",
        )
    )
    with app.app_context():
        upgrade()
        with writing():
            seed()
            db.session.commit()
        db.session.remove()

    # Collect the app's own error reports (the stacks of 500s) for failure messages.
    collector = _ErrorCollector()
    collector.setFormatter(logging.Formatter("%(message)s"))
    app.logger.addHandler(collector)

    deferred.app = app
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    live = LiveServer(url=url, app=app, server_errors=collector.records)
    try:
        yield live
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        app.logger.removeHandler(collector)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, browser_requirements):
    from portal.dev import demo

    with serving(tmp_path_factory.mktemp("browser-instance"), demo.seed) as live:
        yield live


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


# --- Demo users ----------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_users() -> dict[str, str]:
    """The first demo user's email for each role value, e.g. {"advisor": "advisor@..."}."""
    from portal.dev import demo

    users: dict[str, str] = {}
    for email, _name, role, *_rest in [*demo.STAFF, *demo.HOUSEHOLD_PEOPLE]:
        users.setdefault(str(role), email)
    return users


@pytest.fixture(scope="session")
def demo_password() -> str:
    from portal.dev import demo

    return demo.DEMO_PASSWORD


# --- Browser --------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(browser_requirements):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=_chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, base_url):
    # bypass_csp: the app's Content-Security-Policy would block the injected axe-core.
    context = browser.new_context(bypass_csp=True, base_url=base_url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# --- Helpers ------------------------------------------------------------------------


def sign_in(page, email: str, password: str, app=None) -> None:
    """Sign in through the form, as a person would, and wait for the next page;
    staff and connectors then enter the code from their authenticator app."""
    page.goto("/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    if urlsplit(page.url).path == "/sign-in/code" and app is not None:
        page.locator("#code").fill(code_on_a_live_server(app, email))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue", exact=True).click()
    if "/sign-in" in page.url:
        raise AssertionError(f"signing in as {email} failed; still on {page.url}")


def axe_check(page) -> list[dict]:
    """Run axe-core on the page; return its serious and critical violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    impact: n.impact, target: n.target, html: n.html,
                    summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )
    failing = []
    for violation in results:
        nodes = [n for n in violation["nodes"] if (n["impact"] or violation["impact"]) in FAILING_IMPACTS]
        if nodes:
            failing.append({**violation, "nodes": nodes})
    return failing


def format_violations(where: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{where}: [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            html = node["html"] if len(node["html"]) <= 300 else node["html"][:300] + "…"
            lines.append(f"    at {target}\n      {html}")
            if node.get("summary"):
                summary = node["summary"].replace("\n", "\n        ")
                lines.append(f"        {summary}")
    return "\n".join(lines)


@pytest.fixture(name="authenticator_code")
def authenticator_code_fixture(live_server):
    """authenticator_code(email) -> the code that person's app shows now."""

    def _code(email: str) -> str:
        return code_on_a_live_server(live_server.app, email)

    return _code


@pytest.fixture(name="axe_check")
def axe_check_fixture():
    """axe_check(page) -> the page's serious and critical axe-core violations."""
    return axe_check


@pytest.fixture(name="sign_in")
def sign_in_fixture(demo_password, live_server):
    """sign_in(page, email, password=DEMO_PASSWORD) through the sign-in form
    and, for staff and connectors, the authenticator code form."""

    def _sign_in(page, email: str, password: str = demo_password) -> None:
        sign_in(page, email, password, app=live_server.app)

    return _sign_in


# -- for journeys: checks and a second person -------------------------------


@pytest.fixture
def accessible(axe_check):
    """accessible(page, where): fail with axe-core's serious and critical findings."""

    def check(page, where: str) -> None:
        violations = axe_check(page)
        assert not violations, format_violations(where, violations)

    return check


@pytest.fixture(autouse=True)
def no_server_errors(live_server):
    """A journey that passes in the browser must not have logged a 500 on the way."""
    before = len(live_server.server_errors)
    yield
    errors = live_server.server_errors[before:]
    assert not errors, "the app logged errors during this journey:\n" + "\n".join(errors)


@contextmanager
def fresh_pages(browser, base_url):
    """make(): a page in a fresh browser context on the site at ``base_url``;
    every context made is closed at the end."""
    contexts = []

    def make():
        context = browser.new_context(bypass_csp=True, base_url=base_url)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def new_page(browser, base_url):
    """new_page(): a page in a fresh browser context, as another person on another device."""
    with fresh_pages(browser, base_url) as make:
        yield make
