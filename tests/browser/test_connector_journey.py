"""A link's whole life in the browser: staff propose it (choosing the top
suggestion), the demo connector accepts, logs a contact, tells staff about a
safeguarding concern and closes the link; staff see the urgent item in the queue.
Every page visited is checked with axe-core.

It uses the demo household "Ray Hughes" (Medway), which no other browser test
changes, and never signs anyone out."""

from __future__ import annotations

from datetime import date

from .conftest import DEFAULT_TIMEOUT_MS, format_violations

STAFF = "social.worker@demo.adoption-portal.example"
CONNECTOR = "connector@demo.adoption-portal.example"
CONCERN = "Ray said something at the group that worried me about the children's safety."


def checked(page, axe_check, where: str) -> None:
    assert page.locator("h1").count() == 1, where
    violations = axe_check(page)
    assert not violations, format_violations(where, violations)


def click(page, role: str, name: str, *, exact: bool = True) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=exact).click()


def new_page(browser, base_url):
    context = browser.new_context(bypass_csp=True, base_url=base_url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    return context.new_page()


def test_staff_and_a_connector_run_a_link_from_proposal_to_close(browser, base_url, sign_in, axe_check):
    staff = new_page(browser, base_url)
    connector = new_page(browser, base_url)
    try:
        # Staff find the household and ask for suggestions for a family with siblings.
        sign_in(staff, STAFF)
        staff.goto("/staff/households?q=Ray+Hughes")
        click(staff, "link", "Ray Hughes")
        click(staff, "link", "Peer connector links: suggest, propose and see history")
        checked(staff, axe_check, "propose")
        staff.get_by_label("Siblings", exact=True).check()
        click(staff, "button", "Update suggestions")
        checked(staff, axe_check, "propose with tags")
        first = staff.locator("#suggestions tbody tr").first
        assert first.locator("td").first.inner_text() == "Chris Connector"
        staff.locator("input[name=connector]").first.check()
        staff.locator("input[name=shared_detail]").first.check()
        staff.get_by_label("How the household would like the connector to contact them").fill(
            "Ray: text first, then call after 6pm"
        )
        click(staff, "button", "Propose link")
        checked(staff, axe_check, "staff link page")
        assert "Waiting for an answer" in staff.locator("main").inner_text()
        link_path = staff.url.removeprefix(base_url)

        # The connector answers from their home page.
        sign_in(connector, CONNECTOR)
        checked(connector, axe_check, "connector home")
        # The card's link reads "Answer the link with Ray" (and the card's title) to a screen reader.
        click(connector, "link", "Answer the link with Ray", exact=False)
        checked(connector, axe_check, "proposal")
        click(connector, "button", "Accept")
        checked(connector, axe_check, "active link")
        assert "Ray: text first, then call after 6pm" in connector.locator("main").inner_text()
        # The detail the household agreed to share, not only their preference.
        assert "Ray Hughes, email: " in connector.locator("main").inner_text()

        today = date.today()
        connector.get_by_label("Day").fill(str(today.day))
        connector.get_by_label("Month").fill(str(today.month))
        connector.get_by_label("Year").fill(str(today.year))
        connector.get_by_label("Phone", exact=True).check()
        connector.get_by_label("Short note (optional)").fill("First call: introductions went well.")
        click(connector, "button", "Log contact")
        checked(connector, axe_check, "contact logged")
        assert "First call: introductions went well." in connector.locator("table").inner_text()

        connector.get_by_label("What do you need to tell staff?").fill(CONCERN)
        connector.get_by_label("This is a safeguarding concern").check()
        click(connector, "button", "Tell staff now")
        checked(connector, axe_check, "concern raised")
        assert "Staff have been told today" in connector.locator("main").inner_text()

        click(connector, "link", "Close the link with Ray")
        checked(connector, axe_check, "close link")
        connector.get_by_label("The household is settled").check()
        click(connector, "button", "Close link")
        checked(connector, axe_check, "home after closing")
        assert "Link closed" in connector.locator("main").inner_text()

        # Staff see the concern in the queue, marked urgent and due today, and read it.
        staff.goto("/staff/queue")
        checked(staff, axe_check, "queue")
        urgent = staff.locator("tbody tr", has_text="Urgent")
        assert urgent.count() == 1
        assert "Peer connector: something to tell staff" in urgent.inner_text()
        assert "Due today" in urgent.inner_text()
        click(staff, "link", urgent.locator("a").first.inner_text())
        checked(staff, axe_check, "the queue item")
        click(staff, "link", "Open the peer connector link")
        checked(staff, axe_check, "link page from the queue")
        assert staff.url.removeprefix(base_url) == link_path
        main = staff.locator("main").inner_text()
        assert CONCERN in main and "Closed" in main and "First call" not in main
    finally:
        staff.context.close()
        connector.context.close()
