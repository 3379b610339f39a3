"""Staff on a phone see the day's requests first; on a desk screen the filters
stand beside them."""

from __future__ import annotations


def test_on_a_phone_the_queue_filters_fold_away_above_the_first_request(page, base_url, sign_in, demo_users):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, demo_users["advisor"])
    page.goto(f"{base_url}/staff/queue")
    filters = page.locator("#queue-filters")
    assert filters.evaluate("details => details.open") is False
    assert not page.get_by_role("checkbox", name="Overdue").first.is_visible()
    first_request = page.locator("tbody tr a").first
    folded_at = first_request.bounding_box()["y"]

    page.get_by_text("Filter options").click()
    assert page.get_by_role("checkbox", name="Overdue").first.is_visible()
    # Open, the filters stand between the page's top and the first request.
    assert first_request.bounding_box()["y"] - folded_at > 640, "folding the filters saves less than a screen"


def test_on_a_desk_screen_the_queue_filters_are_open(page, base_url, sign_in, demo_users):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, demo_users["advisor"])
    page.goto(f"{base_url}/staff/queue")
    assert page.locator("#queue-filters").evaluate("details => details.open") is True
    assert page.get_by_role("checkbox", name="Overdue").first.is_visible()
