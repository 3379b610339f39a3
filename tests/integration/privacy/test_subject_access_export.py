"""What a subject access export gives away: nothing that still works as a key,
and, as connectors are told, the notes a connector wrote about the family."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

import time_machine
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from portal.extensions import db
from portal.models import Booking, BookingStatus, ConnectorLink, SessionAttendance
from portal.services import clock
from portal.services.calendar import unfold
from tests.integration.privacy.test_data_protection import ADULTS, a_household_with_history, manager_client
from tests.support.emails import emails_to
from tests.support.factories import BookingFactory, EventFactory
from tests.support.pages import get_page
from tests.support.signing_in import sign_in

PORTAL_URL = re.compile(r"http://portal\.test/[^\s\"\\]+")


def links_that_take_a_token(app, text: str) -> list[str]:
    """The paths of every portal link in the text that opens a page by a token alone."""
    urls = app.url_map.bind("portal.test")
    paths = []
    for url in PORTAL_URL.findall(text):
        path = urlsplit(url).path
        try:
            _, arguments = urls.match(path)
        except (HTTPException, RequestRedirect):
            continue
        if "token" in arguments:
            paths.append(path)
    return paths


def exported_files(app, household) -> dict[str, str]:
    response = manager_client(app).post(f"/staff/households/{household.id}/subject-access")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_whoever_holds_a_subject_access_export_finds_no_link_or_token_that_still_works(app, client):
    household = a_household_with_history()
    adult_email = ADULTS[0][1]
    client.post("/forgot-password", data={"email": adult_email})
    event = EventFactory()
    client.post(f"/events/{event.id}", data={"full_name": ADULTS[0][0], "email": adult_email})
    sent = " ".join(f"{message.body} {unfold(message.ics or '')}" for message in emails_to(adult_email))
    live = links_that_take_a_token(app, sent)
    assert {path.split("/")[1] for path in live} >= {"reset-password", "bookings"}
    assert all(client.get(path).status_code == 200 for path in live), "the emailed links work"

    files = exported_files(app, household)
    everything = "".join(files.values())
    for path in live:
        assert path.rsplit("/", 1)[1] not in everything, path
    for path in links_that_take_a_token(app, everything):
        assert client.get(path).status_code != 200, path
    assert "/reset-password/<token>" in json.loads(files["emails.json"])[-2]["body"]
    for name, text in files.items():
        if name.endswith(".json"):
            records = json.loads(text)
            for record in records if isinstance(records, list) else [records]:
                assert not [key for key in record if key.endswith("_hash") or "token" in key], name


def test_a_connector_is_told_plainly_that_the_familys_copy_of_their_data_includes_the_contact_notes(
    app, client
):
    household = a_household_with_history()
    link = db.session.scalar(select(ConnectorLink).where(ConnectorLink.household_id == household.id))
    sign_in(client, link.connector)
    hint = get_page(client, f"/connector/links/{link.id}").select_one("#contact-note-hint").text
    assert "If the family asks for a copy of the information we hold about them, this note is" in hint
    files = exported_files(app, household)
    assert json.loads(files["connector_contacts.json"])[0]["note"] == "Chatted about bedtime routines"
    readme = files["README.txt"]
    assert "The notes a peer connector wrote about their contacts with the household are" in readme


def test_an_export_holds_each_session_a_person_was_marked_at_and_no_working_reminders_link(app, client):
    household = a_household_with_history()
    adult = household.adults[0]
    course = EventFactory(
        title="Life story workshop", session_count=2, starts_at=clock.now() + timedelta(days=10)
    )
    booking = BookingFactory(event=course, user=adult, status=BookingStatus.ATTENDED)
    db.session.add(
        SessionAttendance(
            booking_id=booking.id, session_id=course.sessions[0].id, attended=True, marked_at=clock.now()
        )
    )
    db.session.commit()
    with time_machine.travel(course.sessions[1].starts_at - timedelta(days=1), tick=False):
        assert "1 reminders queued" in app.test_cli_runner().invoke(args=["send-reminders"]).output
    [reminder] = [m for m in emails_to(adult.email) if m.template == "booking_reminder"]
    [reminders_off] = [
        path for path in links_that_take_a_token(app, reminder.body) if "reminders-off" in path
    ]

    files = exported_files(app, household)
    [mark] = json.loads(files["session_attendance.json"])
    assert (mark["event"], mark["attended"], mark["booking_id"]) == ("Life story workshop", True, booking.id)
    everything = "".join(files.values())
    assert reminders_off.rsplit("/", 1)[1] not in everything
    assert "/reminders-off/<token>" in everything
    assert "You attended this session" in everything
    assert db.session.get(Booking, booking.id).reminders_off is False
