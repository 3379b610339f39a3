"""A person turns a booking's reminders off (and on again): in one click from
the link in each reminder, which mail clients get as List-Unsubscribe with
one-click POST (RFC 8058); on the emailed manage page; and on /account."""

import email
import re
from datetime import timedelta
from email import policy

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Booking, Role
from portal.services.email import build_mime
from portal.services.events.manage_link import manage_link, set_manage_token
from tests.conftest import build_app
from tests.integration.events.test_session_reminders import COURSE_STARTS, a_course
from tests.support.email_checks import EmailProblem, check_email
from tests.support.emails import emails_to
from tests.support.pages import get_page
from tests.support.signing_in import sign_in

SENDER = "Portal <no-reply@portal.test>"
BASE_URL = "http://portal.test"


def a_course_booked(**booking):
    """A 3-week course (as in test_session_reminders), booked well ahead by one person."""
    course = a_course(**booking)
    [booked] = db.session.scalars(select(Booking).where(Booking.event_id == course.id)).all()
    set_manage_token(booked)
    db.session.commit()
    return course, booked


def remind(app, course, number: int) -> str:
    with time_machine.travel(
        course.sessions[number - 1].starts_at - timedelta(days=2, minutes=-5), tick=False
    ):
        return app.test_cli_runner().invoke(args=["send-reminders"]).output


def the_reminder(address="ann@example.com"):
    return [m for m in emails_to(address) if m.template == "booking_reminder"][-1]


def one_click_path(reminder) -> str:
    match = re.search(r"http://portal\.test(/reminders-off/\S+)", reminder.body)
    assert match, "no one-click link in the reminder"
    return match.group(1)


def reminders_off(booking) -> bool:
    return db.session.scalar(select(Booking.reminders_off).where(Booking.id == booking.id))


def test_a_reminder_offers_mail_clients_one_click_unsubscribe_and_a_mailto_to_the_team_inbox(app, agency):
    agency.team_inbox = "adoption.team@agency.example"
    course, booking = a_course_booked()
    remind(app, course, 1)
    reminder = the_reminder()
    sent = email.message_from_bytes(bytes(build_mime(reminder, SENDER, BASE_URL)), policy=policy.default)
    assert sent["List-Unsubscribe"] == (
        f"<{BASE_URL}{one_click_path(reminder)}>, "
        "<mailto:adoption.team@agency.example?subject=Please%20stop%20these%20reminders>"
    )
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Nothing about the person or the course in the link: the booking's id and a signature.
    assert (
        "ann" not in one_click_path(reminder).lower() and "parenting" not in one_click_path(reminder).lower()
    )


def test_without_a_team_inbox_the_reminder_offers_only_the_link(app, agency):
    agency.team_inbox = ""
    course, booking = a_course_booked()
    remind(app, course, 1)
    sent = email.message_from_bytes(
        bytes(build_mime(the_reminder(), SENDER, BASE_URL)), policy=policy.default
    )
    assert sent["List-Unsubscribe"] == f"<{BASE_URL}{one_click_path(the_reminder())}>"


def test_a_mail_clients_one_click_post_turns_the_reminders_off_with_no_session_or_csrf(app):
    course, booking = a_course_booked()
    remind(app, course, 1)
    path = one_click_path(the_reminder())
    with time_machine.travel(COURSE_STARTS - timedelta(days=1), tick=False):
        mail_client = app.test_client()
        response = mail_client.post(path, data={"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert "Reminders turned off" in response.text
    assert reminders_off(booking)
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "booking.reminders_turned_off"))
    assert audit.summary == f"Reminders turned off for booking {booking.id}"
    # No more reminders for this booking; the place is still booked.
    assert "0 reminders queued" in remind(app, course, 2)
    assert db.session.get(Booking, booking.id).status == "booked"


def test_following_the_link_shows_a_button_and_changes_nothing_until_it_is_pressed(app, client):
    course, booking = a_course_booked()
    remind(app, course, 1)
    path = one_click_path(the_reminder())
    with time_machine.travel(COURSE_STARTS - timedelta(days=1), tick=False):
        page = get_page(client, path)
        assert page.h1.get_text(strip=True) == "Turn off reminders"
        assert not reminders_off(booking)
        [form] = page.select("main form")
        assert form.button.get_text(strip=True) == "Turn off reminders"
        assert "Reminders turned off" in client.post(path).text
        assert "already off" in get_page(client, path).text


