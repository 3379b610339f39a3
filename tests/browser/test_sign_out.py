"""Signing out with the button in the header navigation."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

# Another family than the one test_accessibility crawls as: signing out ends
# every session of that user, on every device.
FAMILY = "family.kent@demo.adoption-portal.example"


def test_sign_out_from_the_header_ends_the_session(page, sign_in):
    sign_in(page, FAMILY)
    assert urlsplit(page.url).path == "/account"

    navigation = page.locator("header")
    sign_out = navigation.get_by_role("button", name="Sign out", exact=True)
    assert sign_out.count() == 1
    with page.expect_navigation():
        sign_out.click()

    assert urlsplit(page.url).path == "/signed-out"
    assert page.locator("h1").inner_text().strip() == "You have signed out"
    assert page.title().startswith("You have signed out")
    # The header now offers to sign in, not out.
    assert navigation.get_by_role("button", name="Sign out").count() == 0
    assert navigation.get_by_role("link", name="Sign in", exact=True).count() == 1

    response = page.goto("/account")
    assert response is not None and response.ok
    assert urlsplit(page.url).path == "/sign-in"
    assert parse_qs(urlsplit(page.url).query).get("next") == ["/account"]
    assert page.locator("h1").inner_text().strip() == "Sign in"
