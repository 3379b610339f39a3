"""The emails about a booking, each with its manage link (and, for a place,
a calendar file)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from portal.models import Booking, BookingStatus, Event, EventSession
from portal.services import calendar, clock, site
from portal.services.calendar_files import calendar_file
from portal.services.email import queue_email, queue_public_email
from portal.services.events.manage_link import manage_link
from portal.services.events.places import OFFER_HOURS, reminder_to_come
from portal.services.events.reminder_choice import reminders_off_link


class SessionTimes(NamedTuple):
    """A session as a calendar file names it: its id (in the UID) and times."""

    id: int
    starts_at: datetime
    ends_at: datetime


def session_times(sessions: Iterable[EventSession]) -> list[SessionTimes]:
    """Kept apart from the rows, so a session deleted in this transaction can still be cancelled."""
    return [SessionTimes(s.id, s.starts_at, s.ends_at) for s in sessions]


def _calendar(
    booking: Booking, event: Event, sessions: Iterable[SessionTimes], *, method: str, sequence: int
) -> str:
    """These sessions of the event, on UIDs that last the booking's life."""
    domain = site.host()
    location = event.online_url or event.venue or ""
    entries = [
        calendar.CalendarEntry(
            uid=f"booking-{booking.id}-session-{session.id}@{domain}",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=event.title,
            location=location,
            description=f"To cancel or manage your booking: {manage_link(booking)}",
            sequence=sequence,
        )
        for session in sessions
    ]
    return calendar_file(entries, to=booking.contact_email, method=method)


def email_booker(
    booking: Booking,
    template: str,
    *,
    with_calendar: bool = False,
    public_cap: int | None = None,
    calendar_method: str = calendar.REQUEST,
    staff_message: str | None = None,
    taken_out: tuple[Event, Sequence[SessionTimes]] | None = None,
    context: dict[str, Any] | None = None,
    session: EventSession | None = None,
) -> None:
    """``public_cap``: the booking came from someone not signed in, so the
    per-recipient hourly limit of public forms applies. ``with_calendar``
    attaches the booking's calendar file (every session of its event), to add
    or change it (REQUEST) or to take it out of the person's calendar (CANCEL).
    ``taken_out``: sessions (of this event or the one the booking left) that a
    second file, beside the first, takes out of the calendar (CANCEL), if a
    calendar file was ever sent about them. The booking's SEQUENCE goes up
    once per email with a calendar file. ``session``: the session a reminder
    is for."""
    event = booking.event
    sent_before = booking.calendar_sequence is not None
    cancel_ics = None
    if with_calendar or (taken_out and sent_before):
        booking.calendar_sequence = calendar.next_sequence(booking.calendar_sequence)
        seq = booking.calendar_sequence
        if taken_out and taken_out[1] and sent_before:
            cancel_ics = _calendar(booking, *taken_out, method=calendar.CANCEL, sequence=seq)
    # A reminder carries the link that turns the booking's reminders off.
    off_link = reminders_off_link(booking) if session is not None else None
    email: dict[str, Any] = dict(
        template=template,
        to=booking.contact_email,
        context={
            "first_name": booking.name.split(" ", 1)[0],
            "event": event,
            "kind_label": event.kind.label,
            "sessions": event.sessions,
            "link": manage_link(booking),
            "offer_expires_at": booking.offer_expires_at,
            "offer_hours": OFFER_HOURS,
            "calendar_attached": with_calendar,
            "cancel_attached": cancel_ics is not None,
            "reminder_to_come": reminder_to_come(event, clock.now()),
            "reference": booking.reference,
            "staff_message": staff_message,
            "reminder_session": session,
            "reminder_session_number": event.sessions.index(session) + 1 if session is not None else None,
            "reminders_off_link": off_link,
            **(context or {}),
        },
        ics=_calendar(booking, event, session_times(event.sessions), method=calendar_method, sequence=seq)
        if with_calendar
        else None,
        cancel_ics=cancel_ics,
        unsubscribe_link=off_link,
    )
    if public_cap is None:
        queue_email(**email)
    else:
        queue_public_email(per_recipient_per_hour=public_cap, **email)


def email_for_status(booking: Booking, *, public_cap: int | None = None) -> None:
    if booking.status == BookingStatus.BOOKED:
        email_booker(booking, "booking_confirmed", with_calendar=True, public_cap=public_cap)
    elif booking.status == BookingStatus.WAITLISTED:
        email_booker(booking, "booking_waitlisted", public_cap=public_cap)
    elif booking.status == BookingStatus.OFFERED:
        email_booker(booking, "place_offered", public_cap=public_cap)
