"""Journeys of people thinking about adopting, and of the staff who answer
them: the information pack, information events, the household's stage and
updates, and the events staff run.

Every page visited is checked with axe-core, error and confirmation pages too.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest

from .journeys import app_session, path_of, submit, success_banner

APPLICANT = "applicant@demo.adoption-portal.example"
SOCIAL_WORKER = "social.worker@demo.adoption-portal.example"
ADVISOR = "advisor@demo.adoption-portal.example"
APPLICANT_HOUSEHOLD = "Priya and Tom Applicant"
INFORMATION_EVENING = "Thinking about adopting? Online information evening"


# --- Helpers --------------------------------------------------------------------


def emails_to(live_server, address: str, template: str | None = None) -> list[dict]:
    """The outbox rows for an address, oldest first."""
    from sqlalchemy import select

    from portal.models import OutboxMessage

    with app_session(live_server) as session:
        query = select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)
        if template:
            query = query.where(OutboxMessage.template == template)
        return [
            {"subject": m.subject, "body": m.body, "ics": m.ics, "template": m.template}
            for m in session.scalars(query)
        ]


def next_night_in_london() -> datetime:
    """The next 22:30 in London from now, so time only ever moves forward."""
    from portal.services import clock

    london_now = clock.london_now()
    night = datetime.combine(london_now.date(), time(22, 30), tzinfo=clock.LONDON)
    if night <= london_now:
        night = datetime.combine(london_now.date() + timedelta(days=1), time(22, 30), tzinfo=clock.LONDON)
    return night


# --- The information pack ---------------------------------------------------------


def test_a_visitor_at_night_asks_for_the_information_pack_and_gets_a_reference(page, live_server, accessible):
    import time_machine
    from sqlalchemy import select

    from portal.models import InformationPackRequest, TriageItem
    from portal.services import working_days

    night = next_night_in_london()
    email = "night.owl@example.com"
    # The live server runs in this process: moving its clock makes it late evening there.
    with time_machine.travel(night, tick=True):
        page.goto("/information-pack")
        assert page.locator("h1").inner_text() == "Ask for an information pack"
        accessible(page, "/information-pack")

        page.get_by_label("Full name").fill("Nina Owl")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Postcode").fill("me4 4tr")
        page.get_by_role("group", name="Which council area do you live in?").get_by_label(
            "Medway", exact=True
        ).check()
        page.get_by_role("group", name="Can an advisor phone you to talk about adopting?").get_by_label(
            "Yes", exact=True
        ).check()
        page.get_by_label("Phone number").fill("07700 900 456")
        page.get_by_label("When is a good time to call?").fill("Evenings after 7pm")
        submit(page, "Send me the pack", expect_status=200)

        assert path_of(page) == "/information-pack/sent"
        panel = page.locator(".govuk-panel")
        assert panel.locator("h1").inner_text().strip() == "Information pack sent"
        accessible(page, "/information-pack/sent")
    [pack] = emails_to(live_server, email)
    found = re.search(r"Your reference: (PACK-\d{4}-\d{5})", pack["body"])
    assert found, pack["body"]
    reference = found.group(1)

    # Asked after 17:00, so the 2 working days for the advisor's call count
    # from the next working day, not from tonight.
    with app_session(live_server) as session:
        request = session.scalar(
            select(InformationPackRequest).where(InformationPackRequest.reference == reference)
        )
        assert request is not None and request.email == email and request.postcode == "ME4 4TR"
        item = session.get(TriageItem, request.triage_item_id)
        counts_from = working_days.next_working_day(night.date())
        assert item.due_on == working_days.add_working_days(counts_from, 2)
        assert item.due_reason == f"2 working days from {counts_from.strftime('%-d %b %Y')}"
    assert pack["subject"] == "Your adoption information pack"


def test_a_visitor_who_sends_the_pack_form_empty_sees_every_error_linked_to_its_field(page, accessible):
    page.goto("/information-pack")
    submit(page, "Send me the pack", expect_status=400)

    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("heading").inner_text().strip() == "There is a problem"
    links = summary.locator("a")
    messages = {
        links.nth(i).inner_text().strip(): links.nth(i).get_attribute("href") for i in range(links.count())
    }
    assert set(messages) == {
        "Enter the full name",
        "Enter an email address",
        "Enter your postcode",
        "Choose the council area you live in",
        "Tell us whether an advisor can phone you",
    }
    for message, href in messages.items():
        assert href and href.startswith("#"), f"{message!r} links to {href!r}"
        target = page.locator(f"[id='{href[1:]}']")
        assert target.count() == 1, f"{message!r} links to {href}, which is not on the page"
        assert target.evaluate("el => ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)"), (
            f"{message!r} links to {href}, which is not a field"
        )

    # Following a link in the summary takes the person to the field.
    links.filter(has_text="Enter your postcode").click()
    assert page.evaluate("() => document.activeElement.id") == "postcode"
    # Each field says what is wrong beside it, too.
    assert "Enter your postcode" in page.locator("#postcode-error").inner_text()
    accessible(page, "/information-pack sent empty")


# --- Information events -------------------------------------------------------------


def test_a_visitor_books_an_information_event_without_an_account_and_is_emailed_a_calendar_file(
    page, live_server, accessible
):
    email = "first.timer@example.com"
    page.goto("/events")
    assert page.locator("h1").inner_text() == "Events, groups and courses"
    accessible(page, "/events")

    with page.expect_navigation():
        page.get_by_role("link", name=INFORMATION_EVENING, exact=True).click()
    assert page.locator("h1").inner_text() == INFORMATION_EVENING
    accessible(page, "an information event's page")

    page.get_by_label("Full name").fill("Frankie First")
    page.get_by_label("Email address").fill(email)
    submit(page, "Book a place", expect_status=200)

    assert re.fullmatch(r"/events/\d+/booked", path_of(page)), page.url
    panel = page.locator(".govuk-panel")
    assert panel.locator("h1").inner_text().strip() == "Your place is booked"
    reference = panel.locator("strong").inner_text().strip()
    assert re.fullmatch(r"BKG-\d{6}", reference), reference
    main = page.locator("main").inner_text()
    assert INFORMATION_EVENING in main and re.search(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d", main)
    accessible(page, "/events/{n}/booked")

    confirmations = emails_to(live_server, email, "booking_confirmed")
    assert len(confirmations) == 1, emails_to(live_server, email)
    message = confirmations[0]
    assert message["subject"] == "Your place is booked"
    assert message["ics"] and "BEGIN:VCALENDAR" in message["ics"]
    assert message["ics"].count("BEGIN:VEVENT") == 1
    assert INFORMATION_EVENING in message["ics"].replace("\r\n ", "")

    # The confirmation's manage link, and "are you sure?" before cancelling.
    with page.expect_navigation():
        page.get_by_role("link", name="Manage or cancel your booking").click()
    assert page.locator("h1").inner_text() == "Your booking"
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel my booking").click()
    assert page.locator("h1").inner_text() == "Are you sure you want to cancel your booking?"
    accessible(page, "/bookings/{token}/cancel")
    with page.expect_navigation():
        page.get_by_role("link", name="No, keep it").click()
    assert "Booked" in page.locator("main").inner_text()

    # Once the event is over, the emailed link to manage the booking closes, kindly.
    import time_machine

    from portal.services import clock

    manage = re.search(r"https?://\S+(/bookings/\S+)", message["body"]).group(1)
    with time_machine.travel(clock.now() + timedelta(days=400), tick=True):
        assert page.goto(manage).status == 410
        assert page.locator("h1").inner_text().strip() == "This booking link has closed"
        accessible(page, "/bookings/{token} after the event")


# --- A household's stage and updates ---------------------------------------------------


def test_staff_record_a_stage_and_post_an_update_that_the_applicant_sees_on_their_account(
    page, new_page, sign_in, accessible
):
    from portal.services import clock

    update = (
        "Your assessment has moved to Stage 2. Your social worker will phone you this week to plan visits."
    )
    today = clock.today()

    sign_in(page, SOCIAL_WORKER)
    page.goto("/staff/households")
    accessible(page, "/staff/households")
    with page.expect_navigation():
        page.get_by_role("link", name=APPLICANT_HOUSEHOLD, exact=True).click()
    assert page.locator("h1").inner_text() == APPLICANT_HOUSEHOLD
    accessible(page, "a household's page")

    stage_form = page.locator("form", has=page.get_by_role("button", name="Record stage"))
    stage_form.get_by_role("group", name="Stage", exact=True).get_by_label("Stage 2", exact=True).check()
    started = stage_form.get_by_role("group", name="Date the stage started")
    started.get_by_label("Day").fill(str(today.day))
    started.get_by_label("Month").fill(str(today.month))
    started.get_by_label("Year").fill(str(today.year))
    submit(page, "Record stage", expect_status=200)
    assert "Stage recorded" in success_banner(page).inner_text()
    stage_row = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text="Stage"))
    assert stage_row.locator("dd").first.inner_text().strip().startswith("Stage 2 since ")
    accessible(page, "a household's page after recording a stage")

    page.get_by_label("Update for the household").fill(update)
    submit(page, "Post update", expect_status=200)
    assert "Update posted and emailed to the household" in success_banner(page).inner_text()
    assert page.get_by_text(update).count() == 1
    accessible(page, "a household's page after posting an update")

    applicant = new_page()
    sign_in(applicant, APPLICANT)
    applicant.goto("/account")
    stage = applicant.locator(
        ".govuk-summary-list__row", has=applicant.locator("dt", has_text=re.compile(r"^\s*Stage\s*$"))
    )
    assert stage.locator("dd").inner_text().strip() == "Stage 2"
    latest = applicant.locator(".govuk-inset-text").first
    assert update in latest.inner_text()
    assert "Sam Socialworker" in latest.inner_text()
    accessible(applicant, "/account as the applicant")


# --- Events staff run -------------------------------------------------------------------


def test_staff_create_an_event_with_two_sessions_and_see_it_in_their_list(page, sign_in, accessible):
    from portal.services import clock

    title = "Adoption information evening in Chatham"
    first_day = clock.today() + timedelta(days=40)
    second_day = first_day + timedelta(days=7)

    sign_in(page, ADVISOR)
    page.goto("/staff/events")
    accessible(page, "/staff/events")
    with page.expect_navigation():
        # A link styled as a button (GOV.UK's start-style button), so its role is button.
        page.get_by_role("button", name="Create an event").click()
    assert path_of(page) == "/staff/events/new"
    assert page.locator("h1").inner_text() == "Create an event"
    accessible(page, "/staff/events/new")

    page.get_by_role("group", name="What kind of event is it?").get_by_label(
        "Information event", exact=True
    ).check()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill("Two evenings with our team and adopters: come to either or both.")
    page.get_by_role("group", name="Who may book?").get_by_label("Anyone", exact=True).check()
    page.get_by_label("Places").fill("25")
    page.get_by_label("Venue").fill("Gun Wharf, Dock Road, Chatham ME4 4TR")
    for number, day, ends in [(1, first_day, "20:00"), (2, second_day, "22:30")]:
        session = page.get_by_role("group", name=f"Session {number}", exact=True)
        date = session.get_by_role("group", name="Date")
        date.get_by_label("Day").fill(str(day.day))
        date.get_by_label("Month").fill(str(day.month))
        date.get_by_label("Year").fill(str(day.year))
        session.get_by_label("Starts").fill("18:30")
        session.get_by_label("Ends").fill(ends)
    submit(page, "Save event", expect_status=200)
    # The second evening runs late: staff are warned, and keep it.
    assert path_of(page) == "/staff/events/new"
    warning = page.locator(".govuk-warning-text").inner_text()
    assert "Session 2 is at night, outside 07:00 to 22:00." in warning
    accessible(page, "/staff/events/new with a warning")
    submit(page, "Save anyway", expect_status=200)

    assert re.fullmatch(r"/staff/events/\d+/register", path_of(page)), page.url
    assert "Event saved" in success_banner(page).inner_text()
    assert page.locator("h1").inner_text() == title
    sessions = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text="Sessions"))
    assert sessions.locator("dd").inner_text().strip() == "2"
    assert "Nobody has booked yet." in page.locator("main").inner_text()
    accessible(page, "a new event's register")

    page.goto("/staff/events")
    row = page.locator("tbody tr", has=page.get_by_role("link", name=title, exact=True))
    assert row.count() == 1
    assert "2 sessions" in row.inner_text()
    assert "0 of 25" in row.inner_text()
    accessible(page, "/staff/events with the new event")

    # The evenings cannot go ahead after all: staff cancel the whole event.
    with page.expect_navigation():
        page.get_by_role("link", name=title, exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Cancel this event").click()
    assert page.locator("h1").inner_text() == "Cancel this event"
    accessible(page, "cancelling a whole event")
    page.get_by_label("Message to everyone booked or waiting").fill("The venue is closed for repairs.")
    submit(page, "Cancel the event and tell everyone", expect_status=200)
    assert "Event cancelled and 0 people emailed" in success_banner(page).inner_text()
    assert "This event was cancelled on" in page.locator("main").inner_text()
    accessible(page, "a cancelled event's register")


@pytest.fixture
def started_event_with_a_booking(live_server):
    """An information event that began an hour ago, booked by one visitor
    before it started (an event that has started takes no more bookings)."""
    from sqlalchemy import select

    from portal.models import Audience, Event, EventKind, User
    from portal.services import clock, events

    starts = clock.now() + timedelta(days=3)
    with app_session(live_server, write=True) as session:
        advisor = session.scalar(select(User).where(User.email == ADVISOR))
        event = events.create_event(
            kind=EventKind.INFORMATION_EVENT,
            title="Drop-in information afternoon",
            description="Drop in any time to talk to our team.",
            audience=Audience.ANYONE,
            capacity=10,
            venue="Sessions House, County Road, Maidstone ME14 1XQ",
            online_url=None,
            sessions=[(starts, starts + timedelta(hours=3))],
            actor_id=advisor.id,
        )
        events.book(
            event_id=event.id,
            full_name="Dana Dropin",
            email="dana.dropin@example.com",
            emails_per_recipient_per_hour=3,
        )
        session.flush()
        now = datetime.now(UTC)
        event = session.get(Event, event.id)
        event.sessions[0].starts_at = now - timedelta(hours=1)
        event.sessions[0].ends_at = now + timedelta(hours=2)
        event_id = event.id
    return event_id


def test_staff_mark_a_visitor_attended_on_the_register_and_download_it(
    page, sign_in, accessible, started_event_with_a_booking
):
    event_id = started_event_with_a_booking
    sign_in(page, ADVISOR)
    page.goto("/staff/events")
    with page.expect_navigation():
        page.get_by_role("link", name="Drop-in information afternoon", exact=True).click()
    assert path_of(page) == f"/staff/events/{event_id}/register"
    accessible(page, "the register of an event that has started")

    row = page.locator("tbody tr", has_text="Dana Dropin")
    assert "Booked" in row.inner_text()
    submit(page, "Attended: Dana Dropin", expect_status=200)
    assert "Register updated" in success_banner(page).inner_text()
    row = page.locator("tbody tr", has_text="Dana Dropin")
    assert row.locator("td").nth(2).inner_text().strip() == "Attended"
    # Marked attended: only the other choice is offered now.
    assert row.get_by_role("button", name="Did not attend: Dana Dropin").count() == 1
    assert row.get_by_role("button", name="Attended: Dana Dropin").count() == 0
    accessible(page, "the register after marking someone attended")

    link = page.get_by_role("link", name="Download the register (CSV)")
    response = page.request.get(link.get_attribute("href"))
    try:
        assert response.status == 200
        assert response.headers["content-type"].startswith("text/csv")
        lines = response.text().lstrip("\ufeff").splitlines()
        assert lines[0] == "Name,Email,Status"
        assert "Dana Dropin,dana.dropin@example.com,Attended" in lines
    finally:
        response.dispose()


def test_staff_open_the_register_of_an_event_that_has_not_started_and_cannot_mark_it_yet(
    page, sign_in, accessible
):
    sign_in(page, ADVISOR)
    page.goto("/staff/events")
    with page.expect_navigation():
        page.get_by_role("link", name="Information morning in Maidstone", exact=True).click()
    main = page.locator("main")
    assert "You can mark who attended once the event has started." in main.inner_text()
    assert page.locator("tbody tr").count() == 5
    assert page.get_by_role("button", name=re.compile("^Attended: ")).count() == 0
    accessible(page, "the register of an event still to come")

    response = page.request.get(
        page.get_by_role("link", name="Download the register (CSV)").get_attribute("href")
    )
    try:
        assert response.status == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert "Sam Carter" in response.text()
    finally:
        response.dispose()
