"""The second factor in a real browser: an admin resets someone's
authenticator app, they set up a new one (QR code and key), keep their backup
codes, and sign in with a code; each page passes axe-core."""

from __future__ import annotations

from urllib.parse import urlsplit

import pyotp

from tests.browser.test_accessibility import check_page


def test_resetting_and_setting_up_an_authenticator_app(
    page, sign_in, demo_users, demo_password, authenticator_code
):
    worker = demo_users["social_worker"]
    sign_in(page, demo_users["admin"])
    page.goto("/staff/users?role=social_worker")
    assert urlsplit(page.url).path == "/staff/users", page.url
    with page.expect_navigation():
        page.get_by_role("link", name="Sam Socialworker").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Reset authenticator app").click()
    assert "Authenticator app reset" in page.locator(".govuk-notification-banner").inner_text()
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name="Sign out").click()

    page.goto("/sign-in")
    page.locator("#email").fill(worker)
    page.locator("#password").fill(demo_password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert urlsplit(page.url).path == "/sign-in/set-up-authenticator"
    problems = check_page(page, "set-up page", navigation.value.status, 200)
    qr = page.locator("img[src^='data:image/svg+xml']")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code did not render"
    secret = page.locator("main code").inner_text().replace(" ", "")

    page.locator("#code").fill(pyotp.TOTP(secret).now())
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Continue", exact=True).click()
    problems += check_page(page, "backup codes page", navigation.value.status, 200)
    assert page.locator("main li code").count() == 10
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert urlsplit(page.url).path == "/staff/queue"
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name="Sign out").click()

    # The next sign-in asks for a code; a wrong one shows the error summary.
    page.goto("/sign-in")
    page.locator("#email").fill(worker)
    page.locator("#password").fill(demo_password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in", exact=True).click()
    problems += check_page(page, "code page", navigation.value.status, 200)
    right = authenticator_code(worker)
    page.locator("#code").fill("000000" if right != "000000" else "111111")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Continue", exact=True).click()
    problems += check_page(page, "code page with a wrong code", navigation.value.status, 400)
    page.locator("#code").fill(right)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue", exact=True).click()
    assert urlsplit(page.url).path == "/staff/queue"
    assert not problems, "\n".join(problems)
