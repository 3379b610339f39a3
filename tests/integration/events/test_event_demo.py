from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from portal.dev import demo
from portal.extensions import db
from portal.models import Booking, BookingStatus, Event, User
from portal.services import clock
from tests.support.emails import emails_to, link_in
from tests.support.pages import get_page
from tests.support.signing_in import sign_in


def test_the_demo_has_events_bookings_and_a_waiting_list_once(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo"])
    assert db.session.scalar(select(func.count()).select_from(Event)) == 7
    waiting = select(func.count()).select_from(Booking).where(Booking.status == BookingStatus.WAITLISTED)
    assert db.session.scalar(waiting) == 2
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 9
    course = db.session.scalar(select(Event).where(Event.title == "Incredible Years parenting course"))
    assert len(course.sessions) == 12


def test_demo_people_see_their_events_and_demo_booking_links_work(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    assert "Information morning in Maidstone" in get_page(client, "/events").text
    family = db.session.scalar(select(User).where(User.email == "family@demo.adoption-portal.example"))
    sign_in(client, family, demo.DEMO_PASSWORD)
    page = get_page(client, "/events")
    assert "Incredible Years parenting course" in page.text and "Stage 1 preparation" not in page.text

    with time_machine.travel(clock.now() + timedelta(days=23), tick=False):
        assert "3 reminders queued" in app.test_cli_runner().invoke(args=["send-reminders"]).output
        [reminder] = emails_to("sam.carter@demo.adoption-portal.example")
        assert "Booked" in get_page(app.test_client(), link_in(reminder)).text
