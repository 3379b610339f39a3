"""Changing a booking to another date of the same event (as pretix and Cal.com
reschedule): from /account and from the emailed manage link, the other dates
with a place left; the move keeps the booking's reference and link, frees the
old place for the waiting list, sends one email with the calendar files that
move it in the person's calendar, and is audited."""

from datetime import timedelta

import icalendar
from sqlalchemy import select

from portal.extensions import db
from portal.models import Audience, AuditEvent, Booking, BookingStatus, EventKind, Role
from portal.services import clock
from portal.services.email.transports import build_mime
from tests.integration.events.test_events import book_as_visitor
from tests.support.emails import emails_to, link_in
from tests.support.factories import BookingFactory, EventFactory, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in

SOON = timedelta(days=7)


def a_course(title="Incredible Years", days=7, **details):
    details.setdefault("kind", EventKind.COURSE)
    details.setdefault("audience", Audience.FAMILIES)
    return EventFactory(
        title=title, starts_at=clock.now().replace(microsecond=0) + timedelta(days=days), **details
    )


def choices(page) -> dict[str, str]:
    return {
        radio["value"]: page.select_one(f"label[for={radio['id']}]").get_text(" ", strip=True)
        for radio in page.select("input[type=radio][name=event_id]")
    }


def change_links(page) -> list:
    return [a for a in page.select("main a") if a.get_text(" ", strip=True).startswith("Change date")]


def action_of(page) -> str:
    return page.select_one("main form")["action"]


def read(ics: str):
    parsed = icalendar.Calendar.from_ical(ics)
    return str(parsed["METHOD"]), parsed.walk("VEVENT")


def test_a_visitor_moves_their_booking_from_the_emailed_link_and_their_calendar_follows(client):
    now_date = EventFactory(title="Information evening", session_count=1)
    later = EventFactory(
        title="Information evening",
        starts_at=clock.now().replace(microsecond=0) + timedelta(days=14),
        venue="Gun Wharf, Chatham",
        capacity=3,
    )
    full = EventFactory(title="Information evening", capacity=1, starts_at=later.sessions[0].starts_at + SOON)
    BookingFactory(event=full)
    EventFactory(title="Stay and play", kind=EventKind.STAY_AND_PLAY, audience=Audience.FAMILIES)
    book_as_visitor(client, now_date)
    [confirmation] = emails_to("robin@example.com")
    booking = db.session.scalar(select(Booking).where(Booking.email == "robin@example.com"))

    manage = get_page(client, link_in(confirmation))
    [change] = change_links(manage)
    page = get_page(client, change["href"])
    starts = clock.to_london(later.sessions[0].starts_at)
    assert list(choices(page)) == [str(later.id)], "only other dates of this kind with a place"
    label = choices(page)[str(later.id)]
    assert label.startswith(starts.strftime("%A ")) and "Gun Wharf, Chatham: 3 places left" in label

    response = client.post(change["href"], data={"event_id": str(later.id)})
    assert response.headers["Location"] == link_in(confirmation)
    assert "Your booking is moved to " + starts.strftime("%A") in get_page(client, link_in(confirmation)).text
    db.session.refresh(booking)
    assert booking.event_id == later.id and booking.status == BookingStatus.BOOKED

    [moved] = emails_to("robin@example.com")[1:]
    assert moved.subject == "Your booking has a new date"
    assert booking.reference in moved.body and "Gun Wharf, Chatham" in moved.body
    assert link_in(moved) == link_in(confirmation)
    (made_method, [made]), (new_method, [new]), (old_method, [old]) = (
        read(confirmation.ics),
        read(moved.ics),
        read(moved.cancel_ics),
    )
    assert (made_method, new_method, old_method) == ("REQUEST", "REQUEST", "CANCEL")
    old_uid = f"booking-{booking.id}-session-{now_date.sessions[0].id}@portal.test"
    assert str(old["UID"]) == str(made["UID"]) == old_uid
    assert str(new["UID"]) == f"booking-{booking.id}-session-{later.sessions[0].id}@portal.test"
    assert int(made["SEQUENCE"]) < int(old["SEQUENCE"]) == int(new["SEQUENCE"])
    assert str(old["STATUS"]) == "CANCELLED"
    assert new.decoded("DTSTART") == later.sessions[0].starts_at
    parts = [
        (p.get_filename(), p.get_param("method"))
        for p in build_mime(moved, "Portal <no-reply@portal.test>", "http://portal.test").iter_attachments()
    ]
    assert parts == [("invite.ics", "REQUEST"), ("cancel.ics", "CANCEL")]