@pytest.mark.parametrize(
    "spoil",
    [
        lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),  # signature changed
        lambda token: "AAAAAAAAAAA" + token[11:],  # another booking's id, the same signature
        lambda token: token[:30],  # cut short
        lambda token: "not*base64" + token,
        lambda token: "A" * len(token),
    ],
)
def test_a_link_that_is_not_right_finds_no_booking_and_changes_nothing(app, spoil):
    course, booking = a_course_booked()
    remind(app, course, 1)
    token = one_click_path(the_reminder()).removeprefix("/reminders-off/")
    client = app.test_client()
    with time_machine.travel(COURSE_STARTS - timedelta(days=1), tick=False):
        assert client.post(f"/reminders-off/{spoil(token)}").status_code == 404
        assert client.get(f"/reminders-off/{spoil(token)}").status_code == 404
    assert not reminders_off(booking)


def test_the_manage_links_token_does_not_work_as_a_reminders_link(app):
    course, booking = a_course_booked()
    token = manage_link(booking).rsplit("/", 1)[1]
    with time_machine.travel(COURSE_STARTS - timedelta(days=1), tick=False):
        assert app.test_client().post(f"/reminders-off/{token}").status_code == 404
    assert not reminders_off(booking)


def test_the_link_closes_kindly_once_the_course_has_ended(app):
    course, booking = a_course_booked()
    remind(app, course, 1)
    path = one_click_path(the_reminder())
    with time_machine.travel(course.sessions[-1].ends_at + timedelta(hours=1), tick=False):
        assert app.test_client().post(path).status_code == 410
    assert not reminders_off(booking)


def test_a_booker_without_an_account_turns_reminders_off_and_on_from_the_manage_page(client):
    course, booking = a_course_booked()
    link = manage_link(booking).removeprefix(BASE_URL)
    with time_machine.travel(COURSE_STARTS - timedelta(days=5), tick=False):
        page = get_page(client, link)
        assert "We email you a reminder 2 days before each session." in page.text
        action = page.find("button", string=re.compile("Turn reminders off")).find_parent("form")["action"]
        response = client.post(action)
        page = get_page(client, response.headers["Location"])
        assert "Reminders turned off for this booking" in page.text
        assert "You have turned off the reminders for this booking." in page.text
        assert reminders_off(booking)
        action = page.find("button", string=re.compile("Turn reminders on")).find_parent("form")["action"]
        client.post(action)
        assert not reminders_off(booking)


def test_the_manage_page_offers_no_reminders_choice_on_the_waiting_list(client):
    course, booking = a_course_booked(status="waitlisted")
    with time_machine.travel(COURSE_STARTS - timedelta(days=5), tick=False):
        page = get_page(client, manage_link(booking).removeprefix(BASE_URL))
        assert "Turn reminders" not in page.text
        refused = client.post(manage_link(booking).removeprefix(BASE_URL) + "/reminders/off")
        assert refused.status_code == 302
        assert "There are no reminders still to come" in get_page(client, refused.headers["Location"]).text
    assert not reminders_off(booking)


