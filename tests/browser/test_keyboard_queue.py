"""Staff work the day's queue with the keyboard alone: filter to what is due,
tick a request, assign it to themselves, open it and move it on."""

from __future__ import annotations

MAX_TABS = 250

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el) return null;
    const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : '';
    return {tag: el.tagName.toLowerCase(), name: el.getAttribute('name'), value: el.value || '',
            text: (el.innerText || '').trim(), label: label};
}"""


def tab_to(page, wanted, what: str) -> dict:
    """Press Tab until the focused element satisfies ``wanted``; fail if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and wanted(focused):
            return focused
    raise AssertionError(f"could not reach {what} with Tab on {page.url}")


def test_an_advisor_works_the_queue_by_keyboard(page, base_url, sign_in, demo_users, axe_check):
    sign_in(page, demo_users["advisor"])
    page.goto(f"{base_url}/staff/queue")

    tab_to(page, lambda f: f["name"] == "due" and f["value"] == "overdue", "the Overdue filter")
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["name"] == "due" and f["value"] == "today", "the Due today filter")
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["text"] == "Search and filter", "Search and filter")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "due=overdue" in page.url
    axe_check(page)
    rows = page.locator("tbody tr")
    assert rows.count() >= 1
    reference = rows.first.locator("td").nth(1).inner_text().strip()

    tab_to(page, lambda f: f["name"] == "item", "the first request's tick box")
    page.keyboard.press("Space")
    tab_to(page, lambda f: "Assign to me" in (f["value"], f["text"]), "Assign to me")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Assigned 1 request" in page.locator(".govuk-notification-banner").inner_text()
    axe_check(page)

    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == reference, "the request's reference")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").count() == 1
    assert "Alex Advisor" in page.locator("#item-details").inner_text()
    axe_check(page)

    # Tab reaches the ticked radio (New); the arrow keys move within the group.
    tab_to(page, lambda f: f["name"] == "status-status", "the status radios")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED)["value"] == "in_progress"
    tab_to(page, lambda f: f["name"] == "status-note", "the note")
    page.keyboard.type("Phoned and left a message")
    tab_to(page, lambda f: "Change status" in (f["value"], f["text"]), "Change status")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Status changed" in page.locator(".govuk-notification-banner").inner_text()
    assert "Phoned and left a message" in page.inner_text("main")
    axe_check(page)
