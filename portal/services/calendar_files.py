"""The calendar file attached to an email: from the agency, to the person it
is sent to, on the portal's one UID domain."""

from __future__ import annotations

from collections.abc import Iterable

from portal.services import agency, calendar, clock, site


def calendar_file(
    entries: Iterable[calendar.CalendarEntry], *, to: str, method: str = calendar.REQUEST
) -> str:
    """The organizer is the agency at its contact email (an address on the
    portal's own domain until the agency has set one)."""
    settings = agency.settings()
    parties = calendar.Parties(
        organizer_name=settings.name,
        organizer_email=settings.contact_email or f"no-reply@{site.host()}",
        attendee_email=to,
    )
    return calendar.build_ics(entries, stamp=clock.now(), parties=parties, method=method)