def test_a_family_turns_reminders_off_and_on_from_their_account(app, client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    course, booking = a_course_booked(user=family, full_name=None, email=None)
    with time_machine.travel(COURSE_STARTS - timedelta(days=5), tick=False):
        sign_in(client, family)
        page = get_page(client, "/account")
        assert "Reminders on" in page.text
        button = page.find("button", attrs={"aria-label": "Turn reminders off for Therapeutic parenting"})
        response = client.post(button.find_parent("form")["action"], data={"next": "/account"})
        assert response.headers["Location"] == "/account"
        page = get_page(client, "/account")
        assert "Reminders turned off for this booking" in page.text and "Reminders off" in page.text
        assert reminders_off(booking)
        button = page.find("button", attrs={"aria-label": "Turn reminders on for Therapeutic parenting"})
        client.post(button.find_parent("form")["action"], data={"next": "/account"})
        assert not reminders_off(booking)


def test_a_course_part_way_through_stays_on_account_with_its_reminders(app, client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    course, booking = a_course_booked(user=family, full_name=None, email=None, status="attended")
    with time_machine.travel(COURSE_STARTS + timedelta(days=3), tick=False):
        sign_in(client, family)
        page = get_page(client, "/account")
        assert "Therapeutic parenting" in page.select_one("table").text
        assert page.find("button", attrs={"aria-label": "Turn reminders off for Therapeutic parenting"})


def test_nobody_turns_off_someone_elses_reminders_from_their_account(app, client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    course, booking = a_course_booked()
    with time_machine.travel(COURSE_STARTS - timedelta(days=5), tick=False):
        sign_in(client, family)
        response = client.post(f"/account/bookings/{booking.id}/reminders/off")
        assert response.status_code == 404
    assert not reminders_off(booking)


def test_the_request_log_shows_the_one_click_route_not_its_token(app):
    from portal.services.emailed_links import without_tokens

    course, booking = a_course_booked()
    remind(app, course, 1)
    path = one_click_path(the_reminder())
    assert without_tokens(f"POST {path} 200") == "POST /reminders-off/<token> 200"


def test_with_csrf_checked_a_one_click_post_needs_no_token_but_the_manage_page_button_does(
    database_url, tmp_path
):
    app = build_app(tmp_path, database_url, EXTRA={"WTF_CSRF_ENABLED": True})
    with app.app_context():
        course, booking = a_course_booked()
        remind(app, course, 1)
        path = one_click_path(the_reminder())
        manage = manage_link(booking).removeprefix(BASE_URL)
        with time_machine.travel(COURSE_STARTS - timedelta(days=1), tick=False):
            client = app.test_client()
            assert client.post(manage + "/reminders/off").status_code == 400
            assert not reminders_off(booking)
            assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
            assert reminders_off(booking)


@pytest.mark.parametrize(
    ("header", "value", "problem"),
    [
        ("List-Unsubscribe-Post", None, "not one-click"),
        ("List-Unsubscribe", f"<{BASE_URL}/account>", "is not its own link"),
        ("List-Unsubscribe", None, "is not its own link"),
    ],
)
def test_the_check_on_every_email_catches_a_reminder_without_its_one_click_unsubscribe(
    app, header, value, problem
):
    course, booking = a_course_booked()
    remind(app, course, 1)
    mime = build_mime(the_reminder(), SENDER, BASE_URL)
    del mime[header]
    if value:
        mime[header] = value
    with pytest.raises(EmailProblem, match=problem):
        check_email(bytes(mime), template="booking_reminder", sender=SENDER, base_url=BASE_URL)


def test_the_check_on_every_email_catches_a_mailto_unsubscribe_to_anyone_but_the_team_inbox(app, agency):
    agency.team_inbox = "adoption.team@agency.example"
    course, booking = a_course_booked()
    remind(app, course, 1)
    mime = build_mime(the_reminder(), SENDER, BASE_URL)
    own = mime["List-Unsubscribe"].split(",")[0]
    del mime["List-Unsubscribe"]
    mime["List-Unsubscribe"] = f"{own}, <mailto:someone@elsewhere.example>"
    with pytest.raises(EmailProblem, match="not to the team inbox"):
        check_email(bytes(mime), template="booking_reminder", sender=SENDER, base_url=BASE_URL)


def test_staff_turn_off_the_reminders_of_someone_who_asked_the_team(app, client, sign_in_as):
    advisor = sign_in_as(Role.ADVISOR)
    course, booking = a_course_booked()
    other, _ = a_course_booked(email="bo@example.com", full_name="Bo")
    with time_machine.travel(COURSE_STARTS - timedelta(days=5), tick=False):
        sign_in(client, advisor)
        page = get_page(client, f"/staff/events/{course.id}/register")
        buttons = page.select("main button")
        [button] = [b for b in buttons if b.get_text(" ", strip=True) == "Turn off reminders for Ann Parent"]
        response = client.post(button.find_parent("form")["action"])
        assert response.headers["Location"] == f"/staff/events/{course.id}/register"
        assert "Reminders turned off for Ann Parent" in get_page(client, response.headers["Location"]).text
        assert reminders_off(booking)
        # A booking is changed only through its own event.
        assert client.post(f"/staff/events/{other.id}/bookings/{booking.id}/reminders/on").status_code == 404
    assert reminders_off(booking)
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "booking.reminders_turned_off"))
    assert audit.actor_id == advisor.id


def test_people_who_are_not_staff_cannot_turn_off_a_bookers_reminders_from_the_register(
    app, client, sign_in_as
):
    sign_in_as(Role.FAMILY)
    course, booking = a_course_booked()
    assert client.post(f"/staff/events/{course.id}/bookings/{booking.id}/reminders/off").status_code == 403
    assert not reminders_off(booking)
