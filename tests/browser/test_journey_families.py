"""Journeys of an adoptive family after the adoption order: a support-and-advice
call booked by staff and cancelled by the family, catch-up calls, and
booking a group or course.

The family is the demo's Fran Family (family@...), not family.kent, whom
test_sign_out signs out everywhere. Each journey leaves the family able to
do it again: the call asked for here is cancelled, catch-up calls end opted
out, and the course booked here is not one the demo books for them.
Every page visited is checked with axe-core, confirmation pages too.
"""

from __future__ import annotations

import re
from datetime import timedelta

from .journeys import app_session, path_of, submit, success_banner

FAMILY = "family@demo.adoption-portal.example"
FAMILY_HOUSEHOLD = "Fran and Lee Family"
# Kim Okafor's household: its calls are asked for and closed here (test_sign_out
# only signs Kim out; these tests sign in afresh).
FAMILY_KENT = "family.kent@demo.adoption-portal.example"
SOCIAL_WORKER = "social.worker@demo.adoption-portal.example"
SOCIAL_WORKER_NAME = "Sam Socialworker"
COURSE = "Life story workshop"


# --- Helpers --------------------------------------------------------------------


def summary_value(container, key: str) -> str:
    """The value beside ``key`` in a GOV.UK summary list inside ``container``."""
    row = container.locator(".govuk-summary-list__row").filter(
        has=container.page.locator("dt", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
    )
    return row.locator("dd").first.inner_text().strip()


# --- Support-and-advice calls -------------------------------------------------------


def next_weekday(day):
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def open_call_from_the_queue(staff, reference: str, accessible) -> None:
    staff.goto("/staff/queue?kind=support_call")
    accessible(staff, "/staff/queue of support calls")
    with staff.expect_navigation():
        staff.get_by_role("link", name=reference, exact=True).click()
    if re.fullmatch(r"/staff/queue/\d+", path_of(staff)):
        # The queue item's own page (assign, status, notes) links to the call.
        assert staff.locator(".govuk-caption-l").inner_text().strip() == reference
        accessible(staff, "a support call's queue item")
        with staff.expect_navigation():
            staff.get_by_role("link", name=re.compile("^Open the support call")).click()
    assert re.fullmatch(r"/staff/support-calls/\d+", path_of(staff)), staff.url


def book_call(staff, day, time: str) -> None:
    group = staff.get_by_role("group", name="Date of the call")
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
    staff.get_by_label("Time", exact=True).fill(time)
    staff.get_by_label("Social worker").select_option(label=SOCIAL_WORKER_NAME)


def test_a_family_with_a_call_open_asks_for_another_time_staff_book_it_and_the_family_cancels_it(
    page, new_page, sign_in, accessible
):
    """The demo family already asked for a call: asking again shows that call,
    and they ask for another time instead. Staff are warned about a time at
    night, book one in the family's hours, and the family cancels after
    confirming."""
    from portal.services import clock
    from portal.web.templating import london_date

    call_day = next_weekday(clock.today() + timedelta(days=7))

    sign_in(page, FAMILY)
    page.goto("/support-call")
    assert page.locator("h1").inner_text() == "You already have a support call open"
    accessible(page, "/support-call with a call open")
    card = page.locator(".govuk-summary-card")
    reference = summary_value(card, "Reference")
    assert re.fullmatch(r"SUP-\d{4}-\d{5}", reference), reference
    with page.expect_navigation():
        card.get_by_role("link", name=re.compile("^Ask for another time")).click()
    assert page.locator("h1").inner_text() == "Ask for another time"
    accessible(page, "asking for another time")
    submit(page, "Ask for another time", expect_status=400)
    assert page.locator(".govuk-error-summary").is_visible()
    accessible(page, "asking for another time, with an error")
    page.get_by_label("When would suit you better?").fill("Weekdays after 2pm")
    submit(page, "Ask for another time", expect_status=200)
    assert path_of(page) == "/account"
    assert "We have your new times" in success_banner(page).inner_text()
    accessible(page, "/account after asking for another time")

    # A social worker opens it from the queue, sees the new times, and is
    # warned before booking a time at night.
    staff = new_page()
    sign_in(staff, SOCIAL_WORKER)
    open_call_from_the_queue(staff, reference, accessible)
    main = staff.locator("main")
    assert summary_value(main, "Best times") == "Weekdays after 2pm"
    accessible(staff, "a support call waiting for a time")
    book_call(staff, call_day, "22:30")
    submit(staff, "Book call", expect_status=200)
    assert "This call is outside 08:00 to 20:00." in main.locator(".govuk-warning-text").first.inner_text()
    assert summary_value(main, "Status") == "Waiting for a time"
    accessible(staff, "a support call with a warning about its time")
    book_call(staff, call_day, "14:30")
    submit(staff, "Book this time anyway", expect_status=200)
    assert "Call booked and the family emailed" in success_banner(staff).inner_text()
    assert summary_value(main, "Call booked for") == (
        f"{london_date(call_day)} at 2:30pm with {SOCIAL_WORKER_NAME}"
    )
    accessible(staff, "a support call once booked")

    # The family sees the booked call, and cancels it after confirming.
    page.goto("/account")
    card = page.locator(".govuk-summary-card", has_text=reference)
    assert summary_value(card, "Status") == "Call booked"
    assert (
        summary_value(card, "Call")
        == f"{london_date(call_day)} at 2:30pm with {SOCIAL_WORKER_NAME}, to 07700 900982"
    )
    accessible(page, "/account with a call booked")
    with page.expect_navigation():
        card.get_by_role("link", name=re.compile("^Cancel")).click()
    assert page.locator("h1").inner_text() == "Are you sure you want to cancel your support call?"
    accessible(page, "confirming a cancellation")
    submit(page, "Yes, cancel the call", expect_status=200)
    assert path_of(page) == "/account"
    assert "Your call is cancelled" in success_banner(page).inner_text()
    card = page.locator(".govuk-summary-card", has_text=reference)
    assert summary_value(card, "Status") == "Cancelled"
    assert card.get_by_role("link", name=re.compile("^Cancel")).count() == 0
    accessible(page, "/account after cancelling a call")


def test_a_family_asks_for_a_call_staff_record_what_was_agreed_and_the_family_reads_it(
    page, new_page, live_server, sign_in, accessible
):
    """The Kent family asks; staff could not reach them once, then held the call
    and wrote what was agreed, which the family reads on their account."""
    from sqlalchemy import select

    from portal.models import SupportCallRequest
    from portal.services import clock

    sign_in(page, FAMILY_KENT)
    page.goto("/support-call")
    assert page.locator("h1").inner_text() == "Ask for a support-and-advice call"
    accessible(page, "/support-call")
    page.get_by_label("When is best to call you?").fill("Any time")
    page.get_by_label("Phone number").fill("07700 900 123")
    submit(page, "Ask for a call", expect_status=200)
    reference = page.locator(".govuk-panel strong").inner_text().strip()
    accessible(page, "/support-call/requested")

    staff = new_page()
    sign_in(staff, SOCIAL_WORKER)
    open_call_from_the_queue(staff, reference, accessible)
    book_call(staff, next_weekday(clock.today() + timedelta(days=1)), "10:00")
    submit(staff, "Book call", expect_status=200)
    # The time of the call comes.
    with app_session(live_server, write=True) as session:
        call = session.scalar(select(SupportCallRequest).order_by(SupportCallRequest.id.desc()).limit(1))
        call.scheduled_for = clock.now() - timedelta(minutes=30)

    staff.reload()
    staff.get_by_label("We could not reach the family").check()
    submit(staff, "Record outcome", expect_status=200)
    main = staff.locator("main")
    assert summary_value(main, "Status") == "Waiting for a time"
    assert summary_value(main, "Tries that did not reach the family").startswith("1, last on ")
    accessible(staff, "a support call after a try that did not reach the family")
    page.goto("/account")
    assert "could not reach you" in page.locator(".govuk-summary-card", has_text=reference).inner_text()
    accessible(page, "/account after a try that did not reach the family")

    book_call(staff, next_weekday(clock.today() + timedelta(days=1)), "11:00")
    submit(staff, "Book call", expect_status=200)
    with app_session(live_server, write=True) as session:
        call = session.scalar(select(SupportCallRequest).order_by(SupportCallRequest.id.desc()).limit(1))
        call.scheduled_for = clock.now() - timedelta(minutes=30)
    staff.reload()
    staff.get_by_label("Signposted elsewhere").check()
    submit(staff, "Record outcome", expect_status=400)
    assert "Say what you agreed with the family" in staff.locator(".govuk-error-summary").inner_text()
    accessible(staff, "recording an outcome, with an error")
    staff.get_by_label("Signposted elsewhere").check()
    staff.get_by_label("What we agreed").fill("We will email you the Kent stay-and-play group's dates.")
    submit(staff, "Record outcome", expect_status=200)
    assert summary_value(main, "Status") == "Call held"
    accessible(staff, "a support call once held")

    page.goto("/account")
    card = page.locator(".govuk-summary-card", has_text=reference)
    assert summary_value(card, "What we agreed") == "We will email you the Kent stay-and-play group's dates."
    accessible(page, "/account after the call was held")


def test_staff_cancel_a_call_with_a_reason_the_family_reads(page, new_page, sign_in, accessible):
    sign_in(page, FAMILY_KENT)
    page.goto("/support-call")
    if page.locator("h1").inner_text() == "Ask for a support-and-advice call":
        page.get_by_label("When is best to call you?").fill("Weekday mornings")
        page.get_by_label("Phone number").fill("07700 900 123")
        submit(page, "Ask for a call", expect_status=200)
        reference = page.locator(".govuk-panel strong").inner_text().strip()
    else:
        reference = summary_value(page.locator(".govuk-summary-card"), "Reference")

    staff = new_page()
    sign_in(staff, SOCIAL_WORKER)
    open_call_from_the_queue(staff, reference, accessible)
    submit(staff, "Cancel this call", expect_status=400)
    assert "Tell the family why the call is cancelled" in staff.locator(".govuk-error-summary").inner_text()
    accessible(staff, "cancelling a call without a reason")
    staff.get_by_label("Why is the call cancelled?").fill(
        "Your social worker will visit you next week instead."
    )
    submit(staff, "Cancel this call", expect_status=200)
    assert "Call cancelled and the family emailed" in success_banner(staff).inner_text()

    page.goto("/account")
    card = page.locator(".govuk-summary-card", has_text=reference)
    assert (
        summary_value(card, "Why we cancelled it") == "Your social worker will visit you next week instead."
    )
    accessible(page, "/account after staff cancelled a call")


def test_staff_on_a_support_call_follow_the_household_link_to_the_household(
    page, live_server, sign_in, accessible
):
    """The call's page names the household that asked, as a link to its page."""
    from sqlalchemy import select

    from portal.models import SupportCallRequest, TriageItem, User

    with app_session(live_server) as session:
        household_id = session.scalar(select(User.household_id).where(User.email == FAMILY))
        # The call the demo family asked for when the demo was seeded.
        request_id, reference = session.execute(
            select(SupportCallRequest.id, TriageItem.reference)
            .join(TriageItem, SupportCallRequest.triage_item_id == TriageItem.id)
            .where(SupportCallRequest.household_id == household_id)
            .order_by(SupportCallRequest.id)
            .limit(1)
        ).one()

    sign_in(page, SOCIAL_WORKER)
    page.goto(f"/staff/support-calls/{request_id}")
    assert page.locator(".govuk-caption-l").inner_text().strip() == reference
    accessible(page, "a support call's page")

    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(r"^\s*Household\s*$"))
    )
    shown = row.locator("dd").first.inner_text().strip()
    assert shown == FAMILY_HOUSEHOLD, (
        f"the Household row shows {shown!r}, not a link named {FAMILY_HOUSEHOLD!r}"
    )
    link = row.get_by_role("link", name=FAMILY_HOUSEHOLD, exact=True)
    assert link.get_attribute("href") == f"/staff/households/{household_id}"
    with page.expect_navigation():
        link.click()
    assert page.locator("h1").inner_text() == FAMILY_HOUSEHOLD


