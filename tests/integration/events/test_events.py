"""People find events open to them, book, wait, are offered places, and cancel."""

from datetime import timedelta

import time_machine
from bs4 import BeautifulSoup
from flask import render_template
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Audience,
    AuditEvent,
    Booking,
    BookingStatus,
    EventKind,
    Role,
    Stage,
    StageChange,
    TriageItem,
)
from portal.services import clock, events
from tests.support.emails import emails_to, link_in
from tests.support.factories import BookingFactory, EventFactory, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in


def titles_listed(page) -> list[str]:
    return [link.text.strip() for link in page.select(".portal-events h2 a")]


def at_stage(user, stage: Stage) -> None:
    db.session.add(
        StageChange(
            household_id=user.household_id, stage=stage, started_on=clock.today(), recorded_at=clock.now()
        )
    )
    db.session.commit()


def book_as_visitor(client, event, name="Robin Visitor", email="robin@example.com"):
    return client.post(f"/events/{event.id}", data={"full_name": name, "email": email})


def test_a_visitor_books_an_information_event_without_an_account_and_gets_a_calendar_file(client):
    event = EventFactory(title="Information evening", venue="Civic Centre, Maidstone")
    page = get_page(client, "/events")
    assert titles_listed(page) == ["Information evening"]
    assert "10 places left" in page.text

    page = get_page(client, f"/events/{event.id}")
    assert page.select_one("label[for=full_name]") and page.select_one("label[for=email]")
    response = book_as_visitor(client, event, email="Robin@Example.com")
    assert response.headers["Location"] == f"/events/{event.id}/booked"
    confirmation = get_page(client, response.headers["Location"])
    assert confirmation.h1.get_text(" ", strip=True).startswith("Your place is booked")

    [email] = emails_to("robin@example.com")
    booking = db.session.scalar(select(Booking))
    rows = {
        r.dt.text.strip(): r.dd.get_text(" ", strip=True)
        for r in confirmation.select(".govuk-summary-list__row")
    }
    first = event.sessions[0].starts_at
    assert rows["Event"] == "Information evening" and rows["Where"] == "Civic Centre, Maidstone"
    assert rows["When"].startswith(clock.to_london(first).strftime("%A "))
    assert rows["Reference"] == booking.reference and booking.reference in email.body
    manage_link = confirmation.find("a", string="Manage or cancel your booking")["href"]
    assert manage_link.removeprefix("http://portal.test") == link_in(email)
    assert email.subject == "Your place is booked"
    assert "Information evening" in email.body and "Civic Centre, Maidstone" in email.body
    assert "BEGIN:VEVENT" in email.ics and "LOCATION:Civic Centre\\, Maidstone" in email.ics
    assert "SUMMARY:Information evening" in email.ics and email.ics.endswith("END:VCALENDAR\r\n")
    manage = get_page(client, link_in(email))
    assert "Booked" in manage.text and "Robin Visitor" in manage.text
    assert "robin@example.com" not in link_in(email)


def test_booking_again_with_the_same_email_resends_the_email_and_reveals_nothing(client):
    event = EventFactory()
    book_as_visitor(client, event)
    response = book_as_visitor(client, event)  # anyone may type someone's email
    assert response.headers["Location"] == f"/events/{event.id}/booked"
    page = get_page(client, response.headers["Location"])
    assert page.h1.text.strip() == "Check your email"
    assert "BKG-" not in page.text and page.find("a", string="Manage or cancel your booking") is None
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 1
    assert len(emails_to("robin@example.com")) == 2


