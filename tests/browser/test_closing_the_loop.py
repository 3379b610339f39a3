"""Closing the loop (issue 12): an enquirer asks for a call and an advisor
finds them by name; a family writes and the social worker answers from the
queue; a message's due date skips a bank holiday; a connector's urgent
concern tops every queue view. Every page is checked with axe-core.

The family is the demo's Fran Family (family@...), whose named social worker
is the demo's Sam Socialworker.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from .journeys import path_of, submit, success_banner

FAMILY = "family@demo.adoption-portal.example"
SOCIAL_WORKER = "social.worker@demo.adoption-portal.example"
ADVISOR = "advisor@demo.adoption-portal.example"
CONNECTOR = "connector@demo.adoption-portal.example"
MANAGER = "manager@demo.adoption-portal.example"


def test_an_enquirer_asks_for_a_call_and_an_advisor_finds_them_by_name_and_sees_the_number(
    page, new_page, sign_in, accessible
):
    page.goto("/information-pack")
    page.get_by_label("Full name").fill("Perpetua Callback")
    page.get_by_label("Email address").fill("perpetua.callback@example.com")
    page.get_by_label("Postcode").fill("ME4 4TR")
    page.locator("input[name=council]").first.check()
    # The number and time are asked for only once "Yes" is chosen.
    assert not page.get_by_label("Phone number").is_visible()
    page.get_by_label("Yes", exact=True).check()
    assert page.get_by_label("Phone number").is_visible()
    accessible(page, "/information-pack with the call details revealed")
    submit(page, "Send me the pack", expect_status=400)
    errors = page.locator(".govuk-error-summary").inner_text()
    assert "Enter a phone number so the advisor can call you" in errors
    accessible(page, "/information-pack with the call details missing")
    page.get_by_label("Phone number").fill("07700 900 777")
    page.get_by_label("When is a good time to call?").fill("Weekday lunchtimes")
    submit(page, "Send me the pack", expect_status=200)
    assert path_of(page) == "/information-pack/sent"

    advisor = new_page()
    sign_in(advisor, ADVISOR)
    advisor.goto("/staff/queue")
    advisor.get_by_label("Search").fill("callback")
    submit(advisor, "Search and filter", expect_status=200)
    rows = advisor.locator("tbody tr")
    assert rows.count() == 1
    assert "Perpetua Callback" in rows.first.inner_text()
    accessible(advisor, "/staff/queue found by a name")
    with advisor.expect_navigation():
        rows.first.locator("td").nth(1).get_by_role("link").click()
    who = advisor.locator("#who-asked")
    assert "07700 900 777" in who.inner_text()
    assert "Weekday lunchtimes" in who.inner_text()
    accessible(advisor, "an information pack follow-up's item")


def test_a_family_sends_a_message_the_social_worker_replies_from_the_queue_and_the_item_is_done(
    page, new_page, sign_in, accessible
):
    sign_in(page, FAMILY)
    page.goto("/account")
    accessible(page, "/account with the contact details")
    with page.expect_navigation():
        page.get_by_role("link", name="Send us a message").click()
    assert path_of(page) == "/account/messages"
    accessible(page, "/account/messages")
    page.get_by_label("Your message").fill("Could someone ring us about the summer contact plan?")
    submit(page, "Send message", expect_status=200)
    assert "Message sent" in success_banner(page).inner_text()
    accessible(page, "/account/messages after sending")

    worker = new_page()
    sign_in(worker, SOCIAL_WORKER)
    worker.goto("/staff/queue?kind=message")
    accessible(worker, "/staff/queue of messages")
    row = worker.locator("tbody tr").first
    reference = row.locator("td").nth(1).inner_text().strip()
    assert re.fullmatch(r"MSG-\d{4}-\d{5}", reference)
    with worker.expect_navigation():
        row.get_by_role("link", name=reference).click()
    assert "summer contact plan" in worker.locator("main").inner_text()
    accessible(worker, "a message's queue item")
    worker.get_by_label("Your reply").fill("Yes: I will ring you on Thursday morning.")
    submit(worker, "Send reply", expect_status=200)
    assert "Message sent" in success_banner(worker).inner_text()
    status = worker.locator(
        "#item-details .govuk-summary-list__row", has=worker.locator("dt", has_text="Status")
    )
    assert status.locator("dd").inner_text().strip() == "Done"
    accessible(worker, "a message's queue item once answered")

    page.goto("/account")
    assert "You have 1 new message" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="You have 1 new message").click()
    assert "I will ring you on Thursday morning" in page.locator("main").inner_text()
    accessible(page, "/account/messages with the answer")


def test_a_message_items_due_date_counts_working_days_over_a_bank_holiday(
    page, new_page, sign_in, accessible
):
    import time_machine

    # Thursday 24 December 2026, 10:00: Christmas Day (Friday) and Boxing Day's
    # substitute (Monday 28th) are not working days, so 2 working days is Wednesday 30th.
    with time_machine.travel(datetime(2026, 12, 24, 10, 0, tzinfo=UTC), tick=True):
        sign_in(page, FAMILY)
        page.goto("/account/messages")
        page.get_by_label("Your message").fill("A question before Christmas about the holidays")
        submit(page, "Send message", expect_status=200)
        assert "We will answer within 2 working days" in success_banner(page).inner_text()

        worker = new_page()
        sign_in(worker, SOCIAL_WORKER)
        worker.goto("/staff/queue?kind=message")
        row = worker.locator("tbody tr").first
        assert "30 December 2026" in row.inner_text()
        with worker.expect_navigation():
            row.locator("td").nth(1).get_by_role("link").click()
        due = worker.locator(
            "#item-details .govuk-summary-list__row", has=worker.locator("dt", has_text="Due")
        )
        assert due.locator("dd").inner_text().strip() == "30 December 2026 (2 working days from 24 Dec 2026)"
        accessible(worker, "a message item due after Christmas")
        # Answered, so the other journeys start from a clean queue.
        worker.get_by_label("Your reply").fill("We will answer after the holiday.")
        submit(worker, "Send reply", expect_status=200)


def test_a_connectors_urgent_concern_tops_every_queue_view_and_shows_what_they_wrote(
    page, new_page, sign_in, accessible
):
    sign_in(page, CONNECTOR)
    page.goto("/connector")
    with page.expect_navigation():
        page.locator("main a[href^='/connector/links/']").first.click()
    page.get_by_label("What do you need to tell staff?").fill("The child said something worrying at contact")
    page.get_by_label("This is a safeguarding concern").check()
    submit(page, "Tell staff now", expect_status=200)
    reference = re.search(r"CON-\d{4}-\d{5}", success_banner(page).inner_text()).group(0)
    assert f"{reference}, " in page.locator("#concerns").inner_text()
    assert "New" in page.locator("#concerns").inner_text()
    accessible(page, "a connector's link page with their concern")

    manager = new_page()
    sign_in(manager, MANAGER)
    for view in (
        "/staff/queue",
        "/staff/queue?due=overdue&due=today&due=this_week&due=later",
        "/staff/queue?status=new",
        f"/staff/queue?kind=connector_concern&q={reference}",
    ):
        manager.goto(view)
        first = manager.locator("tbody tr").first
        assert first.locator("td").nth(1).inner_text().strip() == reference, view
        assert "Urgent" in first.inner_text()
    accessible(manager, "/staff/queue with an urgent concern on top")
    with manager.expect_navigation():
        manager.get_by_role("link", name=reference, exact=True).click()
    assert "The child said something worrying at contact" in manager.locator("main").inner_text()
    accessible(manager, "an urgent concern's item")
    # Dealt with: done, it no longer heads the queue (the other journeys share this site).
    manager.get_by_role("group", name="Status").get_by_label("Done", exact=True).check()
    submit(manager, "Change status", expect_status=200)
    manager.goto("/staff/queue")
    assert reference not in manager.locator("tbody tr").first.inner_text()