# --- Catch-up calls -------------------------------------------------------------------


def test_a_family_chooses_catch_up_calls_every_2_years_then_opts_out(page, live_server, sign_in, accessible):
    from sqlalchemy import select

    from portal.models import User
    from portal.services import catchup, clock
    from portal.web.templating import london_date

    sign_in(page, FAMILY)
    page.goto("/catch-up-calls")
    assert page.locator("h1").inner_text() == "Catch-up calls"
    accessible(page, "/catch-up-calls")

    choice = page.get_by_role("group", name="How often would you like a catch-up call?")
    choice.get_by_label("Every 2 years", exact=True).check()
    submit(page, "Save", expect_status=200)
    assert path_of(page) == "/catch-up-calls"
    assert "We have saved your choice" in success_banner(page).inner_text()
    assert (
        page.get_by_role("group", name="How often would you like a catch-up call?")
        .get_by_label("Every 2 years", exact=True)
        .is_checked()
    )
    with app_session(live_server) as session:
        household_id = session.scalar(select(User.household_id).where(User.email == FAMILY))
        setting = catchup.setting_for(household_id)
    assert setting.frequency_years == 2
    assert setting.next_due_on is not None and setting.next_due_on >= clock.today()
    due = london_date(setting.next_due_on)
    inset = page.locator(".govuk-inset-text")
    assert inset.inner_text().strip() == (
        f"Your next catch-up call is due around {due}. We will email you 2 weeks before."
    )
    accessible(page, "/catch-up-calls every 2 years")

    page.goto("/account")
    assert f"Every 2 years. Your next call is due around {london_date(setting.next_due_on)}." in (
        page.locator("main").inner_text()
    )

    page.goto("/catch-up-calls")
    page.get_by_role("group", name="How often would you like a catch-up call?").get_by_label(
        "No catch-up calls", exact=True
    ).check()
    submit(page, "Save", expect_status=200)
    assert "You will not get catch-up calls" in success_banner(page).inner_text()
    assert page.locator(".govuk-inset-text").count() == 0
    accessible(page, "/catch-up-calls after opting out")

    page.goto("/account")
    assert "You have not chosen catch-up calls." in page.locator("main").inner_text()


