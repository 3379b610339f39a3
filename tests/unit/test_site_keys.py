"""Keys derived from the secret key stay those already stored tokens and hashes
were made with, so booking links, survey links, authenticator secrets and
sign-in counts keep working after an upgrade."""

import hashlib
import hmac

import pytest

from portal.services import site
from portal.services.site import Purpose, Site

SECRET = "a secret key for the test"


@pytest.fixture(autouse=True)
def a_site(monkeypatch):
    monkeypatch.setattr(site, "_current", lambda: Site(base_url="https://portal.example", secret_key=SECRET))


def made_before(message: bytes) -> bytes:
    return hmac.new(SECRET.encode(), message, hashlib.sha256).digest()


def test_a_booking_link_is_the_one_emailed_before():
    assert site.derive(Purpose.BOOKING_MANAGE, 42) == made_before(b"booking-manage:42")


def test_a_survey_link_is_the_one_emailed_before():
    assert site.derive(Purpose.SURVEY_INVITATION, 7).hex() == made_before(b"survey-invitation:7").hex()


def test_authenticator_secrets_stored_before_still_decrypt():
    assert site.derive(Purpose.SECOND_FACTOR_SECRET) == made_before(b"portal second factor secret")


def test_sign_in_counts_key_the_typed_value_as_before():
    assert site.derive(Purpose.SIGN_IN_COUNT, "jo@example.com") == made_before(b"jo@example.com")
    assert site.derive(Purpose.SIGN_IN_COUNT, "sign-in source 10.0.0.1") == made_before(
        b"sign-in source 10.0.0.1"
    )


def test_no_two_purposes_give_the_same_key_for_one_message():
    keys = {site.derive(purpose, 1) for purpose in Purpose}
    assert len(keys) == len(Purpose)


def test_an_emailed_link_is_built_from_the_public_address():
    assert site.link("/account") == "https://portal.example/account"
    assert site.host() == "portal.example"