def test_a_family_moves_a_course_from_their_account_and_the_old_place_goes_to_the_waiting_list(
    client, other_client, sign_in_as
):
    first, second = a_course(capacity=1), a_course(days=21)
    family = sign_in_as(Role.FAMILY)
    booking = BookingFactory(event=first, user=family)
    waiting = BookingFactory(event=first, status=BookingStatus.WAITLISTED, email="waiting@example.com")
    db.session.commit()

    account = get_page(client, "/account")
    [change] = change_links(account)
    assert change["href"].startswith(f"/account/bookings/{booking.id}/change-date")
    page = get_page(client, change["href"])
    assert list(choices(page)) == [str(second.id)]
    response = client.post(action_of(page), data={"event_id": str(second.id)})
    assert response.status_code == 302 and response.headers["Location"] == "/account"

    db.session.refresh(booking)
    db.session.refresh(waiting)
    assert booking.event_id == second.id
    assert waiting.status == BookingStatus.OFFERED
    assert emails_to("waiting@example.com")[-1].subject == "A place has come up for you"
    assert [m.subject for m in emails_to(family.email)] == ["Your booking has a new date"]
    [audit] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "booking.date_changed"))
    assert audit.actor_id == family.id and audit.record_id == booking.id
    assert audit.summary == f"Booking {booking.id} moved from event {first.id} to event {second.id}"


def test_staff_see_the_moved_booking_on_the_new_register_and_not_the_old(client, other_client, sign_in_as):
    first, second = a_course(), a_course(days=21)
    family = sign_in_as(Role.FAMILY, full_name="Kim Mover")
    BookingFactory(event=first, user=family)
    db.session.commit()
    page = get_page(client, f"/account/bookings/{family_booking(family).id}/change-date")
    client.post(action_of(page), data={"event_id": str(second.id)})

    sign_in(other_client, UserFactory(role=Role.ADVISOR))
    assert "Kim Mover" in get_page(other_client, f"/staff/events/{second.id}/register").text
    assert "Kim Mover" not in get_page(other_client, f"/staff/events/{first.id}/register").text


def family_booking(family) -> Booking:
    return db.session.scalar(select(Booking).where(Booking.user_id == family.id))


def test_a_date_that_filled_up_meanwhile_gets_a_clear_message_not_an_error(client, sign_in_as):
    first, second = a_course(), a_course(days=21, capacity=1)
    family = sign_in_as(Role.FAMILY)
    booking = BookingFactory(event=first, user=family)
    db.session.commit()
    page = get_page(client, f"/account/bookings/{booking.id}/change-date")
    BookingFactory(event=second)  # someone else takes the last place
    db.session.commit()

    response = client.post(action_of(page), data={"event_id": str(second.id)})
    assert response.status_code == 409
    shown = parse(response)
    assert error_summary(shown) == ["That date is now full. Choose another date"]
    assert choices(shown) == {}
    assert "no other dates of this event with places left" in shown.text
    db.session.refresh(booking)
    assert booking.event_id == first.id


def test_nothing_chosen_or_another_kind_of_event_is_refused_with_a_message(client, sign_in_as):
    first, second = a_course(), a_course(days=21)
    other_kind = a_course(kind=EventKind.SUPPORT_GROUP)
    family = sign_in_as(Role.FAMILY)
    booking = BookingFactory(event=first, user=family)
    db.session.commit()
    path = f"/account/bookings/{booking.id}/change-date"
    assert error_summary(parse(client.post(path, data={}))) == ["Choose a new date"]
    assert client.post(path, data={"event_id": "x"}).status_code == 400
    response = client.post(path, data={"event_id": str(other_kind.id)})
    assert response.status_code == 409
    assert error_summary(parse(response)) == ["A booking can only move to another date of the same event"]
    assert choices(parse(response)) == {str(second.id): choices(get_page(client, path))[str(second.id)]}
    db.session.refresh(booking)
    assert booking.event_id == first.id


def test_waiting_list_places_and_started_events_cannot_be_changed(client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    a_course(days=21)
    waiting = BookingFactory(event=a_course(), user=family, status=BookingStatus.WAITLISTED)
    started = BookingFactory(event=a_course(title="Started", days=0, session_count=3), user=family)
    started.event.sessions[0].starts_at = clock.now() - timedelta(hours=1)
    started.event.sessions[0].ends_at = clock.now() + timedelta(hours=1)
    db.session.commit()
    account = get_page(client, "/account")
    assert "Started" in account.text and change_links(account) == []

    page = get_page(client, f"/account/bookings/{waiting.id}/change-date")
    assert "A place on the waiting list cannot be moved to another date" in page.text
    assert choices(page) == {}
    page = get_page(client, f"/account/bookings/{started.id}/change-date")
    assert "This event has started, so the booking can no longer be moved" in page.text
    response = client.post(f"/account/bookings/{waiting.id}/change-date", data={"event_id": "1"})
    assert response.status_code == 409


def test_nobody_moves_someone_elses_booking(client, other_client, sign_in_as):
    first, second = a_course(), a_course(days=21)
    someone = BookingFactory(event=first, user=sign_in_as(Role.FAMILY))
    db.session.commit()
    sign_in(other_client, UserFactory(role=Role.FAMILY))
    path = f"/account/bookings/{someone.id}/change-date"
    assert other_client.get(path).status_code == 404
    assert other_client.post(path, data={"event_id": str(second.id)}).status_code == 404
    db.session.refresh(someone)
    assert someone.event_id == first.id