def test_a_stage_one_applicant_sees_and_books_the_stage_one_course_and_a_family_does_not(app, client):
    course = EventFactory(
        title="Preparing to adopt",
        kind=EventKind.STAGE_ONE_COURSE,
        audience=Audience.STAGE_ONE,
        session_count=3,
    )
    applicant = UserFactory(role=Role.APPLICANT)
    at_stage(applicant, Stage.STAGE_ONE)
    sign_in(client, applicant)
    page = get_page(client, "/events")
    assert titles_listed(page) == ["Preparing to adopt"]
    assert "3 sessions" in page.text
    page = get_page(client, f"/events/{course.id}")
    assert len(page.select("li")) >= 3 and "One booking is for all 3 sessions" in page.text
    response = client.post(f"/events/{course.id}")
    assert response.headers["Location"] == f"/events/{course.id}/booked"
    assert "Your place is booked" in get_page(client, response.headers["Location"]).text
    [email] = emails_to(applicant.email)
    assert email.ics.count("BEGIN:VEVENT") == 3

    family = app.test_client()
    sign_in(family, UserFactory(role=Role.FAMILY))
    assert titles_listed(get_page(family, "/events")) == []
    refused = family.get(f"/events/{course.id}")
    assert refused.status_code == 403
    assert "only for applicants at stage 1" in refused.get_data(as_text=True)
    assert family.post(f"/events/{course.id}").status_code == 403


def test_an_applicant_at_stage_two_does_not_see_the_stage_one_course(client):
    EventFactory(title="Stage 1 course", audience=Audience.STAGE_ONE)
    EventFactory(title="Stage 2 preparation", audience=Audience.STAGE_TWO)
    applicant = UserFactory(role=Role.APPLICANT)
    at_stage(applicant, Stage.STAGE_ONE)
    at_stage(applicant, Stage.STAGE_TWO)
    sign_in(client, applicant)
    assert titles_listed(get_page(client, "/events")) == ["Stage 2 preparation"]


def test_a_signed_out_visitor_cannot_see_or_book_a_families_group(client):
    group = EventFactory(title="Stay and play", kind=EventKind.STAY_AND_PLAY, audience=Audience.FAMILIES)
    assert titles_listed(get_page(client, "/events")) == []
    response = client.get(f"/events/{group.id}")
    assert response.headers["Location"].startswith("/sign-in?next=")
    response = book_as_visitor(client, group)
    assert response.headers["Location"].startswith("/sign-in?next=")
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0


def test_a_family_sees_and_books_its_groups_and_courses(client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    course = EventFactory(
        title="Incredible Years",
        kind=EventKind.COURSE,
        audience=Audience.FAMILIES,
        session_count=12,
        every=timedelta(weeks=1),
    )
    EventFactory(title="Peer connector training", audience=Audience.CONNECTORS)
    assert titles_listed(get_page(client, "/events")) == ["Incredible Years"]
    client.post(f"/events/{course.id}")
    booking = db.session.scalar(select(Booking))
    assert (booking.user_id, booking.household_id) == (family.id, family.household_id)
    [email] = emails_to(family.email)
    assert email.ics.count("BEGIN:VEVENT") == 12


def test_a_signed_out_visitor_must_sign_in_to_book_anything_but_an_information_event(client):
    workshop = EventFactory(title="Open workshop", kind=EventKind.TRAINING_WORKSHOP)
    page = get_page(client, f"/events/{workshop.id}")
    assert "Sign in to book a place" in page.text and not page.select("input[name=email]")
    assert book_as_visitor(client, workshop).headers["Location"].startswith("/sign-in")


def test_a_full_event_takes_a_waiting_list_and_a_cancellation_offers_the_place_to_the_next_person(
    app, client, other_client
):
    event = EventFactory(title="Information evening", capacity=1)
    book_as_visitor(client, event, "First Person", "first@example.com")
    page = get_page(other_client, "/events")
    assert "Full" in page.text and "waiting list" in page.text
    assert "Join the waiting list" in get_page(other_client, f"/events/{event.id}").text
    book_as_visitor(other_client, event, "Second Person", "second@example.com")
    book_as_visitor(app.test_client(), event, "Third Person", "third@example.com")

    [waiting] = emails_to("second@example.com")
    assert waiting.subject == "You are on the waiting list" and waiting.ics is None
    items = db.session.scalars(select(TriageItem).where(TriageItem.kind == "event_waitlist")).all()
    assert len(items) == 1, "one open queue item per event, however many wait"
    assert items[0].title == "Waiting list: Information evening"

    [confirmation] = emails_to("first@example.com")
    response = client.post(link_in(confirmation) + "/cancel")
    assert "Your booking is cancelled" in get_page(client, response.headers["Location"]).text
    assert emails_to("first@example.com")[-1].subject == "Your booking is cancelled"

    offer = emails_to("second@example.com")[-1]
    assert offer.subject == "A place has come up for you"
    assert "Accept it by" in offer.body
    assert emails_to("third@example.com")[-1].subject == "You are on the waiting list"
    page = get_page(other_client, link_in(offer))
    assert "Accept the place" in page.text
    response = other_client.post(link_in(offer) + "/accept")
    assert "You have accepted the place" in get_page(other_client, response.headers["Location"]).text
    accepted = emails_to("second@example.com")[-1]
    assert accepted.subject == "Your place is booked" and "BEGIN:VEVENT" in accepted.ics
    statuses = dict(db.session.execute(select(Booking.email, Booking.status)).all())
    assert statuses == {
        "first@example.com": "cancelled",
        "second@example.com": "booked",
        "third@example.com": "waitlisted",
    }


def test_an_offer_that_lapses_passes_on_and_running_the_job_twice_does_nothing_more(app, client):
    event = EventFactory(capacity=1)
    for name in ("first", "second", "third"):
        book_as_visitor(client, event, f"{name.title()} Person", f"{name}@example.com")
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client.post(link_in(emails_to("first@example.com")[0]) + "/cancel")
        offer = emails_to("second@example.com")[-1]
        assert offer.subject == "A place has come up for you"

        traveller.shift(timedelta(hours=events.OFFER_HOURS + 1))
        runner = app.test_cli_runner()
        assert "1 lapsed offers passed on" in runner.invoke(args=["offer-places"]).output
        assert emails_to("third@example.com")[-1].subject == "A place has come up for you"
        assert "0 lapsed offers passed on" in runner.invoke(args=["offer-places"]).output
        assert len(emails_to("third@example.com")) == 2

        response = client.post(link_in(offer) + "/accept")
        page = get_page(client, response.headers["Location"])
        assert "There is no place waiting for you to accept" in page.text
    statuses = dict(db.session.execute(select(Booking.email, Booking.status)).all())
    assert statuses == {
        "first@example.com": "cancelled",
        "second@example.com": "cancelled",
        "third@example.com": "offered",
    }
    lapsed = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "booking.offer_lapsed")
    assert db.session.scalar(lapsed) == 1


