"""Every page that sends people on to a path they were given (after signing
in, after a form) keeps them on this site, whatever the path says."""

from portal.models import Audience, Role
from tests.support.authenticator import next_code
from tests.support.factories import PASSWORD, BookingFactory, EventFactory, TriageItemFactory, UserFactory
from tests.support.pages import parse

# A second slash, a backslash (browsers read \ as /), a tab typed or
# percent-encoded (browsers drop it, leaving //), a scheme with no slashes.
HOSTILE = [
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "https:evil.example",
]


def password_step(client, user, target):
    return client.post(
        "/sign-in", query_string={"next": target}, data={"email": user.email, "password": PASSWORD}
    )


def test_a_family_signing_in_with_a_hostile_next_path_lands_on_their_own_page(app):
    family = UserFactory(role=Role.FAMILY)
    landed = {
        target: password_step(app.test_client(), family, target).headers["Location"] for target in HOSTILE
    }
    assert landed == dict.fromkeys(HOSTILE, "/account")


def test_staff_entering_their_code_after_a_hostile_next_path_land_on_the_queue(app):
    advisor = UserFactory(role=Role.ADVISOR)
    landed = {}
    for target in HOSTILE:
        client = app.test_client()
        assert password_step(client, advisor, target).headers["Location"] == "/sign-in/code"
        landed[target] = client.post("/sign-in/code", data={"code": next_code(advisor)}).headers["Location"]
    assert landed == dict.fromkeys(HOSTILE, "/staff/queue")


def test_the_continue_link_after_backup_codes_ignores_a_hostile_next_path(app):
    continue_to = {}
    for target in HOSTILE:
        person = UserFactory(role=Role.CONNECTOR, totp_secret_encrypted=None, totp_confirmed_at=None)
        client = app.test_client()
        assert password_step(client, person, target).headers["Location"] == "/sign-in/set-up-authenticator"
        page = parse(client.post("/sign-in/set-up-authenticator", data={"code": next_code(person)}))
        assert page.h1.text.strip() == "Your backup codes"
        continue_to[target] = page.select_one("a.govuk-button")["href"]
    assert continue_to == dict.fromkeys(HOSTILE, "/connector")


def test_cancelling_a_booking_with_a_hostile_next_path_goes_back_to_the_events(client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    event = EventFactory(audience=Audience.FAMILIES)
    landed = {}
    for target in HOSTILE:
        booking = BookingFactory(event=event, user=family)
        response = client.post(f"/account/bookings/{booking.id}/cancel", data={"next": target})
        landed[target] = response.headers["Location"]
    assert landed == dict.fromkeys(HOSTILE, "/events")


def test_changing_a_bookings_date_with_a_hostile_next_path_goes_back_to_the_events(client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    dates = [EventFactory(audience=Audience.FAMILIES) for _ in HOSTILE]
    booking = BookingFactory(event=EventFactory(audience=Audience.FAMILIES), user=family)
    landed = {}
    for target, date in zip(HOSTILE, dates, strict=True):
        path = f"/account/bookings/{booking.id}/change-date"
        response = client.post(path, query_string={"next": target}, data={"event_id": str(date.id)})
        landed[target] = response.headers["Location"]
    assert landed == dict.fromkeys(HOSTILE, "/events")


def test_assigning_from_the_queue_with_a_hostile_return_path_goes_back_to_the_queue(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    item = TriageItemFactory()
    landed = {}
    for target in HOSTILE:
        response = client.post(
            "/staff/queue/assign",
            data={"item": str(item.id), "to_me": "Assign to me", "return_to": target},
        )
        landed[target] = response.headers["Location"]
    assert landed == dict.fromkeys(HOSTILE, "/staff/queue")