# --- Groups and courses -----------------------------------------------------------------


def test_a_signed_in_family_sees_groups_and_courses_and_books_a_course(page, sign_in, accessible):
    sign_in(page, FAMILY)
    page.goto("/events")
    assert page.locator("h1").inner_text() == "Events, groups and courses"
    titles = [t.strip() for t in page.locator("main h2").all_inner_texts()]
    # Families see their groups and courses as well as the open information events...
    for title in ["Monthly support group", "Incredible Years parenting course", COURSE]:
        assert title in titles, titles
    # ...and not the preparation courses of people being assessed.
    assert "Stage 1 preparation course" not in titles
    accessible(page, "/events signed in as a family")

    with page.expect_navigation():
        page.get_by_role("link", name=COURSE, exact=True).click()
    assert page.locator("h1").inner_text() == COURSE
    assert "One booking is for all 2 sessions." in page.locator("main").inner_text()
    accessible(page, "a course's page")

    submit(page, "Book a place", expect_status=200)
    assert re.fullmatch(r"/events/\d+/booked", path_of(page)), page.url
    panel = page.locator(".govuk-panel")
    assert panel.locator("h1").inner_text().strip() == "Your place is booked"
    assert COURSE in panel.inner_text()
    accessible(page, "/events/{n}/booked signed in")

    page.goto("/account")
    bookings = page.get_by_role("table", name="Events you have booked")
    row = bookings.locator("tbody tr", has=page.get_by_role("link", name=COURSE, exact=True))
    assert row.count() == 1
    assert "Booked" in row.inner_text()
    accessible(page, "/account with the course booked")