def test_reminders_go_two_days_before_and_only_once(app, client):
    soon = EventFactory(title="Soon", starts_at=clock.now().replace(microsecond=0) + timedelta(days=5))
    later = EventFactory(title="Later", starts_at=clock.now().replace(microsecond=0) + timedelta(days=20))
    book_as_visitor(client, soon, email="soon@example.com")
    book_as_visitor(client, later, email="later@example.com")
    runner = app.test_cli_runner()
    assert "0 reminders queued" in runner.invoke(args=["send-reminders"]).output
    with time_machine.travel(clock.now() + timedelta(days=3, hours=1), tick=False):
        assert "1 reminders queued" in runner.invoke(args=["send-reminders"]).output
        assert "0 reminders queued" in runner.invoke(args=["send-reminders"]).output
    reminder = emails_to("soon@example.com")[-1]
    assert reminder.subject == "Reminder: your booking is coming up"
    assert "Soon" in reminder.body and "/bookings/" in link_in(reminder)
    assert len(emails_to("later@example.com")) == 1


def test_a_booker_cancels_from_the_emailed_link(client):
    event = EventFactory()
    book_as_visitor(client, event)
    link = link_in(emails_to("robin@example.com")[0])
    assert "Cancel my booking" in get_page(client, link).text
    client.post(link + "/cancel")
    assert db.session.scalar(select(Booking.status)) == BookingStatus.CANCELLED
    page = get_page(client, link)
    assert "This booking is cancelled" in page.text
    again = client.post(link + "/cancel")
    assert "cannot be cancelled now" in get_page(client, again.headers["Location"]).text


