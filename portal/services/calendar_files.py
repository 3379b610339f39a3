"""The calendar file attached to an email: from the agency, to the person it
is sent to, on the portal's one UID domain."""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr

from portal.services import agency, calendar, clock


def calendar_file(
    entries: Iterable[calendar.CalendarEntry], *, to: str, sender: str, method: str = calendar.REQUEST
) -> str:
    """``sender`` is the EMAIL_FROM address, the organizer's address when the
    agency has set no contact email of its own."""
    settings = agency.settings()
    parties = calendar.Parties(
        organizer_name=settings.name,
        organizer_email=settings.contact_email or parseaddr(sender)[1],
        attendee_email=to,
    )
    return calendar.build_ics(entries, stamp=clock.now(), parties=parties, method=method)
