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


def test_a_family_asks_for_a_support_call_staff_book_it_and_the_family_cancels_it(
    page, new_page, sign_in, accessible
):
    from portal.services import clock
    from portal.web.templating import london_date

    call_day = clock.today() + timedelta(days=7)

    # The family asks for a call.
    sign_in(page, FAMILY)
    page.goto("/support-call")
    assert page.locator("h1").inner_text() == "Ask for a support-and-advice call"
    accessible(page, "/support-call")
    page.get_by_label("When is best to call you?").fill("Tuesday or Thursday after 3pm")
    page.get_by_label("Phone number").fill("07700 900 123")
    page.get_by_label("What would you like to talk about? (optional)").fill(
        "Contact with birth family over the summer holidays."
    )
    submit(page, "Ask for a call", expect_status=200)
    assert path_of(page) == "/support-call/requested"
    panel = page.locator(".govuk-panel")
    assert panel.locator("h1").inner_text().strip() == "We have your request"
    reference = panel.locator("strong").inner_text().strip()
    assert re.fullmatch(r"SUP-\d{4}-\d{5}", reference), reference
    accessible(page, "/support-call/requested")

    # A social worker opens it from the queue and books the call.
    staff = new_page()
    sign_in(staff, SOCIAL_WORKER)
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
    main = staff.locator("main")
    assert staff.locator(".govuk-caption-l").inner_text().strip() == reference
    assert summary_value(main, "Status") == "Waiting for a time"
    assert FAMILY_HOUSEHOLD in summary_value(main, "Household")
    assert summary_value(main, "Best times") == "Tuesday or Thursday after 3pm"
    assert summary_value(main, "Phone") == "07700 900 123"
    accessible(staff, "a support call waiting for a time")

    day = staff.get_by_role("group", name="Date of the call")
    day.get_by_label("Day").fill(str(call_day.day))
    day.get_by_label("Month").fill(str(call_day.month))
    day.get_by_label("Year").fill(str(call_day.year))
    staff.get_by_label("Time", exact=True).fill("14:30")
    staff.get_by_label("Social worker").select_option(label=SOCIAL_WORKER_NAME)
    submit(staff, "Book call", expect_status=200)
    assert "Call booked and the family emailed" in success_banner(staff).inner_text()
    assert summary_value(main, "Status") == "Call booked"
    assert summary_value(main, "Call booked for") == (
        f"{london_date(call_day)} at 2:30pm with {SOCIAL_WORKER_NAME}"
    )
    accessible(staff, "a support call once booked")

    # The family sees the booked call on their account, and cancels it there.
    page.goto("/account")
    card = page.locator(".govuk-summary-card", has=page.get_by_text(reference, exact=True))
    assert card.count() == 1
    assert summary_value(card, "Status") == "Call booked"
    assert (
        summary_value(card, "Call")
        == f"{london_date(call_day)} at 2:30pm with {SOCIAL_WORKER_NAME}, to 07700 900 123"
    )
    accessible(page, "/account with a call booked")

    submit(page, f"Cancel call {reference}", expect_status=200)
    assert path_of(page) == "/account"
    assert "Your call is cancelled" in success_banner(page).inner_text()
    card = page.locator(".govuk-summary-card", has=page.get_by_text(reference, exact=True))
    assert summary_value(card, "Status") == "Cancelled"
    assert page.get_by_role("button", name=f"Cancel call {reference}").count() == 0
    accessible(page, "/account after cancelling a call")


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