def test_a_signed_in_booker_cancels_from_their_bookings(client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    event = EventFactory(title="Support group", audience=Audience.FAMILIES)
    client.post(f"/events/{event.id}")
    booking = db.session.scalar(select(Booking))
    assert [b.id for b in events.bookings_for_user(user_id=family.id)] == [booking.id]
    page = get_page(client, f"/events/{event.id}")
    assert "Your booking" in page.text and "Cancel my booking" in page.text
    response = client.post(f"/account/bookings/{booking.id}/cancel", data={"next": "/account"})
    assert response.headers["Location"] == "/account"
    assert db.session.scalar(select(Booking.status)) == BookingStatus.CANCELLED
    assert emails_to(family.email)[-1].subject == "Your booking is cancelled"
    assert events.bookings_for_user(user_id=family.id) == []


def test_nobody_can_cancel_someone_elses_booking_from_their_account(app, client, sign_in_as):
    sign_in_as(Role.FAMILY)
    someone_else = BookingFactory(user=UserFactory(role=Role.FAMILY))
    assert client.post(f"/account/bookings/{someone_else.id}/cancel").status_code == 404
    assert client.post("/account/bookings/99999/cancel").status_code == 404
    assert db.session.get(Booking, someone_else.id).status == BookingStatus.BOOKED


def family_booking_id(family) -> int:
    return db.session.scalar(select(Booking.id).where(Booking.user_id == family.id))


def test_the_bookings_partial_lists_a_persons_bookings_with_a_cancel_button(app, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    BookingFactory(user=family, event=EventFactory(title="Sensory integration", session_count=6))
    with app.test_request_context("/account"):
        bookings = events.bookings_for_user(user_id=family.id)
        html = render_template(
            "account/_bookings.html",
            bookings=bookings,
            movable=events.movable(bookings),
            past_bookings=[],
            reminders_to_come=set(),
        )
    page = BeautifulSoup(html, "html.parser")
    assert "Sensory integration" in page.text and "(6 sessions)" in page.text
    cancel = page.find("a", class_="govuk-button", string=lambda s: s and s.strip() == "Cancel")
    [change] = [
        a for a in page.select("a.govuk-button") if a.get_text(" ", strip=True).startswith("Change date")
    ]
    assert change.get_text(" ", strip=True) == "Change date for Sensory integration"
    assert cancel["href"].startswith(f"/account/bookings/{family_booking_id(family)}/cancel?next=")
    assert change["href"].startswith(f"/account/bookings/{family_booking_id(family)}/change-date?next=")


def test_bad_links_and_unknown_events_get_a_kind_404(client):
    page = get_page(client, "/bookings/not-a-real-token", status=404)
    assert "We could not find this booking" in page.text
    assert client.post("/bookings/not-a-real-token/cancel").status_code == 404
    assert client.get("/events/99999").status_code == 404
    assert client.post("/events/99999", data={"full_name": "A", "email": "a@example.com"}).status_code == 404


def test_a_manage_link_still_works_during_a_course_and_closes_kindly_once_it_has_ended(client):
    course = EventFactory(session_count=2, every=timedelta(days=7))
    book_as_visitor(client, course)
    link = link_in(emails_to("robin@example.com")[0])
    last_end = course.sessions[-1].ends_at
    with time_machine.travel(last_end - timedelta(minutes=1), tick=False):
        assert "Robin Visitor" in get_page(client, link).text
    with time_machine.travel(last_end, tick=False):
        page = get_page(client, link, status=410)
        assert page.h1.text.strip() == "This booking link has closed"
        assert "Robin Visitor" not in page.text
        assert client.post(f"{link}/cancel").status_code == 410
    assert db.session.scalar(select(Booking.status)) == BookingStatus.BOOKED


def test_a_booking_with_bad_details_is_refused_with_clear_messages(client):
    event = EventFactory()
    response = client.post(f"/events/{event.id}", data={"full_name": "", "email": "not an email"})
    assert response.status_code == 400
    messages = error_summary(parse(response))
    assert "Enter the full name" in messages
    assert "Enter an email address in the correct format, like name@example.com" in messages
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0


def test_an_event_that_has_started_cannot_be_booked(client):
    event = EventFactory(starts_at=clock.now().replace(microsecond=0) + timedelta(hours=1))
    with time_machine.travel(clock.now() + timedelta(hours=2)):
        page = get_page(client, f"/events/{event.id}")
        assert "Booking has closed" in page.text
        response = book_as_visitor(client, event)
        assert response.headers["Location"] == f"/events/{event.id}"
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0


def test_cancelling_from_the_emailed_link_asks_are_you_sure_first(client):
    event = EventFactory(title="Information evening")
    book_as_visitor(client, event)
    link = link_in(emails_to("robin@example.com")[0])
    button = get_page(client, link).find("a", string=lambda text: text and "Cancel my booking" in text)
    confirm = get_page(client, button["href"])
    assert confirm.h1.text == "Are you sure you want to cancel your booking?"
    assert db.session.scalar(select(Booking.status)) == BookingStatus.BOOKED
    assert confirm.find("a", string="No, keep it")["href"] == link
    client.post(confirm.select_one("main form")["action"])
    assert db.session.scalar(select(Booking.status)) == BookingStatus.CANCELLED


def test_cancelling_from_the_account_asks_are_you_sure_first_and_leaving_a_waiting_list_says_so(
    client, sign_in_as
):
    family = sign_in_as(Role.FAMILY)
    event = EventFactory(title="Support group", audience=Audience.FAMILIES, capacity=1)
    BookingFactory(event=event, status=BookingStatus.BOOKED)
    client.post(f"/events/{event.id}")
    booking_id = family_booking_id(family)
    confirm = get_page(client, f"/account/bookings/{booking_id}/cancel?next=/account")
    assert confirm.h1.text == "Are you sure you want to leave the waiting list?"
    assert confirm.find("button", string=lambda t: t and "Yes, leave the waiting list" in t)
    assert db.session.get(Booking, booking_id).status == BookingStatus.WAITLISTED
    response = client.post(confirm.select_one("main form")["action"], data={"next": "/account"})
    assert response.headers["Location"] == "/account"
    assert db.session.get(Booking, booking_id).status == BookingStatus.CANCELLED
    assert emails_to(family.email)[-1].subject == "You have left the waiting list"


def test_nobody_sees_the_are_you_sure_page_for_someone_elses_booking(client, sign_in_as):
    other = BookingFactory(user=UserFactory(role=Role.FAMILY), event=EventFactory(audience=Audience.FAMILIES))
    sign_in_as(Role.FAMILY)
    assert client.get(f"/account/bookings/{other.id}/cancel").status_code == 404


def test_past_bookings_stay_on_the_account_with_whether_the_person_came(client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    last_month = clock.now() - timedelta(days=30)
    came = EventFactory(title="Stay and play", audience=Audience.FAMILIES, starts_at=last_month)
    missed = EventFactory(title="Evening online group", audience=Audience.FAMILIES, starts_at=last_month)
    BookingFactory(event=came, user=family, household=family.household, status=BookingStatus.ATTENDED)
    BookingFactory(event=missed, user=family, household=family.household, status=BookingStatus.NO_SHOW)
    page = get_page(client, "/account")
    past = page.find("h3", string="Past bookings").find_next("ul").get_text(" ", strip=True)
    assert "Stay and play" in past and "you came" in past
    assert "Evening online group" in past and "you did not come" in past


def test_a_booked_stage_one_course_stays_visible_and_cancellable_after_the_stage_moves_on(client, sign_in_as):
    applicant = sign_in_as(Role.APPLICANT)
    at_stage(applicant, Stage.STAGE_ONE)
    course = EventFactory(
        title="Preparing to adopt", kind=EventKind.STAGE_ONE_COURSE, audience=Audience.STAGE_ONE
    )
    client.post(f"/events/{course.id}")
    db.session.add(
        StageChange(
            household_id=applicant.household_id,
            stage=Stage.STAGE_ONE_COMPLETE,
            started_on=clock.today(),
            recorded_at=clock.now(),
        )
    )
    db.session.commit()
    page = get_page(client, f"/events/{course.id}")
    assert "Your booking" in page.text and "Cancel my booking" in page.text
    booking_id = family_booking_id(applicant)
    client.post(f"/account/bookings/{booking_id}/cancel", data={"next": "/account"})
    assert db.session.get(Booking, booking_id).status == BookingStatus.CANCELLED
    # Without a booking, the course is closed to them as before.
    assert client.get(f"/events/{course.id}").status_code == 403
