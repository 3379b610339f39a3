"""A small iCalendar (RFC 5545) writer for the calendar file sent with a
booking or a call: one VEVENT per session, times in UTC, lines ended with
CRLF and folded at 75 octets.

Each file is an iTIP message (RFC 5546) from the agency as ORGANIZER to the
person as ATTENDEE: METHOD:REQUEST adds or changes the events, METHOD:CANCEL
takes them out of the calendar. The UID of an event never changes, and its
SEQUENCE rises with every change, so a calendar replaces what it holds
rather than adding a copy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

PRODUCT_ID = "-//Adoption portal//Events//EN"
MAX_LINE_OCTETS = 75
REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0


@dataclass(frozen=True)
class Parties:
    """Who the file is from (the agency) and to (the person it is sent to)."""

    organizer_name: str
    organizer_email: str
    attendee_email: str


def next_sequence(sent_before: int | None) -> int:
    """0 for the first file about an event, then one more for each change."""
    return 0 if sent_before is None else sent_before + 1


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _quoted(name: str) -> str:
    """A parameter value: quoted, with the characters a quoted value cannot hold dropped."""
    return '"' + "".join(c for c in name if c not in '"\r\n') + '"'


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces, each continuation starting
    with a space, without breaking a UTF-8 character."""
    pieces: list[str] = []
    current, size, limit = "", 0, MAX_LINE_OCTETS
    for character in line:
        width = len(character.encode())
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, MAX_LINE_OCTETS - 1
        current += character
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def unfold(text: str) -> str:
    """Undo :func:`fold`: each content line whole again."""
    return text.replace("\r\n ", "")


def build_ics(
    entries: Iterable[CalendarEntry], *, stamp: datetime, parties: Parties, method: str = REQUEST
) -> str:
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"unknown calendar method {method!r}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    for entry in entries:
        starts, ends = _utc(entry.starts_at), _utc(entry.ends_at)
        if ends <= starts:
            raise ValueError("a calendar entry must end after it starts")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{starts}",
            f"DTEND:{ends}",
            f"SUMMARY:{escape_text(entry.summary)}",
            f"SEQUENCE:{entry.sequence}",
            f"STATUS:{'CANCELLED' if method == CANCEL else 'CONFIRMED'}",
            f"ORGANIZER;CN={_quoted(parties.organizer_name)}:mailto:{parties.organizer_email}",
            f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{parties.attendee_email}",
        ]
        if entry.location:
            lines.append(f"LOCATION:{escape_text(entry.location)}")
        if entry.description:
            lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
