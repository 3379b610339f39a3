"""An email as the family's mail client receives it."""

from __future__ import annotations

import email
from datetime import date
from email import policy
from email.utils import parsedate_to_datetime

import pytest

from portal.extensions import db
from portal.services.email import build_mime, queue_email
from tests.support.email_checks import EmailProblem, check_email

SENDER = "North Adoption <no-reply@north-adoption.example>"
BASE_URL = "https://portal.north-adoption.example"


def _sent(message) -> email.message.EmailMessage:
    return email.message_from_bytes(bytes(build_mime(message, SENDER, BASE_URL)), policy=policy.default)


def _reset_email(**extra):
    message = queue_email(
        template="password_reset",
        to="sam@example.com",
        context={"first_name": "Sam", "link": f"{BASE_URL}/reset-password/abc", "hours": 2},
        **extra,
    )
    db.session.flush()
    return message


def test_an_email_is_dated_and_keeps_one_message_id_on_the_sending_domain_across_retries(app):
    message = _reset_email()
    first, retry = _sent(message), _sent(message)
    assert parsedate_to_datetime(first["Date"]) == message.created_at.replace(microsecond=0)
    assert first["Message-ID"] == retry["Message-ID"] == f"<outbox-{message.id}@north-adoption.example>"


def test_an_email_has_a_plain_text_part_and_an_html_part_with_the_same_words_and_links(app):
    parsed = _sent(_reset_email())
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert "Dear Sam," in text and "Dear Sam," in html
    assert f'<a href="{BASE_URL}/reset-password/abc"' in html
    assert "North Adoption" in html  # the banner names the sender, as GOV.UK Notify's emails do


def test_text_in_the_html_part_is_escaped_so_no_name_can_add_markup(app):
    message = queue_email(
        template="password_reset",
        to="sam@example.com",
        context={"first_name": "Sam <b>&", "link": f"{BASE_URL}/reset", "hours": 2},
    )
    db.session.flush()
    html = _sent(message).get_body(preferencelist=("html",)).get_content()
    assert "<b>&" not in html and "Sam &lt;b&gt;&amp;" in html


def test_an_optional_email_tells_mail_clients_where_to_turn_it_off(app):
    message = queue_email(
        template="catch_up_reminder",
        to="sam@example.com",
        context={
            "first_name": "Sam",
            "due_on": date(2027, 1, 4),
            "manage_link": f"{BASE_URL}/catch-up-calls",
        },
    )
    db.session.flush()
    assert _sent(message)["List-Unsubscribe"] == f"<{BASE_URL}/catch-up-calls>"
    assert _sent(_reset_email())["List-Unsubscribe"] is None


def test_a_calendar_file_carries_its_method_and_charset_for_the_mail_client(app):
    ics = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n"
    parsed = _sent(_reset_email(ics=ics))
    [calendar] = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "CANCEL"
    assert calendar.get_content_charset() == "utf-8"
    assert parsed.get_body(preferencelist=("plain",)) is not None


@pytest.mark.parametrize(
    ("header", "value", "problem"),
    [
        ("Date", None, "has no Date"),
        ("Message-ID", "<outbox-1@localhost>", "not on north-adoption.example"),
        ("List-Unsubscribe", f"<{BASE_URL}/anything>", "is not optional"),
    ],
)
def test_the_check_on_every_email_catches_what_a_mail_client_would_mind(app, header, value, problem):
    mime = build_mime(_reset_email(), SENDER, BASE_URL)
    del mime[header]
    if value:
        mime[header] = value
    with pytest.raises(EmailProblem, match=problem):
        check_email(bytes(mime), template="password_reset", sender=SENDER, base_url=BASE_URL)


def test_an_unsubscribe_link_of_its_own_is_given_exactly_for_the_emails_turned_off_by_one(app):
    with pytest.raises(ValueError, match="has no unsubscribe link of its own"):
        _reset_email(unsubscribe_link=f"{BASE_URL}/reminders-off/abc")
    with pytest.raises(ValueError, match="needs unsubscribe link of its own"):
        queue_email(template="booking_reminder", to="sam@example.com", context={})
