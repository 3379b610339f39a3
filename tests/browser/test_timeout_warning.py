"""The GOV.UK timeout warning: a modal dialog two minutes before an idle
session ends. The browser's clock is moved on; the server's is not, so
"Stay signed in" reaches a live session."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .conftest import DEFAULT_TIMEOUT_MS

# Not used by the other browser tests: signing out here ends every session of theirs.
APPLICANT = "applicant.medway@demo.adoption-portal.example"


def focus_is_in(page, selector: str) -> bool:
    return page.evaluate("(s) => document.querySelector(s).contains(document.activeElement)", selector)


def test_two_minutes_before_the_end_a_dialog_offers_to_stay_signed_in(page, sign_in, accessible):
    page.clock.install()
    sign_in(page, APPLICANT)
    dialog = page.locator("#timeout-warning")
    page.clock.fast_forward("57:50")
    assert not dialog.is_visible()

    page.clock.fast_forward("00:20")
    assert dialog.is_visible()
    assert dialog.get_by_role("heading").inner_text() == "You’re about to be signed out"
    assert "we will sign you out in 2 minutes" in dialog.inner_text()
    assert focus_is_in(page, "#timeout-warning")
    accessible(page, "the timeout warning")

    page.clock.fast_forward("01:10")
    # Under a minute left (the real seconds this test took count too).
    seconds = re.search(r"we will sign you out in (\d+) seconds", dialog.inner_text())
    assert seconds and int(seconds.group(1)) <= 50
    with page.expect_response("**/session/keep-alive") as keep_alive:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert keep_alive.value.status == 204
    dialog.wait_for(state="hidden")
    assert urlsplit(page.url).path == "/account"


def test_the_warning_works_under_the_sites_own_content_security_policy(browser, base_url, sign_in):
    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.clock.install()
        sign_in(page, APPLICANT)
        page.clock.fast_forward("58:01")
        dialog = page.locator("#timeout-warning")
        assert dialog.is_visible()
        with page.expect_navigation():
            dialog.get_by_role("button", name="Sign out").click()
        assert urlsplit(page.url).path == "/signed-out"
    finally:
        context.close()


def test_without_javascript_there_is_no_warning_and_pages_still_work(browser, base_url, sign_in):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        sign_in(page, APPLICANT)
        assert urlsplit(page.url).path == "/account"
        assert not page.locator("#timeout-warning").is_visible()
        assert page.get_by_role("button", name="Stay signed in").count() == 0
    finally:
        context.close()
