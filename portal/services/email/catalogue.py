"""Every email the portal sends: its fixed subject (so no subject can carry
personal or special category data), its body template, and the greeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REDACTED_BODY = "[redacted after sending]"


@dataclass(frozen=True)
class EmailTemplate:
    subject: str
    body_template: str
    # The body carries something that must not be kept once sent (an
    # anonymous survey's link): the sender blanks it after delivery.
    redact_after_send: bool = False
    # Its closing lines on how to answer may name the household's social worker.
    names_the_social_worker: bool = True
    # An optional email: the page (a path on the site) where the person turns
    # it off, given to mail clients as List-Unsubscribe.
    turned_off_at: str | None = None
    # An optional email each carrying its own link that turns it off in one
    # click (RFC 8058), given by the caller as ``unsubscribe_link``.
    turned_off_by_own_link: bool = False


EMAILS: dict[str, EmailTemplate] = {
    "invitation": EmailTemplate("Set up your account for the adoption portal", "emails/invitation.txt"),
    "information_pack": EmailTemplate("Your adoption information pack", "emails/information_pack.txt"),
    "status_update": EmailTemplate("There is an update on your adoption journey", "emails/status_update.txt"),
    "catch_up_reminder": EmailTemplate(
        "Your catch-up call is coming up", "emails/catch_up_reminder.txt", turned_off_at="/catch-up-calls"
    ),
    "support_call_requested": EmailTemplate(
        "We have your request for a support call", "emails/support_call_requested.txt"
    ),
    "support_call_scheduled": EmailTemplate(
        "Your support call is booked", "emails/support_call_scheduled.txt"
    ),
    "support_call_rescheduled": EmailTemplate(
        "Your support call has moved", "emails/support_call_scheduled.txt"
    ),
    "support_call_cancelled": EmailTemplate(
        "Your support call is cancelled", "emails/support_call_cancelled.txt"
    ),
    "support_call_not_reached": EmailTemplate(
        "We could not reach you for your support call", "emails/support_call_not_reached.txt"
    ),
    "stage_changed": EmailTemplate("News about your adoption journey", "emails/stage_changed.txt"),
    "connector_link_proposed": EmailTemplate(
        "A family has been suggested for you to support", "emails/connector_link_proposed.txt"
    ),
    "connector_link_started": EmailTemplate("You have a peer connector", "emails/connector_link_started.txt"),
    "connector_safeguarding_concern": EmailTemplate(
        "Urgent: a peer connector has raised a safeguarding concern",
        "emails/connector_safeguarding_concern.txt",
    ),
    "new_message": EmailTemplate(
        "You have a new message", "emails/new_message.txt", names_the_social_worker=False
    ),
    "sender_check": EmailTemplate("Test email from the adoption portal", "emails/sender_check.txt"),
    "password_reset": EmailTemplate("Reset your adoption portal password", "emails/password_reset.txt"),
    "sign_in_attempts": EmailTemplate("Sign-in attempts on your account", "emails/sign_in_attempts.txt"),
    "booking_confirmed": EmailTemplate("Your place is booked", "emails/booking_confirmed.txt"),
    "booking_waitlisted": EmailTemplate("You are on the waiting list", "emails/booking_waitlisted.txt"),
    "place_offered": EmailTemplate("A place has come up for you", "emails/place_offered.txt"),
    "waiting_list_left": EmailTemplate("You have left the waiting list", "emails/waiting_list_left.txt"),
    "event_cancelled": EmailTemplate("An event you booked is cancelled", "emails/event_cancelled.txt"),
    "booking_date_changed": EmailTemplate("Your booking has a new date", "emails/booking_date_changed.txt"),
    "booking_changed": EmailTemplate("An event you booked has new times", "emails/booking_changed.txt"),
    "booking_cancelled": EmailTemplate("Your booking is cancelled", "emails/booking_cancelled.txt"),
    "booking_reminder": EmailTemplate(
        "Reminder: your booking is coming up", "emails/booking_reminder.txt", turned_off_by_own_link=True
    ),
    "survey_invitation": EmailTemplate(
        "A short anonymous survey from the adoption team",
        "emails/survey_invitation.txt",
        redact_after_send=True,
    ),
    "survey_reminder": EmailTemplate(
        "Reminder: a short anonymous survey from the adoption team",
        "emails/survey_reminder.txt",
        redact_after_send=True,
    ),
}


# A name that could be read as a link or an address: a scheme, "www.", an
# email address, a path, or a dot followed by letters as in "evil.example".
LOOKS_LIKE_A_LINK = re.compile(r"://|www\.|@|/|\\|\w\.[a-z]{2,}", re.IGNORECASE)


def greeting(first_name: str | None) -> str:
    """ "Dear Jo," or, without a name to use, "Hello,". A name typed on a
    public form is not checked, and one that looks like a link must never
    reach an email as if the agency had written it."""
    if not first_name or LOOKS_LIKE_A_LINK.search(first_name):
        return "Hello,"
    return f"Dear {first_name},"
